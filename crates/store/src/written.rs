//! What an import wrote, table by table: the rows it inserted or changed. A row that comes back
//! as it is stored is not written again, so that a re-import of an unchanged register writes
//! nothing, and the steps that follow it know what to bring up to date.

use crate::Table;
use std::collections::HashMap;

/// Rows inserted or changed, by table (members: the rows of the households replaced).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Written {
    rows: HashMap<Table, u64>,
}

impl Written {
    /// Counts `rows` more rows written into `table`.
    pub fn add(&mut self, table: Table, rows: u64) {
        if rows > 0 {
            *self.rows.entry(table).or_default() += rows;
        }
    }

    /// The rows written into `table`.
    pub fn rows(&self, table: Table) -> u64 {
        self.rows.get(&table).copied().unwrap_or(0)
    }

    /// Whether nothing was written at all.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_by_table_and_nothing_is_empty() {
        let mut written = Written::default();
        assert!(written.is_empty());
        written.add(Table::Demandes, 0);
        assert!(written.is_empty(), "no row is nothing written");
        written.add(Table::Demandes, 2);
        written.add(Table::Demandes, 3);
        written.add(Table::Membres, 1);
        assert_eq!(written.rows(Table::Demandes), 5);
        assert_eq!(written.rows(Table::Membres), 1);
        assert_eq!(written.rows(Table::Logements), 0);
        assert!(!written.is_empty());
    }
}
