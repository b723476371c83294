//! The tables of the store and their columns, in one place: both backends' SQL for bulk
//! upserts and exports is generated from this list, and the migrations create these columns.

/// A column's storage type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Text,
    /// A 64-bit integer (amounts in hundredths, years, ranks).
    Int,
    Bool,
    Date,
    /// Raw bytes (`BLOB` on SQLite, `BYTEA` on PostgreSQL): an applicant's document.
    Bytes,
}

use ColumnType::{Bool, Date, Int, Text};

/// The folded names of an application (`cle_nom`, `cle_prenom`, `cle_nom_fin`), the last of its
/// stored columns: derived from its names, never exported.
const DERIVED_NAME_KEYS: usize = 3;

/// The tables written by an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    Organismes,
    Seuils,
    Demandes,
    Membres,
    Logements,
    Attributions,
    /// Registered cotation grids.
    Grilles,
    /// The current score of every active application, with its position.
    Scores,
    /// Every score an application has had.
    ScoresHistorique,
    /// Groups of comparable applications: distribution of scores, observed waiting time.
    GroupesComparables,
    /// The candidates' index: one row per scored application and desired commune, in the
    /// order a vacant dwelling's candidates are ranked (written with the scores).
    Candidatures,
    /// The landlords' conventions with reservation holders (gestion en flux); the commune is
    /// `''` for a convention on all the landlord's dwellings, so that the key stays unique.
    Conventions,
    /// The bilan's projection of the applications, written by a whole load as it reads them
    /// (`bilan::projected`); otherwise derived by SQL (`bilan::projection`).
    DemandesBilan,
}

/// What a reference of an imported row may point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyKind {
    Demande,
    Organisme,
    Logement,
}

impl KeyKind {
    pub fn table(self) -> Table {
        match self {
            KeyKind::Demande => Table::Demandes,
            KeyKind::Organisme => Table::Organismes,
            KeyKind::Logement => Table::Logements,
        }
    }
}

impl Table {
    pub const ALL: [Table; 13] = [
        Table::Organismes,
        Table::Seuils,
        Table::Demandes,
        Table::Membres,
        Table::Logements,
        Table::Attributions,
        Table::Conventions,
        Table::Grilles,
        Table::Scores,
        Table::ScoresHistorique,
        Table::GroupesComparables,
        Table::Candidatures,
        Table::DemandesBilan,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Table::Organismes => "organismes",
            Table::Seuils => "seuils",
            Table::Demandes => "demandes",
            Table::Membres => "membres",
            Table::Logements => "logements",
            Table::Attributions => "attributions",
            Table::Grilles => "grilles",
            Table::Scores => "scores",
            Table::ScoresHistorique => "scores_historique",
            Table::GroupesComparables => "groupes_comparables",
            Table::Candidatures => "candidatures",
            Table::Conventions => "conventions",
            Table::DemandesBilan => "demandes_bilan",
        }
    }

    pub fn columns(self) -> &'static [(&'static str, ColumnType)] {
        match self {
            Table::Organismes => {
                &[("organisme_id", Text), ("nom", Text), ("type", Text), ("commune", Text)]
            }
            Table::Seuils => &[("annee", Int), ("q1", Int), ("q2", Int), ("q3", Int)],
            Table::Demandes => &[
                ("numero_unique", Text),
                ("date_depot", Date),
                ("date_renouvellement", Date),
                ("statut", Text),
                ("date_radiation", Date),
                ("motif_radiation", Text),
                ("commune_residence", Text),
                ("situation_logement", Text),
                ("bailleur_actuel", Text),
                ("ressources_mensuelles", Int),
                ("revenu_fiscal_reference", Int),
                ("motifs", Text),
                ("typologies_souhaitees", Text),
                ("communes_souhaitees", Text),
                ("pmr", Bool),
                ("criteres_prioritaires", Text),
                ("dalo", Bool),
                ("date_dalo", Date),
                ("salarie_prive", Bool),
                ("agent_public", Bool),
                ("guichet", Text),
                ("nom", Text),
                ("prenom", Text),
                ("email", Text),
                ("telephone", Text),
                ("adresse", Text),
                ("loyer_actuel", Int),
                ("refus_offres_adaptees", Int),
                ("pieces_verifiees", Text),
                // The folded names the search reads, written with the name (codec).
                ("cle_nom", Text),
                ("cle_prenom", Text),
                ("cle_nom_fin", Text),
            ],
            Table::Membres => {
                &[("numero_unique", Text), ("rang", Int), ("lien", Text), ("date_naissance", Date)]
            }
            Table::Logements => &[
                ("logement_id", Text),
                ("bailleur", Text),
                ("commune", Text),
                ("adresse", Text),
                ("qpv", Text),
                ("typologie", Text),
                ("surface", Int),
                ("loyer", Int),
                ("charges", Int),
                ("financement", Text),
                ("etage", Int),
                ("ascenseur", Bool),
                ("pmr", Bool),
                ("reservataire", Text),
                ("annee_construction", Int),
            ],
            Table::Attributions => &[
                ("numero_unique", Text),
                ("logement_id", Text),
                ("bailleur", Text),
                ("commune", Text),
                ("qpv", Text),
                ("typologie", Text),
                ("reservataire", Text),
                ("date_cal", Date),
                ("date_bail", Date),
                ("relogement_anru", Bool),
                ("motif_ecart", Text),
            ],
            Table::Grilles => &[
                ("en_vigueur", Date),
                ("nom", Text),
                ("empreinte", Text),
                ("texte", Text),
                ("enregistree_le", Date),
            ],
            Table::Scores => &[
                ("numero_unique", Text),
                ("calcule_le", Date),
                ("grille_en_vigueur", Date),
                ("grille_empreinte", Text),
                ("score", Int),
                ("provisoire", Bool),
                ("detail", Text),
                ("commune", Text),
                ("typologie", Text),
                ("rang", Int),
                ("comparables", Int),
            ],
            Table::ScoresHistorique => &[
                ("numero_unique", Text),
                ("calcul", Int),
                ("depuis", Date),
                ("grille_en_vigueur", Date),
                ("grille_empreinte", Text),
                ("score", Int),
                ("provisoire", Bool),
                ("detail", Text),
            ],
            Table::GroupesComparables => &[
                ("commune", Text),
                ("typologie", Text),
                ("effectif", Int),
                ("score_q1", Int),
                ("score_mediane", Int),
                ("score_q3", Int),
                ("attente_mois_dixiemes", Int),
                ("attente_niveau", Text),
                ("attente_attributions", Int),
            ],
            Table::Candidatures => &[
                ("commune", Text),
                ("score_inverse", Int),
                ("date_depot", Date),
                ("numero_unique", Text),
                ("personnes", Int),
            ],
            Table::Conventions => &[
                ("bailleur", Text),
                ("reservataire", Text),
                ("annee", Int),
                ("commune", Text),
                ("part", Int),
                ("date_signature", Date),
            ],
            Table::DemandesBilan => &[
                ("numero_unique", Text),
                ("date_depot", Date),
                ("statut", Text),
                ("date_radiation", Date),
                ("profil", Int),
                ("prioritaire", Int),
                ("commune", Text),
                ("ressources", Int),
                ("naissance_titulaire", Int),
                ("uc_base", Int),
                ("naissances_autres", Text),
            ],
        }
    }

    /// The columns of the key, a prefix of [`columns`](Self::columns).
    pub fn key(self) -> &'static [&'static str] {
        match self {
            Table::Organismes => &["organisme_id"],
            Table::Seuils => &["annee"],
            Table::Demandes => &["numero_unique"],
            Table::Membres => &["numero_unique", "rang"],
            Table::Logements => &["logement_id"],
            Table::Attributions => &["numero_unique"],
            Table::Grilles => &["en_vigueur"],
            Table::Scores => &["numero_unique"],
            Table::ScoresHistorique => &["numero_unique", "calcul"],
            Table::GroupesComparables => &["commune", "typologie"],
            // The whole row: its unique index is the candidates' order (the score negated so
            // that one ascending index reads the highest score, then the oldest filing first)
            // and holds the household's size, so a dwelling's candidates are read from it alone.
            Table::Candidatures => {
                &["commune", "score_inverse", "date_depot", "numero_unique", "personnes"]
            }
            Table::Conventions => &["bailleur", "reservataire", "annee", "commune"],
            Table::DemandesBilan => &["numero_unique"],
        }
    }

    /// The stored columns an export reads: all but those derived from the others (the
    /// applications' folded names, last of their columns), so a prefix of [`Table::columns`].
    pub fn exported_columns(self) -> &'static [(&'static str, ColumnType)] {
        let columns = self.columns();
        match self {
            Table::Demandes => &columns[..columns.len() - DERIVED_NAME_KEYS],
            _ => columns,
        }
    }

    /// Comma-separated column names.
    pub fn column_list(self) -> String {
        listed(self.columns())
    }

    /// Comma-separated names of the [`Table::exported_columns`].
    pub fn exported_column_list(self) -> String {
        listed(self.exported_columns())
    }

    /// `INSERT … VALUES (…), (…) ON CONFLICT (key) DO UPDATE SET …` for `rows` rows: the
    /// dialect SQLite and PostgreSQL share.
    pub fn upsert_sql(self, rows: usize, style: Placeholder) -> String {
        self.insert_sql(rows, style) + &self.on_conflict()
    }

    /// ` ON CONFLICT (key) DO UPDATE SET c = excluded.c, …` (or `DO NOTHING` for a table that
    /// is all key).
    pub fn on_conflict(self) -> String {
        let key = self.key();
        let updates: Vec<String> = self
            .columns()
            .iter()
            .filter(|(name, _)| !key.contains(name))
            .map(|(name, _)| format!("{name} = excluded.{name}"))
            .collect();
        if updates.is_empty() {
            format!(" ON CONFLICT ({}) DO NOTHING", key.join(", "))
        } else {
            format!(" ON CONFLICT ({}) DO UPDATE SET {}", key.join(", "), updates.join(", "))
        }
    }

    /// [`Table::on_conflict`] for rows that may come back unchanged (a re-import): the stored
    /// row is updated only when one of its values differs (`… WHERE (t.c, …) IS DISTINCT FROM
    /// (excluded.c, …)`), so that an equal row is neither written nor counted. `distinct` is
    /// the dialect's null-safe inequality (`IS NOT` in SQLite, `IS DISTINCT FROM` in
    /// PostgreSQL).
    pub fn on_conflict_if_changed(self, distinct: &str) -> String {
        let key = self.key();
        let others: Vec<&str> =
            self.columns().iter().map(|(name, _)| *name).filter(|n| !key.contains(n)).collect();
        if others.is_empty() {
            return self.on_conflict();
        }
        let name = self.name();
        let stored: Vec<String> = others.iter().map(|c| format!("{name}.{c}")).collect();
        let incoming: Vec<String> = others.iter().map(|c| format!("excluded.{c}")).collect();
        format!(
            "{} WHERE ({}) {distinct} ({})",
            self.on_conflict(),
            stored.join(", "),
            incoming.join(", ")
        )
    }

    /// `INSERT … VALUES (…), (…)` without conflict handling, for a table being bulk-loaded
    /// (empty before the import, keys checked unique by the import).
    pub fn insert_sql(self, rows: usize, style: Placeholder) -> String {
        format!(
            "INSERT INTO {} ({}) VALUES {}",
            self.name(),
            self.column_list(),
            placeholders(rows, self.columns().len(), style)
        )
    }

    /// The name of the unique index (SQLite) or constraint (PostgreSQL) on the key.
    pub fn key_index(self) -> String {
        format!("{}_key", self.name())
    }

    /// `SELECT columns FROM table WHERE k1 = $1 … ORDER BY key` for the first `n` key columns.
    /// The keys among `n` given (`$1`…`$n`) that the table holds: its first key column.
    pub fn known_keys_sql(self, n: usize) -> String {
        let key = self.key()[0];
        let given: Vec<String> = (1..=n).map(|i| format!("${i}")).collect();
        format!("SELECT {key} FROM {} WHERE {key} IN ({})", self.name(), given.join(", "))
    }

    pub fn lookup_sql(self, n: usize) -> String {
        let filter: Vec<String> =
            self.key()[..n].iter().enumerate().map(|(i, k)| format!("{k} = ${}", i + 1)).collect();
        format!(
            "SELECT {} FROM {} WHERE {} ORDER BY {}",
            self.column_list(),
            self.name(),
            filter.join(" AND "),
            self.key().join(", ")
        )
    }

    /// The applications active at some date from `$1` to `$2`, each with its household
    /// aggregated in a last column (`rang lien date|…`), contact details left out (NULL), in
    /// the order the table is read: `demandes` names the table as `d`, as each backend scans it
    /// fastest. No order is asked for: sorting four million whole rows took two thirds of a
    /// national cotation, and the readers that need one sort what they keep.
    pub fn households_sql(demandes: &str) -> String {
        const PERSONAL: [&str; 6] = ["guichet", "nom", "prenom", "email", "telephone", "adresse"];
        let columns: Vec<String> = Table::Demandes
            .columns()
            .iter()
            .map(
                |(c, _)| {
                    if PERSONAL.contains(c) { format!("NULL AS {c}") } else { format!("d.{c}") }
                },
            )
            .collect();
        format!(
            "SELECT {}, (SELECT string_agg(CAST(m.rang AS TEXT) || ' ' || m.lien || ' ' || \
             CAST(m.date_naissance AS TEXT), '|') FROM membres m \
             WHERE m.numero_unique = d.numero_unique) AS menage \
             FROM {demandes} \
             WHERE d.date_depot <= $2 AND (d.date_radiation IS NULL OR d.date_radiation > $1)",
            columns.join(", ")
        )
    }

    /// `SELECT columns FROM table ORDER BY key`.
    pub fn export_sql(self) -> String {
        format!(
            "SELECT {} FROM {} ORDER BY {}",
            self.column_list(),
            self.name(),
            self.key().join(", ")
        )
    }
}

/// How parameters are written in SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    /// `$1, $2…`: PostgreSQL's form (SQLite accepts it too).
    Numbered,
    /// `?, ?…`: bound by position. SQLite binds these in constant time, where it looks numbered
    /// ones up by name (quadratic in a statement of thousands of parameters).
    Anonymous,
}

/// Column names, comma-separated.
fn listed(columns: &[(&str, ColumnType)]) -> String {
    columns.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(", ")
}

/// `($1, $2), ($3, $4)` (or `(?, ?), (?, ?)`) for 2 rows of 2 columns.
pub fn placeholders(rows: usize, width: usize, style: Placeholder) -> String {
    let tuples: Vec<String> = (0..rows)
        .map(|r| {
            let cells: Vec<String> = (1..=width)
                .map(|c| match style {
                    Placeholder::Numbered => format!("${}", r * width + c),
                    Placeholder::Anonymous => "?".to_owned(),
                })
                .collect();
            format!("({})", cells.join(", "))
        })
        .collect();
    tuples.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_reads_every_column_but_the_folded_names_a_prefix_of_the_stored_ones() {
        for table in Table::ALL {
            let (all, exported) = (table.columns(), table.exported_columns());
            assert_eq!(exported, &all[..exported.len()], "{}", table.name());
            assert!(exported.iter().all(|(name, _)| !name.starts_with("cle_")), "{}", table.name());
        }
        let left_out: Vec<&str> = Table::Demandes.columns()
            [Table::Demandes.exported_columns().len()..]
            .iter()
            .map(|(name, _)| *name)
            .collect();
        assert_eq!(left_out, ["cle_nom", "cle_prenom", "cle_nom_fin"]);
    }

    #[test]
    fn upsert_sql_numbers_placeholders_row_by_row() {
        let sql = Table::Seuils.upsert_sql(2, Placeholder::Numbered);
        assert_eq!(
            sql,
            "INSERT INTO seuils (annee, q1, q2, q3) VALUES ($1, $2, $3, $4), ($5, $6, $7, $8) \
             ON CONFLICT (annee) DO UPDATE SET q1 = excluded.q1, q2 = excluded.q2, q3 = excluded.q3"
        );
    }

    #[test]
    fn an_upsert_if_changed_updates_only_a_row_that_differs() {
        assert_eq!(
            Table::Seuils.on_conflict_if_changed("IS NOT"),
            " ON CONFLICT (annee) DO UPDATE SET q1 = excluded.q1, q2 = excluded.q2, \
             q3 = excluded.q3 WHERE (seuils.q1, seuils.q2, seuils.q3) IS NOT \
             (excluded.q1, excluded.q2, excluded.q3)"
        );
    }

    #[test]
    fn keys_are_a_prefix_of_the_columns() {
        for table in Table::ALL {
            let names: Vec<_> = table.columns().iter().map(|(n, _)| *n).collect();
            assert_eq!(&names[..table.key().len()], table.key(), "{}", table.name());
        }
    }
}
