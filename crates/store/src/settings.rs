//! Settings kept one text per key (`parametres`), with who changed them and when: those edited
//! in the partners' application — the bilan's settings (TOML), the territory's priorities
//! (Markdown), the income ceilings (TOML), the protection of personal data (TOML), each
//! landlord's contact for its letters — and two marks: the database `logis demo` created, and
//! the day of the last import of the register.

use crate::statement::{Statement, Values, int, text};
use crate::tables::ColumnType::{Int, Text};
use crate::{Result, Store};

/// The bilan's settings (TOML of `docs/parametres-territoire.toml`).
pub const BILAN: &str = "bilan";
/// The territory's priorities for next year (Markdown), printed in the bilan.
pub const PRIORITIES: &str = "priorites";
/// The yearly income ceilings (TOML of `docs/plafonds-ressources.toml`).
pub const CEILINGS: &str = "plafonds";
/// The protection of personal data (TOML of `docs/parametres-donnees-personnelles.toml`).
pub const PRIVACY: &str = "donnees_personnelles";
/// The last import of the register's applications (not a form's save): when (`changed_at`),
/// the day in words (`text`). A criterion received with an application is dated by it.
pub const REGISTER_IMPORT: &str = "import_registre";
/// Present in a database that `logis demo` created (its text says when): only there may
/// accounts with published passwords exist.
pub const DEMONSTRATION: &str = "base_de_demonstration";

/// One stored setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSetting {
    pub key: String,
    pub text: String,
    pub changed_at: i64,
    pub changed_by: String,
}

/// The statement that saves `setting` (replacing the text of its key).
pub fn save(setting: &StoredSetting) -> Statement {
    Statement::new(
        "INSERT INTO parametres (cle, texte, modifie_le, modifie_par) VALUES ($1, $2, $3, $4)
ON CONFLICT (cle) DO UPDATE SET texte = excluded.texte, modifie_le = excluded.modifie_le,
    modifie_par = excluded.modifie_par",
        vec![
            text(&setting.key),
            text(&setting.text),
            int(setting.changed_at),
            text(&setting.changed_by),
        ],
    )
}

/// The setting of `key`, if it was ever saved.
pub async fn get(store: &dyn Store, key: &str) -> Result<Option<StoredSetting>> {
    let rows = store
        .fetch(
            "SELECT cle, texte, modifie_le, modifie_par FROM parametres WHERE cle = $1",
            &[text(key)],
            &[Text, Text, Int, Text],
        )
        .await?;
    rows.into_iter()
        .next()
        .map(|row| {
            let mut v = Values::of(row);
            Ok(StoredSetting {
                key: v.text()?,
                text: v.text()?,
                changed_at: v.int()?,
                changed_by: v.text()?,
            })
        })
        .transpose()
}
