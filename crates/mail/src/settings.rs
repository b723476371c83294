//! The territory's SMTP server as its settings say it (TOML, docs/parametres-courriel.toml):
//! the server and its port, the security of the connection, the sender, the account, the
//! longest wait. The password never sits in the settings: it comes from the environment
//! (`LOGIS_SMTP_MOT_DE_PASSE`).

use serde::Deserialize;

/// How the connection to the server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// None: only for a server on the same machine or network (tests, a local relay).
    Aucune,
    /// STARTTLS on the submission port (587).
    Starttls,
    /// TLS from the start (465).
    Tls,
}

/// The server and the sender.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailSettings {
    pub serveur: String,
    #[serde(default = "default_port")]
    pub port: u16,
    #[serde(default = "default_security")]
    pub securite: Security,
    /// « Service logement de l'EPCI <logement@epci.fr> »
    pub expediteur: String,
    #[serde(default)]
    pub utilisateur: Option<String>,
    /// The longest wait for the server, in seconds.
    #[serde(default = "default_wait")]
    pub delai_secondes: u64,
}

/// The environment variable holding the SMTP account's password.
pub const PASSWORD_VARIABLE: &str = "LOGIS_SMTP_MOT_DE_PASSE";

fn default_port() -> u16 {
    587
}

fn default_security() -> Security {
    Security::Starttls
}

fn default_wait() -> u64 {
    20
}

impl MailSettings {
    /// Reads the settings' text; a French error naming what is wrong.
    pub fn parse(text: &str) -> Result<MailSettings, String> {
        let settings: MailSettings = toml::from_str(text).map_err(|e| {
            let message = e.message();
            if let Some(rest) = message.strip_prefix("missing field `") {
                let key = rest.split('`').next().unwrap_or_default();
                format!("la clé `{key}` manque (voir docs/parametres-courriel.toml)")
            } else if let Some(rest) = message.strip_prefix("unknown field `") {
                let key = rest.split('`').next().unwrap_or_default();
                format!("clé `{key}` inconnue (voir docs/parametres-courriel.toml)")
            } else if message.contains("unknown variant") {
                "securite : « aucune », « starttls » ou « tls »".to_owned()
            } else {
                format!("paramètres de courriel invalides ({})", message.trim())
            }
        })?;
        if settings.serveur.trim().is_empty() {
            return Err("indiquez le serveur de courriel (serveur = \"smtp.exemple.fr\")".into());
        }
        if settings.delai_secondes == 0 || settings.delai_secondes > 300 {
            return Err("delai_secondes : de 1 à 300".into());
        }
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_file_reads_and_mistakes_are_said_in_french() {
        let text = include_str!("../../../docs/parametres-courriel.toml");
        let read = MailSettings::parse(text).expect("the documented file");
        assert_eq!((read.port, read.securite), (587, Security::Starttls));
        let cases = [
            ("port = 25\nexpediteur = \"a@b.fr\"\n", "la clé `serveur` manque"),
            (
                "serveur = \"s\"\nexpediteur = \"a@b.fr\"\nsecurite = \"ssl\"\n",
                "securite : « aucune »",
            ),
            (
                "serveur = \"s\"\nexpediteur = \"a@b.fr\"\nmot_de_passe = \"x\"\n",
                "clé `mot_de_passe` inconnue",
            ),
            ("serveur = \" \"\nexpediteur = \"a@b.fr\"\n", "indiquez le serveur"),
        ];
        for (text, expected) in cases {
            let said = MailSettings::parse(text).expect_err("refused");
            assert!(said.starts_with(expected), "{text:?}: {said}");
        }
    }
}
