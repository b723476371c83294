//! The form of an application, filled from the store, from what was typed, or blank.

use super::Typed;
use super::fileset::{MEMBER_LINES, TypedMember, typed_members};
use crate::guard::Principal;
use crate::render::{Layout, Refusal};
use crate::state::AppState;
use askama::Template;
use logis_domain::{
    Demande, Lien, Membre, Motif, MotifRadiation, SituationLogement, Statut, Typologie,
};
use logis_exchange::FileKind;
use std::collections::BTreeMap;

/// A code and its label.
pub struct Choice {
    pub code: &'static str,
    pub label: &'static str,
}

fn choices<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<Choice> {
    all.iter().map(|v| Choice { code: code(*v), label: label(*v) }).collect()
}

#[derive(Template)]
#[template(path = "demande_formulaire.html")]
pub struct FormPage {
    layout: Layout,
    /// `None` for a new application.
    numero: Option<String>,
    typed_numero: String,
    values: BTreeMap<String, String>,
    problems: BTreeMap<String, Vec<String>>,
    members: Vec<TypedMember>,
    statuts: Vec<Choice>,
    motifs_radiation: Vec<Choice>,
    situations: Vec<Choice>,
    typologies: Vec<Choice>,
    motifs: Vec<Choice>,
    liens: Vec<Choice>,
    /// The landlords to choose the household's current one from, by identifier and name.
    landlords: Vec<(String, String)>,
    /// The territory's communes to suggest, by name.
    communes: Vec<String>,
}

impl FormPage {
    fn new(state: &AppState, principal: &Principal, numero: Option<&str>) -> Self {
        let title = match numero {
            Some(n) => format!("Modifier la demande {n}"),
            None => "Enregistrer une demande".to_owned(),
        };
        FormPage {
            layout: Layout::new(state, principal, title, "/demandes"),
            numero: numero.map(str::to_owned),
            typed_numero: String::new(),
            values: BTreeMap::new(),
            problems: BTreeMap::new(),
            members: vec![TypedMember::default(); MEMBER_LINES],
            statuts: choices(Statut::ALL, Statut::code, Statut::label),
            motifs_radiation: choices(
                MotifRadiation::ALL,
                MotifRadiation::code,
                MotifRadiation::label,
            ),
            situations: choices(
                SituationLogement::ALL,
                SituationLogement::code,
                SituationLogement::label,
            ),
            typologies: choices(Typologie::ALL, Typologie::code, Typologie::label),
            motifs: choices(Motif::ALL, Motif::code, Motif::label),
            liens: choices(Lien::ALL, Lien::code, Lien::label),
            landlords: Vec::new(),
            communes: state.communes.suggested().iter().map(|(_, name)| name.clone()).collect(),
        }
    }

    /// The page with the landlords to choose from (the household's own kept, even from
    /// elsewhere).
    pub async fn with_landlords(mut self, state: &AppState) -> Result<Self, Refusal> {
        let all = logis_allocation::workflow::vacancy::landlords(&*state.store)
            .await
            .map_err(|e| Refusal::Store(e.to_string()))?;
        self.landlords =
            all.into_iter().map(|o| (o.organisme_id.as_str().to_owned(), o.nom)).collect();
        if let Some(own) = self.values.get("bailleur_actuel").filter(|v| !v.is_empty())
            && !self.landlords.iter().any(|(id, _)| id == own)
        {
            self.landlords.push((own.clone(), own.clone()));
        }
        Ok(self)
    }

    /// Shows the commune of residence by its name.
    fn name_the_commune(&mut self, state: &AppState) {
        if let Some(code) = self.values.get("commune_residence").filter(|c| !c.is_empty()) {
            let name = state.communes.name(code);
            self.values.insert("commune_residence".into(), name);
        }
    }

    /// A blank form: filed today, active, the first member the titulaire.
    pub fn blank(state: &AppState, principal: &Principal) -> Self {
        let mut page = FormPage::new(state, principal, None);
        page.values.insert("date_depot".into(), state.clock.today().to_string());
        page.values.insert("statut".into(), "active".into());
        if let Some(commune) = &principal.commune {
            page.values.insert("communes_souhaitees".into(), state.communes.name(commune));
        }
        page.members[0].lien = "titulaire".into();
        page
    }

    /// The stored application.
    pub fn of_stored(
        state: &AppState,
        principal: &Principal,
        d: &Demande,
        members: &[Membre],
    ) -> Self {
        let numero = d.numero_unique.as_str();
        let mut page = FormPage::new(state, principal, Some(numero));
        for (column, cell) in
            FileKind::Demandes.columns().iter().zip(logis_exchange::Record::cells(d))
        {
            page.values.insert(column.name.to_owned(), cell);
        }
        let names: Vec<String> =
            d.communes_souhaitees.iter().map(|c| state.communes.name(c.as_str())).collect();
        page.values.insert("communes_souhaitees".into(), names.join(", "));
        page.name_the_commune(state);
        for (line, member) in page.members.iter_mut().zip(typed_members(members)) {
            *line = member;
        }
        page
    }

    /// What was typed, with the problems found.
    pub fn typed(
        state: &AppState,
        principal: &Principal,
        typed: &Typed,
        numero: Option<&str>,
        problems: BTreeMap<String, Vec<String>>,
    ) -> Self {
        let mut page = FormPage::new(state, principal, numero);
        page.typed_numero = typed.numero.clone();
        page.values = typed.fields.clone();
        if let Some(codes) = typed.fields.get("communes_souhaitees") {
            let names: Vec<String> = codes
                .split('|')
                .filter(|c| !c.is_empty())
                .map(|c| state.communes.name(c))
                .collect();
            page.values.insert("communes_souhaitees".into(), names.join(", "));
        }
        page.name_the_commune(state);
        page.members = typed.members.clone();
        page.problems = problems;
        page
    }

    /// The value of a field.
    pub fn v(&self, field: &str) -> &str {
        self.values.get(field).map_or("", String::as_str)
    }

    /// Whether a list field holds `code`.
    pub fn has(&self, field: &str, code: &str) -> bool {
        self.v(field).split('|').any(|c| c.eq_ignore_ascii_case(code))
    }

    /// Whether a yes/no field is yes.
    pub fn yes(&self, field: &str) -> bool {
        matches!(self.v(field).to_ascii_lowercase().as_str(), "true" | "oui" | "1" | "vrai" | "o")
    }

    /// Whether a yes/no field is no (neither yes nor no: not given).
    pub fn no(&self, field: &str) -> bool {
        matches!(self.v(field).to_ascii_lowercase().as_str(), "false" | "non" | "0" | "faux" | "n")
    }

    /// The problems of a field.
    pub fn p(&self, field: &str) -> &[String] {
        self.problems.get(field).map_or(&[], Vec::as_slice)
    }

    pub fn problem_count(&self) -> usize {
        self.problems.values().map(Vec::len).sum()
    }
}
