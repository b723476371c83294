//! The « délai anormalement long » as a form of the settings page: the general delay and each
//! typology's own, in months (a typology left empty takes the general one). Saving makes a new
//! version of the grid in force (`logis_cotation::grid::with_delays`), in force from today, and
//! rescores the applications; each refusal is said beside its field.

use super::targets_form::Field;
use crate::guard::{Origin, Principal};
use crate::render::{self, Refusal};
use crate::state::AppState;
use axum::Extension;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use logis_cotation::grid::{Delays, with_delays};
use logis_domain::Typologie;

/// The form's fields: the general delay, then one per typology.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DelaysForm {
    pub fields: Vec<Field>,
    /// A refusal of the whole form (no grid to change).
    pub refusal: Option<String>,
}

const GENERAL: &str = "mois";
const HELP_GENERAL: &str = "En mois, de 1 à 240 : vaut pour chaque typologie sans délai propre.";
const HELP_TYPOLOGY: &str = "En mois ; laissez vide pour le délai général.";

const GENERAL_LABEL: &str = "Délai général (toutes typologies)";

/// Each typology's field label, in the order of `Typologie::ALL`.
const TYPOLOGY_LABELS: [&str; 6] = [
    "Délai pour un T1 souhaité en premier",
    "Délai pour un T2 souhaité en premier",
    "Délai pour un T3 souhaité en premier",
    "Délai pour un T4 souhaité en premier",
    "Délai pour un T5 souhaité en premier",
    "Délai pour un T6 ou plus souhaité en premier",
];

impl DelaysForm {
    /// The form of `delays` (those of the grid in force).
    pub fn of(delays: &Delays) -> Self {
        let mut values = vec![(GENERAL, delays.default_months.to_string())];
        for t in Typologie::ALL.iter() {
            let own = delays.by_typologie[*t as usize].map(|m| m.to_string()).unwrap_or_default();
            values.push((t.code(), own));
        }
        Self::with(values, &[])
    }

    fn with(values: Vec<(&'static str, String)>, errors: &[(&str, String)]) -> Self {
        let fields = values
            .into_iter()
            .map(|(name, value)| {
                let typology = Typologie::from_code(name);
                Field {
                    name,
                    label: typology.map_or(GENERAL_LABEL, |t| TYPOLOGY_LABELS[t as usize]),
                    aide: if typology.is_some() { HELP_TYPOLOGY } else { HELP_GENERAL },
                    value,
                    error: errors.iter().find(|(n, _)| *n == name).map(|(_, e)| e.clone()),
                }
            })
            .collect();
        DelaysForm { fields, refusal: None }
    }

    /// Whether something of the form was refused (it is then shown open).
    pub fn refused(&self) -> bool {
        self.refusal.is_some() || self.fields.iter().any(|f| f.error.is_some())
    }
}

/// A number of months typed: « 24 », « 24 mois ».
fn months(typed: &str) -> Option<u32> {
    let digits = typed.trim().trim_end_matches("mois").trim();
    digits.parse::<u32>().ok().filter(|m| (1..=240).contains(m))
}

/// The delays the form's `pairs` give, or the form again with each refusal beside its field.
pub fn read(pairs: &[(String, String)]) -> Result<Delays, DelaysForm> {
    let typed = |name: &str| -> String {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().chars().filter(|c| !c.is_control()).take(40).collect())
            .unwrap_or_default()
    };
    let mut values = vec![(GENERAL, typed(GENERAL))];
    values.extend(Typologie::ALL.iter().map(|t| (t.code(), typed(t.code()))));
    let mut delays = Delays::default();
    let mut errors = Vec::new();
    let refused = "Écrivez un nombre de mois entre 1 et 240, par exemple 24.";
    match months(&values[0].1) {
        Some(m) => delays.default_months = m,
        None => errors.push((GENERAL, refused.to_owned())),
    }
    for (t, (name, value)) in Typologie::ALL.iter().zip(&values[1..]) {
        if value.is_empty() {
            continue;
        }
        match months(value) {
            Some(m) => delays.by_typologie[*t as usize] = Some(m),
            None => errors.push((name, format!("{refused} Laissez vide pour le délai général."))),
        }
    }
    if errors.is_empty() { Ok(delays) } else { Err(DelaysForm::with(values, &errors)) }
}

/// The delays saved from their form: a new version of the grid in force, from today.
pub async fn save(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Refusal> {
    let refused = |form: DelaysForm| async {
        let mut view = super::settings::page(&state, &principal).await?;
        view.delays_form = form;
        Ok::<_, Refusal>((StatusCode::UNPROCESSABLE_ENTITY, render::page(&view)).into_response())
    };
    let delays = match read(&pairs) {
        Ok(delays) => delays,
        Err(form) => return refused(form).await,
    };
    let today = state.clock.today();
    let Some(grid) = super::settings::grid_in_force(&state, today).await? else {
        let mut form = DelaysForm::of(&delays);
        form.refusal = Some(
            "Aucune grille de cotation n'est enregistrée : enregistrez d'abord une grille, \
             les délais en font partie."
                .into(),
        );
        return refused(form).await;
    };
    match with_delays(&grid, &delays, today) {
        Ok(new) => {
            super::settings::register(&state, &principal, &origin, &new).await?;
            Ok(Redirect::to("/parametres?fait=delais#grille").into_response())
        }
        Err(errors) => {
            let mut form = DelaysForm::of(&delays);
            form.refusal = Some(format!("La grille modifiée n'a pas pu être relue : {errors}"));
            refused(form).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(values: &[(&str, &str)]) -> Vec<(String, String)> {
        values.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn typed_months_become_the_delays_and_empty_typologies_take_the_general_one() {
        let delays =
            read(&pairs(&[("mois", "18"), ("T4", " 30 mois "), ("T1", "")])).expect("delays");
        assert_eq!(delays.months(Some(Typologie::T4)), 30);
        assert_eq!(delays.months(Some(Typologie::T1)), 18);
        assert_eq!(delays.months(None), 18);
        assert_eq!(DelaysForm::of(&delays).fields.len(), 1 + Typologie::ALL.len());
    }

    #[test]
    fn each_refusal_is_beside_its_field_and_keeps_what_was_typed() {
        let form =
            read(&pairs(&[("mois", "deux ans"), ("T3", "0"), ("T5", "36")])).expect_err("refused");
        let field = |name: &str| form.fields.iter().find(|f| f.name == name).expect("field");
        assert!(field("mois").error.as_deref().is_some_and(|e| e.contains("entre 1 et 240")));
        assert_eq!(field("mois").value, "deux ans");
        assert!(field("T3").error.as_deref().is_some_and(|e| e.contains("Laissez vide")));
        assert_eq!((field("T5").error.clone(), field("T5").value.as_str()), (None, "36"));
        assert!(form.refused());
    }
}
