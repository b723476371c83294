//! Partners' notes on an application, and the changes made to it in Logis (its timeline).

use crate::record::{self, StoredRecord};
use crate::statement::{Statement, text};
use crate::{Result, Store};
use logis_domain::work::EventNature;
use logis_domain::{NumeroUnique, OrganismeId};

crate::stored_record! {
    /// A partner's note (`notes`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Note in "notes" {
        pub numero_unique: NumeroUnique,
        pub auteur: String,
        pub organisme: Option<OrganismeId>,
        pub moment: i64,
        pub texte: String,
    }
}

crate::stored_record! {
    /// A change made in Logis (`evenements`): what, by whom, when, and a short French
    /// description.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Event in "evenements" {
        pub numero_unique: NumeroUnique,
        pub moment: i64,
        pub auteur: String,
        pub nature: EventNature,
        pub detail: String,
    }
}

/// The statement that writes `note`.
pub fn write_note(note: &Note) -> Statement {
    record::insert(note, &[], None)
}

/// The statement that writes `event`.
pub fn write_event(event: &Event) -> Statement {
    record::insert(event, &[], None)
}

/// The rows of `R` about application `numero`, oldest first.
async fn of_application<R: StoredRecord>(store: &dyn Store, numero: &str) -> Result<Vec<R>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE numero_unique = $1 ORDER BY moment, ligne",
        record::select_list::<R>(),
        R::TABLE
    );
    let rows = store.fetch(&sql, &[text(numero)], R::TYPES).await?;
    rows.into_iter().map(R::read).collect()
}

/// The notes of application `numero`, oldest first.
pub async fn notes_of(store: &dyn Store, numero: &str) -> Result<Vec<Note>> {
    of_application(store, numero).await
}

/// The changes made to application `numero` in Logis, oldest first.
pub async fn events_of(store: &dyn Store, numero: &str) -> Result<Vec<Event>> {
    of_application(store, numero).await
}
