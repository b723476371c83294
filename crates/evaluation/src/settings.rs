//! The territory's settings the evaluation reads: its code and name, and the targets of its
//! objectives (defaults: the legal minimums of bilan.md), from a TOML file the territory edits
//! (docs/parametres-territoire.toml), with French errors naming the line.

/// Targets of the objectives, as shares.
#[derive(Debug, Clone, PartialEq)]
pub struct Targets {
    pub q1_hors_qpv: f64,
    pub q234_en_qpv: f64,
    pub prioritaires: f64,
    pub prioritaires_reservataire: f64,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            q1_hors_qpv: 0.25,
            q234_en_qpv: 0.50,
            prioritaires: 0.25,
            prioritaires_reservataire: 0.25,
        }
    }
}

/// The territory and its targets.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub code: String,
    pub nom: String,
    pub targets: Targets,
    /// In flux management, the months a holder has to present candidates for a dwelling
    /// oriented to it before the dwelling returns to the landlord for that letting.
    pub flux_return_months: u32,
}

/// The default delay before a dwelling returns to its landlord (flux.md: one month).
pub const FLUX_RETURN_MONTHS: u32 = 1;

impl Default for Settings {
    /// The demo territory, the CC Terres des Confluences.
    fn default() -> Self {
        Settings {
            code: "200066322".into(),
            nom: "Communauté de communes Terres des Confluences".into(),
            targets: Targets::default(),
            flux_return_months: FLUX_RETURN_MONTHS,
        }
    }
}

/// The file as written: every key optional.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    territoire: Option<TerritoireFile>,
    objectifs: Option<ObjectifsFile>,
    flux: Option<FluxFile>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FluxFile {
    delai_remise_mois: Option<toml::Spanned<i64>>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct TerritoireFile {
    code: Option<String>,
    nom: Option<String>,
}

type Share = Option<toml::Spanned<f64>>;

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ObjectifsFile {
    q1_hors_qpv: Share,
    q234_en_qpv: Share,
    prioritaires: Share,
    prioritaires_reservataire: Share,
}

/// `ligne L, colonne C : …` for byte `offset` of `text`.
fn located(text: &str, offset: usize, message: &str) -> String {
    let (line, column) = logis_domain::french::line_column(text, offset);
    format!("ligne {line}, colonne {column} : {message}")
}

/// The parser's message, said in French for the usual mistakes.
fn french(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or_default();
        return format!("clé `{key}` inconnue (voir docs/parametres-territoire.toml)");
    }
    if message.contains("invalid type") && message.contains("f64") {
        return "une part est attendue, par exemple 0.25 pour 25 %".into();
    }
    if message.contains("invalid type") {
        return "valeur du mauvais type : un texte s'écrit entre guillemets".into();
    }
    format!("fichier de paramètres invalide ({})", message.trim())
}

impl Settings {
    /// The settings file that [`Settings::parse`] reads back as `self` (a form's values
    /// written as the file, so that they go through the same checks).
    pub fn to_toml(&self) -> String {
        let text = |s: &str| -> String {
            s.chars()
                .map(|c| match c {
                    '\\' => "\\\\".to_owned(),
                    '"' => "\\\"".to_owned(),
                    c if c.is_control() => format!("\\u{:04X}", c as u32),
                    c => c.to_string(),
                })
                .collect()
        };
        let t = &self.targets;
        format!(
            "[territoire]\ncode = \"{}\"\nnom = \"{}\"\n\n[objectifs]\nq1_hors_qpv = {:?}\nq234_en_qpv = {:?}\nprioritaires = {:?}\nprioritaires_reservataire = {:?}\n\n[flux]\ndelai_remise_mois = {}\n",
            text(&self.code),
            text(&self.nom),
            t.q1_hors_qpv,
            t.q234_en_qpv,
            t.prioritaires,
            t.prioritaires_reservataire,
            self.flux_return_months
        )
    }

    /// Reads a settings file; missing keys keep their default.
    pub fn parse(text: &str) -> Result<Settings, String> {
        let file: File = toml::from_str(text)
            .map_err(|e| located(text, e.span().map_or(0, |s| s.start), &french(e.message())))?;
        let mut settings = Settings::default();
        if let Some(t) = file.territoire {
            settings.code = t.code.unwrap_or(settings.code);
            settings.nom = t.nom.unwrap_or(settings.nom);
        }
        if let Some(o) = file.objectifs {
            let targets = &mut settings.targets;
            for (share, target) in [
                (o.q1_hors_qpv, &mut targets.q1_hors_qpv),
                (o.q234_en_qpv, &mut targets.q234_en_qpv),
                (o.prioritaires, &mut targets.prioritaires),
                (o.prioritaires_reservataire, &mut targets.prioritaires_reservataire),
            ] {
                let Some(share) = share else { continue };
                let value = *share.get_ref();
                if !(0.0..=1.0).contains(&value) {
                    let message =
                        format!("une cible est une part entre 0 et 1 (0.25 = 25 %), pas {value}");
                    return Err(located(text, share.span().start, &message));
                }
                *target = value;
            }
        }
        if let Some(delay) = file.flux.and_then(|f| f.delai_remise_mois) {
            let months = *delay.get_ref();
            settings.flux_return_months =
                u32::try_from(months).ok().filter(|m| (1..=24).contains(m)).ok_or_else(|| {
                    let message = format!("un délai de remise est de 1 à 24 mois, pas {months}");
                    located(text, delay.span().start, &message)
                })?;
        }
        Ok(settings)
    }
}

/// The territory's settings as saved in the store (on the settings page; defaults when never
/// saved or unreadable), with their text.
pub async fn stored(
    store: &dyn logis_store::Store,
) -> Result<(Settings, String), logis_store::StoreError> {
    let saved = logis_store::settings::get(store, logis_store::settings::BILAN).await?;
    let text = saved.map(|s| s.text).unwrap_or_default();
    let parsed = Settings::parse(&text).unwrap_or_default();
    Ok((parsed, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_written_as_a_file_read_back_the_same() {
        let settings = Settings {
            code: "200066322".into(),
            nom: "CC « Terres » \"des\" Confluences \\ a\nb".into(),
            targets: Targets {
                q1_hors_qpv: 1.0,
                q234_en_qpv: 0.5,
                prioritaires: 0.333,
                prioritaires_reservataire: 0.0,
            },
            flux_return_months: 3,
        };
        assert_eq!(Settings::parse(&settings.to_toml()), Ok(settings));
        let defaults = Settings::default();
        assert_eq!(Settings::parse(&defaults.to_toml()), Ok(defaults));
    }

    #[test]
    fn the_documented_file_gives_the_defaults() {
        let text = include_str!("../../../docs/parametres-territoire.toml");
        assert_eq!(Settings::parse(text), Ok(Settings::default()));
        assert_eq!(Settings::parse(""), Ok(Settings::default()));
    }

    #[test]
    fn a_target_and_a_name_can_be_changed() {
        let s =
            Settings::parse("[territoire]\nnom = \"CA Test\"\n[objectifs]\nprioritaires = 0.42\n")
                .expect("valid");
        assert_eq!(s.nom, "CA Test");
        assert_eq!(s.code, "200066322");
        assert_eq!(s.targets.prioritaires, 0.42);
        assert_eq!(s.targets.q1_hors_qpv, 0.25);
        assert_eq!(s.flux_return_months, 1, "flux.md's default");
        let s = Settings::parse("[flux]\ndelai_remise_mois = 2\n").expect("valid");
        assert_eq!(s.flux_return_months, 2);
    }

    #[test]
    fn mistakes_are_named_with_their_line() {
        let cases = [
            (
                "[objectifs]\nprioritaires = \"25 %\"\n",
                "ligne 2, colonne 16 : une part est attendue",
            ),
            (
                "[objectifs]\nprioritaires = 25\n",
                "ligne 2, colonne 16 : une cible est une part entre 0 et 1 (0.25 = 25 %), pas 25",
            ),
            (
                "[objectifs]\nprioritaires = 1.5\n",
                "ligne 2, colonne 16 : une cible est une part entre 0 et 1",
            ),
            ("[objectifs]\npriorites = 0.25\n", "ligne 2, colonne 1 : clé `priorites` inconnue"),
            ("[territoire]\nnom = 3\n", "ligne 2, colonne 7 : valeur du mauvais type"),
            ("[territoire\n", "ligne 1, colonne"),
            (
                "[flux]\ndelai_remise_mois = 0\n",
                "ligne 2, colonne 21 : un délai de remise est de 1 à 24 mois, pas 0",
            ),
        ];
        for (text, expected) in cases {
            let error = Settings::parse(text).expect_err("refused");
            assert!(error.starts_with(expected), "{text:?}: « {error} »");
        }
    }
}
