//! The one-time codes of the applicants' space, in the access register: a code is kept as the
//! SHA-256 of a salt and the code, with its expiry, the attempts taken and the lock that
//! follows too many; a new code replaces the one before, keeping a lock in force; a code used
//! is removed.

use super::AccessWrite;
use crate::record::{self, StoredRecord};
use crate::statement::{Statement, int, text};
use crate::{Result, Store};
use logis_domain::NumeroUnique;

crate::stored_record! {
    /// The code of one application.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ApplicantCode in "codes_demandeurs" {
        pub numero_unique: NumeroUnique,
        pub sel: String,
        pub code_hache: String,
        pub cree_le: i64,
        pub expire_le: i64,
        /// The attempts taken since the code was sent.
        pub essais: i64,
        /// Until when the space is locked after too many failed attempts.
        pub bloque_jusqu_au: Option<i64>,
    }
}

/// Keeps `code` as the application's, replacing the one before (its lock stays in force).
pub fn issue(code: &ApplicantCode) -> AccessWrite {
    let insert = record::insert(code, &[], None);
    AccessWrite::of(Statement::new(
        format!(
            "{} ON CONFLICT (numero_unique) DO UPDATE SET sel = excluded.sel, \
             code_hache = excluded.code_hache, cree_le = excluded.cree_le, \
             expire_le = excluded.expire_le, essais = 0",
            insert.sql
        ),
        insert.params,
    ))
}

/// Forgets the codes of every application that expired before `now` and hold no lock still in
/// force: nothing is kept of a code once it can serve no more (nor of the application it named).
pub fn forget_stale(now: i64) -> AccessWrite {
    AccessWrite::of(Statement::new(
        "DELETE FROM codes_demandeurs WHERE expire_le < $1 \
         AND (bloque_jusqu_au IS NULL OR bloque_jusqu_au < $1)",
        vec![int(now)],
    ))
}

/// The code of application `numero`, if one was sent.
pub async fn of(store: &dyn Store, numero: &NumeroUnique) -> Result<Option<ApplicantCode>> {
    let sql = format!(
        "SELECT {} FROM codes_demandeurs WHERE numero_unique = $1",
        record::select_list::<ApplicantCode>()
    );
    let rows = store.fetch_access(&sql, &[text(numero.as_str())], ApplicantCode::TYPES).await?;
    rows.into_iter().next().map(ApplicantCode::read).transpose()
}

/// Takes one attempt on application `numero`'s code at `now`, before the typed code is compared
/// — so that attempts sent at once are counted all the same: none is taken once `most` were, or
/// while the space is locked (the write then changes no row); the `most`-th locks the space
/// until `locked_until`.
pub fn attempt(numero: &NumeroUnique, most: i64, now: i64, locked_until: i64) -> AccessWrite {
    AccessWrite::of(Statement::new(
        "UPDATE codes_demandeurs SET essais = essais + 1, bloque_jusqu_au = \
         CASE WHEN essais + 1 >= $2 THEN $4 ELSE bloque_jusqu_au END \
         WHERE numero_unique = $1 AND essais < $2 \
         AND (bloque_jusqu_au IS NULL OR bloque_jusqu_au <= $3)",
        vec![text(numero.as_str()), int(most), int(now), int(locked_until)],
    ))
}

/// Removes application `numero`'s code (used: a code serves once).
pub fn used(numero: &NumeroUnique) -> AccessWrite {
    AccessWrite::of(Statement::new(
        "DELETE FROM codes_demandeurs WHERE numero_unique = $1",
        vec![text(numero.as_str())],
    ))
}
