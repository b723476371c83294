//! The households a social worker follows: a link the household consented to, created by a
//! reception desk or the EPCI. A social worker reaches only these applications.

use crate::statement::{Statement, Values, int, text};
use crate::tables::ColumnType::{Date, Int, Text};
use crate::{Result, Store, Value};
use logis_domain::Date as Day;

/// One follow-up link (`suivis`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    pub numero_unique: String,
    /// The social worker's login.
    pub login: String,
    /// When the household consented.
    pub consentement_le: Day,
    /// Who created the link.
    pub cree_par: String,
    pub cree_le: i64,
}

/// The statement that records `link` (an existing link is kept as it was).
pub fn create(link: &FollowUp) -> Statement {
    Statement::new(
        "INSERT INTO suivis (numero_unique, login, consentement_le, cree_par, cree_le)
VALUES ($1, $2, $3, $4, $5) ON CONFLICT (numero_unique, login) DO NOTHING",
        vec![
            text(&link.numero_unique),
            text(&link.login),
            Value::Date(Some(link.consentement_le)),
            text(&link.cree_par),
            int(link.cree_le),
        ],
    )
}

/// The statement that removes every link of the account `login` (an account deleted).
pub fn delete_all_of(login: &str) -> Statement {
    Statement::new("DELETE FROM suivis WHERE login = $1", vec![text(login)])
}

/// Whether `login` follows application `numero`.
pub async fn follows(store: &dyn Store, login: &str, numero: &str) -> Result<bool> {
    let rows = store
        .fetch(
            "SELECT COUNT(*) FROM suivis WHERE login = $1 AND numero_unique = $2",
            &[text(login), text(numero)],
            &[Int],
        )
        .await?;
    Ok(rows.into_iter().next().map(|row| Values::of(row).int()).transpose()?.unwrap_or(0) > 0)
}

/// The social workers who follow application `numero`.
pub async fn of_application(store: &dyn Store, numero: &str) -> Result<Vec<FollowUp>> {
    let rows = store
        .fetch(
            "SELECT numero_unique, login, consentement_le, cree_par, cree_le FROM suivis
WHERE numero_unique = $1 ORDER BY login",
            &[text(numero)],
            &[Text, Text, Date, Text, Int],
        )
        .await?;
    rows.into_iter()
        .map(|row| {
            let mut v = Values::of(row);
            Ok(FollowUp {
                numero_unique: v.text()?,
                login: v.text()?,
                consentement_le: v.optional_date()?.unwrap_or(Day::MIN),
                cree_par: v.text()?,
                cree_le: v.int()?,
            })
        })
        .collect()
}
