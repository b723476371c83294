//! The territory's settings read by the bilan as a form in French: the EPCI's name and SIREN,
//! the four targets of the intercommunal allocation agreement in per cent (« 25 », « 25 % »,
//! « 25,5 »), the months a reservation holder has before a dwelling returns to its landlord.
//! The values are written as the settings file and go through the same checks as the text
//! typed by hand; each refusal is said beside its field, and nothing is saved until all hold.

use crate::format;
use logis_evaluation::Settings;
use std::collections::BTreeMap;

/// One field of the form, as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub aide: &'static str,
    pub value: String,
    pub error: Option<String>,
}

/// The form's fields, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TargetsForm {
    pub fields: Vec<Field>,
}

const NAMES: [(&str, &str, &str); 7] = [
    ("nom", "Nom de l'intercommunalité", "En tête de chaque page du bilan."),
    ("code", "Code SIREN de l'EPCI", "9 chiffres."),
    (
        "q1_hors_qpv",
        "Attributions hors QPV aux ménages du 1er quartile (ou relogés ANRU)",
        "En pour cent, par exemple 25 (la loi en demande au moins 25 %).",
    ),
    (
        "q234_en_qpv",
        "Attributions en QPV aux ménages des quartiles 2 à 4",
        "En pour cent (la loi en demande au moins 50 %).",
    ),
    (
        "prioritaires",
        "Attributions aux ménages prioritaires, tous contingents",
        "En pour cent (la loi en demande au moins 25 %).",
    ),
    ("prioritaires_reservataire", "La même part, pour chaque réservataire", "En pour cent."),
    (
        "delai_remise_mois",
        "Délai laissé à un réservataire avant la remise du logement au bailleur",
        "En mois, de 1 à 12 (gestion en flux).",
    ),
];

impl TargetsForm {
    /// The form of the settings in force.
    pub fn of(settings: &Settings) -> Self {
        let per_cent = |share: f64| format::decimal(share * 100.0, 1).replace(",0", "");
        let t = &settings.targets;
        let values = [
            settings.nom.clone(),
            settings.code.clone(),
            per_cent(t.q1_hors_qpv),
            per_cent(t.q234_en_qpv),
            per_cent(t.prioritaires),
            per_cent(t.prioritaires_reservataire),
            settings.flux_return_months.to_string(),
        ];
        Self::with(values.into_iter().collect(), BTreeMap::new())
    }

    fn with(values: Vec<String>, errors: BTreeMap<&'static str, String>) -> Self {
        let fields = NAMES
            .iter()
            .zip(values)
            .map(|((name, label, aide), value)| Field {
                name,
                label,
                aide,
                value,
                error: errors.get(name).cloned(),
            })
            .collect();
        TargetsForm { fields }
    }

    /// Whether some field is refused.
    pub fn refused(&self) -> bool {
        self.fields.iter().any(|f| f.error.is_some())
    }
}

/// A share typed in per cent: « 25 », « 25 % », « 25,5 », « 25.5 » → 0.255.
fn share(typed: &str) -> Option<f64> {
    let cleaned: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '%')
        .collect::<String>()
        .replace(',', ".");
    let value: f64 = cleaned.parse().ok()?;
    (value.is_finite() && (0.0..=100.0).contains(&value)).then_some(value / 100.0)
}

/// The settings the form's `pairs` give, or the form again with each refusal beside its field.
pub fn read(pairs: &[(String, String)]) -> Result<Settings, TargetsForm> {
    let typed = |name: &str| -> String {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().chars().filter(|c| !c.is_control()).take(300).collect())
            .unwrap_or_default()
    };
    let values: Vec<String> = NAMES.iter().map(|(name, _, _)| typed(name)).collect();
    let mut errors: BTreeMap<&'static str, String> = BTreeMap::new();
    let mut settings =
        Settings { nom: values[0].clone(), code: values[1].clone(), ..Settings::default() };
    if settings.nom.is_empty() {
        errors.insert("nom", "Indiquez le nom de l'intercommunalité.".into());
    }
    if settings.code.len() != 9 || !settings.code.bytes().all(|b| b.is_ascii_digit()) {
        errors.insert("code", "Le SIREN s'écrit avec 9 chiffres, par exemple 200066322.".into());
    }
    let targets = &mut settings.targets;
    for (i, target) in [
        &mut targets.q1_hors_qpv,
        &mut targets.q234_en_qpv,
        &mut targets.prioritaires,
        &mut targets.prioritaires_reservataire,
    ]
    .into_iter()
    .enumerate()
    {
        match share(&values[2 + i]) {
            Some(value) => *target = value,
            None => {
                errors.insert(
                    NAMES[2 + i].0,
                    "Écrivez un pourcentage entre 0 et 100, par exemple 25 ou 25,5.".into(),
                );
            }
        }
    }
    match values[6].parse::<u32>() {
        Ok(months) if (1..=12).contains(&months) => settings.flux_return_months = months,
        _ => {
            errors.insert("delai_remise_mois", "Écrivez un nombre de mois entre 1 et 12.".into());
        }
    }
    if !errors.is_empty() {
        return Err(TargetsForm::with(values, errors));
    }
    // The same checks as the text typed by hand.
    Settings::parse(&settings.to_toml()).map_err(|why| {
        let mut errors = BTreeMap::new();
        errors.insert("nom", why);
        TargetsForm::with(values.clone(), errors)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(values: &[(&str, &str)]) -> Vec<(String, String)> {
        values.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn per_cents_are_read_the_french_way() {
        assert_eq!(share("25"), Some(0.25));
        assert_eq!(share(" 25,5 % "), Some(0.255));
        assert_eq!(share("100"), Some(1.0));
        assert_eq!(share("101"), None);
        assert_eq!(share("vingt"), None);
        assert_eq!(share("-1"), None);
    }

    #[test]
    fn a_form_gives_the_settings_or_says_each_mistake_beside_its_field() {
        let good = pairs(&[
            ("nom", "CC Terres des Confluences"),
            ("code", "200066322"),
            ("q1_hors_qpv", "30 %"),
            ("q234_en_qpv", "50"),
            ("prioritaires", "42,5"),
            ("prioritaires_reservataire", "25"),
            ("delai_remise_mois", "2"),
        ]);
        let settings = read(&good).expect("valid");
        assert_eq!(settings.targets.q1_hors_qpv, 0.3);
        assert_eq!(settings.targets.prioritaires, 0.425);
        assert_eq!(settings.flux_return_months, 2);
        assert_eq!(TargetsForm::of(&settings).fields[4].value, "42,5");

        let mut bad = good.clone();
        bad[1].1 = "2000".into();
        bad[2].1 = "trente".into();
        bad[6].1 = "0".into();
        let form = read(&bad).expect_err("refused");
        let said: Vec<(&str, bool)> =
            form.fields.iter().map(|f| (f.name, f.error.is_some())).collect();
        assert_eq!(
            said,
            [
                ("nom", false),
                ("code", true),
                ("q1_hors_qpv", true),
                ("q234_en_qpv", false),
                ("prioritaires", false),
                ("prioritaires_reservataire", false),
                ("delai_remise_mois", true)
            ]
        );
        assert_eq!(form.fields[2].value, "trente", "what was typed is kept");
    }
}
