//! The territory's settings for personal data, a TOML text edited on the settings page
//! (`docs/parametres-donnees-personnelles.toml` documents every key and its default), read
//! with French errors naming the line. Missing keys keep their default.

use logis_domain::french::line_column;
use logis_exchange::Limits;
use toml::Spanned;

/// Sessions of the partners' application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sessions {
    /// A session unused this long ends.
    pub idle_minutes: u32,
    /// A session ends this long after signing in, used or not.
    pub lifetime_hours: u32,
}

/// Imports of file sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Imports {
    /// The largest upload, in mebibytes.
    pub upload_mib: u64,
    /// What the readers accept (record length, archives' expansion).
    pub limits: Limits,
}

/// How long personal data are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// After an application leaves the register (allocated or struck off), its personal
    /// data are erased after this many months (the SNE rule: one year).
    pub closed_application_months: u32,
    /// The audit log's lines are erased after this many months.
    pub audit_months: u32,
}

/// The settings of personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrivacySettings {
    pub sessions: Sessions,
    pub imports: Imports,
    pub retention: Retention,
    /// A statistic shown to a role without access to personal data (the observer, an open
    /// aggregate) is hidden when it counts fewer households than this.
    pub secret_below: u32,
}

impl Default for PrivacySettings {
    fn default() -> Self {
        PrivacySettings {
            sessions: Sessions { idle_minutes: 30, lifetime_hours: 10 },
            imports: Imports { upload_mib: 1024, limits: Limits::default() },
            retention: Retention { closed_application_months: 12, audit_months: 12 },
            secret_below: 5,
        }
    }
}

impl Sessions {
    pub fn idle_seconds(&self) -> i64 {
        i64::from(self.idle_minutes) * 60
    }

    pub fn lifetime_seconds(&self) -> i64 {
        i64::from(self.lifetime_hours) * 3600
    }
}

impl Imports {
    pub fn upload_bytes(&self) -> u64 {
        self.upload_mib.saturating_mul(1 << 20)
    }
}

type Number = Option<Spanned<i64>>;

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    sessions: Option<SessionsFile>,
    imports: Option<ImportsFile>,
    conservation: Option<ConservationFile>,
    statistiques: Option<StatistiquesFile>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SessionsFile {
    inactivite_minutes: Number,
    duree_heures: Number,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportsFile {
    envoi_max_mo: Number,
    ligne_max_ko: Number,
    archive_max_mo: Number,
    archive_ratio_max: Number,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ConservationFile {
    demandes_sorties_mois: Number,
    journal_audit_mois: Number,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct StatistiquesFile {
    seuil_secret: Number,
}

/// `ligne L, colonne C : …` for byte `offset` of `text`.
fn located(text: &str, offset: usize, message: &str) -> String {
    let (line, column) = line_column(text, offset);
    format!("ligne {line}, colonne {column} : {message}")
}

/// The parser's message, said in French for the usual mistakes.
fn french(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or_default();
        return format!("clé `{key}` inconnue (voir docs/parametres-donnees-personnelles.toml)");
    }
    if message.contains("invalid type") {
        return "un nombre entier est attendu, sans guillemets ni unité (par exemple 30)".into();
    }
    format!("paramètres invalides ({})", message.trim())
}

/// A whole number of `key` between `min` and `max`, written into `target`.
fn bounded<T: TryFrom<i64>>(
    text: &str,
    value: Number,
    (min, max): (i64, i64),
    what: &str,
    target: &mut T,
) -> Result<(), String> {
    let Some(value) = value else { return Ok(()) };
    let n = *value.get_ref();
    if !(min..=max).contains(&n) {
        return Err(located(
            text,
            value.span().start,
            &format!("{what} : de {min} à {max}, pas {n}"),
        ));
    }
    *target = T::try_from(n).map_err(|_| located(text, value.span().start, what))?;
    Ok(())
}

impl PrivacySettings {
    /// Reads the settings' text; missing keys keep their default.
    pub fn parse(text: &str) -> Result<PrivacySettings, String> {
        let file: File = toml::from_str(text)
            .map_err(|e| located(text, e.span().map_or(0, |s| s.start), &french(e.message())))?;
        let mut s = PrivacySettings::default();
        let t = text;
        if let Some(f) = file.sessions {
            let sessions = &mut s.sessions;
            bounded(
                t,
                f.inactivite_minutes,
                (5, 24 * 60),
                "inactivité en minutes",
                &mut sessions.idle_minutes,
            )?;
            bounded(
                t,
                f.duree_heures,
                (1, 24),
                "durée d'une session en heures",
                &mut sessions.lifetime_hours,
            )?;
        }
        if let Some(f) = file.imports {
            let imports = &mut s.imports;
            bounded(
                t,
                f.envoi_max_mo,
                (1, 64 * 1024),
                "taille d'un envoi en Mo",
                &mut imports.upload_mib,
            )?;
            let limits = &mut imports.limits;
            let mut record_kib = limits.record_bytes / 1024;
            bounded(
                t,
                f.ligne_max_ko,
                (1, 64 * 1024),
                "longueur d'une ligne en Ko",
                &mut record_kib,
            )?;
            limits.record_bytes = record_kib * 1024;
            let mut archive_mib = limits.archive_bytes >> 20;
            bounded(
                t,
                f.archive_max_mo,
                (1, 1024 * 1024),
                "taille décompressée d'une archive en Mo",
                &mut archive_mib,
            )?;
            limits.archive_bytes = archive_mib << 20;
            bounded(
                t,
                f.archive_ratio_max,
                (10, 10_000),
                "taux de compression d'une archive",
                &mut limits.archive_ratio,
            )?;
        }
        if let Some(f) = file.conservation {
            let r = &mut s.retention;
            bounded(
                t,
                f.demandes_sorties_mois,
                (1, 120),
                "conservation des demandes sorties en mois",
                &mut r.closed_application_months,
            )?;
            bounded(
                t,
                f.journal_audit_mois,
                (1, 120),
                "conservation du journal d'audit en mois",
                &mut r.audit_months,
            )?;
        }
        if let Some(f) = file.statistiques {
            bounded(
                t,
                f.seuil_secret,
                (1, 100),
                "seuil du secret statistique",
                &mut s.secret_below,
            )?;
        }
        Ok(s)
    }
}

/// The settings as saved in the store (defaults when never saved), with their text.
pub async fn stored(
    store: &dyn logis_store::Store,
) -> Result<(PrivacySettings, String), logis_store::StoreError> {
    let saved = logis_store::settings::get(store, logis_store::settings::PRIVACY).await?;
    let text = saved.map(|s| s.text).unwrap_or_default();
    // A text saved by the settings page was checked; an unreadable one keeps the defaults.
    let parsed = PrivacySettings::parse(&text).unwrap_or_default();
    Ok((parsed, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_file_gives_the_defaults() {
        let text = include_str!("../../../docs/parametres-donnees-personnelles.toml");
        assert_eq!(PrivacySettings::parse(text), Ok(PrivacySettings::default()));
        assert_eq!(PrivacySettings::parse(""), Ok(PrivacySettings::default()));
    }

    #[test]
    fn each_setting_can_be_changed() {
        let text = "[sessions]\ninactivite_minutes = 15\nduree_heures = 8\n\
                    [imports]\nenvoi_max_mo = 200\nligne_max_ko = 64\narchive_max_mo = 5000\narchive_ratio_max = 50\n\
                    [conservation]\ndemandes_sorties_mois = 18\njournal_audit_mois = 6\n\
                    [statistiques]\nseuil_secret = 11\n";
        let s = PrivacySettings::parse(text).expect("valid");
        assert_eq!(s.sessions, Sessions { idle_minutes: 15, lifetime_hours: 8 });
        assert_eq!(s.sessions.idle_seconds(), 900);
        assert_eq!(s.imports.upload_bytes(), 200 << 20);
        assert_eq!(
            s.imports.limits,
            Limits { record_bytes: 64 * 1024, archive_bytes: 5000 << 20, archive_ratio: 50 }
        );
        assert_eq!(s.retention, Retention { closed_application_months: 18, audit_months: 6 });
        assert_eq!(s.secret_below, 11);
    }

    #[test]
    fn mistakes_are_named_with_their_line() {
        for (text, expected) in [
            (
                "[sessions]\ninactivite_minutes = \"30\"\n",
                "ligne 2, colonne 22 : un nombre entier est attendu",
            ),
            (
                "[sessions]\ninactivite_minutes = 0\n",
                "ligne 2, colonne 22 : inactivité en minutes : de 5 à 1440, pas 0",
            ),
            ("[conservation]\ndemandes = 12\n", "ligne 2, colonne 1 : clé `demandes` inconnue"),
            (
                "[statistiques]\nseuil_secret = 1000\n",
                "ligne 2, colonne 16 : seuil du secret statistique : de 1 à 100, pas 1000",
            ),
        ] {
            let error = PrivacySettings::parse(text).expect_err(text);
            assert!(error.starts_with(expected), "{text:?} → {error}");
        }
    }
}
