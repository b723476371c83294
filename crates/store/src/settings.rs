//! Settings kept one text per key (`parametres`), with who changed them and when: those edited
//! in the partners' application — the bilan's settings (TOML), the territory's priorities
//! (Markdown), the income ceilings (TOML), the protection of personal data (TOML), each
//! landlord's contact for its letters — and two marks: the database `logis demo` created, and
//! the day of the last import of the register.

use crate::record::{self, StoredRecord};
use crate::statement::{Statement, text};
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
/// What the territory's information service tells applicants and the public (JSON of
/// `logis_applicants::information::Information`): reception desks, how allocation works
/// here, the objectives.
pub const INFORMATION: &str = "information_demandeurs";

crate::stored_record! {
    /// One stored setting.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct StoredSetting in "parametres" {
        pub key: String as "cle",
        pub text: String as "texte",
        pub changed_at: i64 as "modifie_le",
        pub changed_by: String as "modifie_par",
    }
}

/// The statement that saves `setting` (replacing the text of its key).
pub fn save(setting: &StoredSetting) -> Statement {
    let insert = record::insert(setting, &[], None);
    Statement::new(
        format!(
            "{} ON CONFLICT (cle) DO UPDATE SET texte = excluded.texte, \
             modifie_le = excluded.modifie_le, modifie_par = excluded.modifie_par",
            insert.sql
        ),
        insert.params,
    )
}

/// The statement that removes the setting `key` (nothing if it was never saved).
pub fn remove(key: &str) -> Statement {
    Statement::new("DELETE FROM parametres WHERE cle = $1", vec![text(key)])
}

/// Changes the setting `key` to `text` (already checked by its owner's parser) for `actor`,
/// with its line in the audit log.
pub async fn change(
    store: &dyn Store,
    key: &str,
    text: &str,
    actor: &crate::access::audit::Actor<'_>,
) -> Result<()> {
    let setting = StoredSetting {
        key: key.to_owned(),
        text: text.to_owned(),
        changed_at: actor.at,
        changed_by: actor.login.to_owned(),
    };
    store.execute(&[save(&setting)]).await?;
    let line = actor
        .line(crate::access::audit::AuditAction::Administration, format!("paramètres : {key}"));
    crate::access::write(store, line).await?;
    Ok(())
}

/// The setting of `key`, if it was ever saved.
pub async fn get(store: &dyn Store, key: &str) -> Result<Option<StoredSetting>> {
    let columns = record::select_list::<StoredSetting>();
    let sql = format!("SELECT {columns} FROM parametres WHERE cle = $1");
    let rows = store.fetch(&sql, &[text(key)], StoredSetting::TYPES).await?;
    rows.into_iter().next().map(StoredSetting::read).transpose()
}
