//! The households a social worker follows: a link the household consented to, created by a
//! reception desk or the EPCI. A social worker reaches only these applications.

use crate::record::{self, StoredRecord};
use crate::statement::{Statement, Values, text};
use crate::tables::ColumnType::Int;
use crate::{Result, Store};
use logis_access::Login;
use logis_domain::Date as Day;
use logis_domain::NumeroUnique;

crate::stored_record! {
    /// One follow-up link (`suivis`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct FollowUp in "suivis" {
        pub numero_unique: NumeroUnique,
        /// The social worker's login.
        pub login: Login,
        /// When the household consented.
        pub consentement_le: Day,
        /// Who created the link.
        pub cree_par: String,
        pub cree_le: i64,
    }
}

/// The statement that records `link` (an existing link is kept as it was).
pub fn create(link: &FollowUp) -> Statement {
    let insert = record::insert(link, &[], None);
    Statement::new(
        format!("{} ON CONFLICT (numero_unique, login) DO NOTHING", insert.sql),
        insert.params,
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
    let columns = record::select_list::<FollowUp>();
    let sql = format!("SELECT {columns} FROM suivis WHERE numero_unique = $1 ORDER BY login");
    let rows = store.fetch(&sql, &[text(numero)], FollowUp::TYPES).await?;
    rows.into_iter().map(FollowUp::read).collect()
}
