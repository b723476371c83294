//! An application typed in the form, given as a one-application file set of format v1
//! (`demandes.csv`, `membres.csv`, in memory), so that it goes through exactly the import's
//! checks: values, household, references against the store, all or nothing.

use crate::typed_files::file_of;
use logis_domain::{Demande, Membre, NumeroUnique};
use logis_exchange::{FileKind, MembreRow, Record};
use std::collections::BTreeMap;

/// The columns of `demandes.csv` the form edits; the others keep their stored value.
pub const EDITED: &[&str] = &[
    "date_depot",
    "date_renouvellement",
    "statut",
    "date_radiation",
    "motif_radiation",
    "commune_residence",
    "situation_logement",
    "bailleur_actuel",
    "ressources_mensuelles",
    "revenu_fiscal_reference",
    "motifs",
    "typologies_souhaitees",
    "communes_souhaitees",
    "pmr",
    "dalo",
    "date_dalo",
    "salarie_prive",
    "agent_public",
    "guichet",
    "nom",
    "prenom",
    "email",
    "telephone",
    "adresse",
];

/// Member lines the form offers.
pub const MEMBER_LINES: usize = 8;

/// A member as typed: link code and birth date (any accepted form).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypedMember {
    pub lien: String,
    pub naissance: String,
}

/// The cells of `demandes.csv` for an application: its stored cells (or empty ones), with the
/// form's values in the edited columns.
pub fn application_cells(
    numero: &str,
    stored: Option<&Demande>,
    typed: &BTreeMap<String, String>,
) -> Vec<String> {
    let columns = FileKind::Demandes.columns();
    let mut cells = stored.map_or_else(|| vec![String::new(); columns.len()], Record::cells);
    for (i, column) in columns.iter().enumerate() {
        if column.name == "numero_unique" {
            cells[i] = numero.to_owned();
        } else if EDITED.contains(&column.name) {
            cells[i] = typed.get(column.name).cloned().unwrap_or_default();
        }
    }
    cells
}

/// The file set: the application and its household (members numbered in the order typed,
/// empty lines left out).
pub fn files(numero: &str, cells: &[String], members: &[TypedMember]) -> Vec<(FileKind, Vec<u8>)> {
    let application = file_of(FileKind::Demandes, &[cells.to_vec()]);
    let typed =
        members.iter().filter(|m| !m.lien.trim().is_empty() || !m.naissance.trim().is_empty());
    let rows: Vec<Vec<String>> = typed
        .enumerate()
        .map(|(rang, m)| {
            vec![
                numero.to_owned(),
                (rang + 1).to_string(),
                m.lien.trim().to_owned(),
                m.naissance.trim().to_owned(),
            ]
        })
        .collect();
    vec![application, file_of(FileKind::Membres, &rows)]
}

/// The stored household as typed members (for the update form).
pub fn typed_members(members: &[Membre]) -> Vec<TypedMember> {
    members
        .iter()
        .map(|m| {
            let cells = MembreRow {
                numero_unique: NumeroUnique::parse("x").expect("a text id"),
                membre: m.clone(),
            }
            .cells();
            TypedMember { lien: cells[2].clone(), naissance: cells[3].clone() }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_replaces_only_the_edited_columns() {
        let stored = logis_domain::fixtures::demande(
            "0820000000001G0001",
            time::macros::date!(2024 - 01 - 15),
        );
        let mut typed = BTreeMap::new();
        typed.insert("nom".to_owned(), "Nouveau".to_owned());
        let cells = application_cells("0820000000001G0001", Some(&stored), &typed);
        let columns = FileKind::Demandes.columns();
        let at = |name: &str| {
            cells[columns.iter().position(|c| c.name == name).expect("column")].clone()
        };
        assert_eq!(at("nom"), "Nouveau");
        assert_eq!(
            at("criteres_prioritaires"),
            stored.cells()
                [columns.iter().position(|c| c.name == "criteres_prioritaires").expect("column")]
        );
        assert_eq!(at("prenom"), "", "an edited column left empty is emptied");
        assert_eq!(at("numero_unique"), "0820000000001G0001");
    }
}
