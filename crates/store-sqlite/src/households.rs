//! Which households of a re-import differ from the stored ones, found as their members are
//! written: those of an unchanged register are not replaced at commit, nor their applications
//! projected again.

use crate::raw_write::{stored_as, write_error};
use logis_store::households::member_numero as numero;
use logis_store::{Result, Row, Table};

/// The households compared so far; the members of the last one seen, kept until the next
/// batch tells whether it goes on there.
#[derive(Default)]
pub struct Comparison {
    last: Vec<Row>,
}

impl Comparison {
    /// The numéros of the households among `rows` (members, in the order of their file) that
    /// differ from the stored ones, except the last one, compared with the next batch. The
    /// rows of one numéro that follow each other are compared together: they are the
    /// household as it is stored when they are as many as its members, each equal to a stored
    /// one of the same rank. A household whose rows are apart in the file is compared part by
    /// part, and no part holds all its members: it is then counted as changed, and replaced by
    /// all its rows, as before.
    pub fn changed(&mut self, db: &rusqlite::Connection, rows: &[Row]) -> Result<Vec<String>> {
        let mut changed = Vec::new();
        let mut stored = Stored::prepare(db)?;
        let runs: Vec<&[Row]> = rows.chunk_by(|a, b| numero(a) == numero(b)).collect();
        for (at, run) in runs.iter().enumerate() {
            let continues = self.last.first().is_some_and(|row| numero(row) == numero(&run[0]));
            if !self.last.is_empty() && !continues {
                stored.compare(&self.last, &mut changed)?;
                self.last.clear();
            }
            if continues || at + 1 == runs.len() {
                self.last.extend_from_slice(run);
            } else {
                stored.compare(run, &mut changed)?;
            }
        }
        Ok(changed)
    }

    /// The last household, if it differs from the stored one.
    pub fn finish(self, db: &rusqlite::Connection) -> Result<Vec<String>> {
        let mut changed = Vec::new();
        if !self.last.is_empty() {
            Stored::prepare(db)?.compare(&self.last, &mut changed)?;
        }
        Ok(changed)
    }
}

/// The statement that reads a stored household.
struct Stored<'db>(rusqlite::Statement<'db>);

impl<'db> Stored<'db> {
    fn prepare(db: &'db rusqlite::Connection) -> Result<Self> {
        let sql = format!(
            "SELECT {} FROM membres WHERE numero_unique = ?1",
            Table::Membres.column_list()
        );
        Ok(Stored(db.prepare(&sql).map_err(write_error)?))
    }

    /// Adds the numéro of `run` (the rows of one numéro) to `changed` when they are not the
    /// stored household.
    fn compare(&mut self, run: &[Row], changed: &mut Vec<String>) -> Result<()> {
        let Some(numero) = numero(&run[0]) else { return Ok(()) };
        let mut found = self.0.query([numero]).map_err(write_error)?;
        let mut members = 0;
        let mut same = true;
        while let Some(stored) = found.next().map_err(write_error)? {
            members += 1;
            // numero_unique and rang are the key, the first two columns (tables.rs checks it).
            let rank = stored.get_ref(1).map_err(write_error)?;
            let equal = run.iter().find(|row| stored_as(&row[1], rank)).is_some_and(|row| {
                row.iter()
                    .enumerate()
                    .all(|(i, value)| stored.get_ref(i).is_ok_and(|cell| stored_as(value, cell)))
            });
            if !equal {
                same = false;
                break;
            }
        }
        if !same || members != run.len() {
            changed.push(numero.to_owned());
        }
        Ok(())
    }
}
