//! Partners' notes on an application, and the changes made to it in Logis (its timeline).

use crate::statement::{Statement, Values, int, optional_text, text};
use crate::tables::ColumnType::{Int, Text};
use crate::{Result, Store};

/// A partner's note (`notes`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub numero_unique: String,
    pub auteur: String,
    pub organisme: Option<String>,
    pub moment: i64,
    pub texte: String,
}

/// A change made in Logis (`evenements`): what (`nature`: `creation`, `modification`,
/// `etiquette`, `suivi`…), by whom, when, and a short French description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub numero_unique: String,
    pub moment: i64,
    pub auteur: String,
    pub nature: String,
    pub detail: String,
}

/// The statement that writes `note`.
pub fn write_note(note: &Note) -> Statement {
    Statement::new(
        "INSERT INTO notes (numero_unique, auteur, organisme, moment, texte) VALUES ($1, $2, $3, $4, $5)",
        vec![
            text(&note.numero_unique),
            text(&note.auteur),
            optional_text(note.organisme.as_deref()),
            int(note.moment),
            text(&note.texte),
        ],
    )
}

/// The statement that writes `event`.
pub fn write_event(event: &Event) -> Statement {
    Statement::new(
        "INSERT INTO evenements (numero_unique, moment, auteur, nature, detail) VALUES ($1, $2, $3, $4, $5)",
        vec![
            text(&event.numero_unique),
            int(event.moment),
            text(&event.auteur),
            text(&event.nature),
            text(&event.detail),
        ],
    )
}

/// The notes of application `numero`, oldest first.
pub async fn notes_of(store: &dyn Store, numero: &str) -> Result<Vec<Note>> {
    let rows = store
        .fetch(
            "SELECT numero_unique, auteur, organisme, moment, texte FROM notes
WHERE numero_unique = $1 ORDER BY moment, ligne",
            &[text(numero)],
            &[Text, Text, Text, Int, Text],
        )
        .await?;
    rows.into_iter()
        .map(|row| {
            let mut v = Values::of(row);
            Ok(Note {
                numero_unique: v.text()?,
                auteur: v.text()?,
                organisme: v.optional_text()?,
                moment: v.int()?,
                texte: v.text()?,
            })
        })
        .collect()
}

/// The changes made to application `numero` in Logis, oldest first.
pub async fn events_of(store: &dyn Store, numero: &str) -> Result<Vec<Event>> {
    let rows = store
        .fetch(
            "SELECT numero_unique, moment, auteur, nature, detail FROM evenements
WHERE numero_unique = $1 ORDER BY moment, ligne",
            &[text(numero)],
            &[Text, Int, Text, Text, Text],
        )
        .await?;
    rows.into_iter()
        .map(|row| {
            let mut v = Values::of(row);
            Ok(Event {
                numero_unique: v.text()?,
                moment: v.int()?,
                auteur: v.text()?,
                nature: v.text()?,
                detail: v.text()?,
            })
        })
        .collect()
}
