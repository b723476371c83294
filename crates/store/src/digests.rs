//! The stored rows of a table as their digests, read in one pass of the backend's fastest read:
//! for each row, a hash of its key and a 128-bit hash of every column an export reads. A
//! re-import then writes only the rows whose digest differs from the stored one's, instead of
//! asking the database to compare millions of rows one by one; the rows it writes are compared
//! by the database as before (an equal row left as it is), so a digest only ever spares work.
//!
//! The digests live in memory for one import (24 bytes a row in a hash table: about 210 MiB for
//! the national applications, a third more while it grows), never stored: they are always
//! those of the rows as stored now, whatever changed them since the last import. They cover the
//! columns an export reads: the columns derived from them (the applications' folded names) are
//! trusted as stored, written by the same folding as the rows compared.

use crate::encoded::{ChunkEncoder, Encoded, Encoder, StoredRow};
use crate::{Cell, Result, Row, Store, StoreError, Table};
use logis_domain::iso_date::IsoDate;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;
use xxhash_rust::xxh3::{xxh3_64, xxh3_128};

/// Bytes of one row's digest in an encoded chunk: its key's hash, then its columns'.
const WIDTH: usize = 8 + 16;

/// The stored rows of one table, by the hash of their key.
pub struct StoredDigests {
    table: Table,
    form: Form,
    /// The columns' digest as two halves: entries of 24 bytes (a `u128` is aligned on 16,
    /// which would make them 32).
    rows: HashMap<u64, [u64; 2], BuildHasherDefault<KeyHash>>,
    /// The rows stored when the digests were read, and how many of them the rows given since
    /// have brought again (an entry a given row put in is marked: [`MET`]).
    stored: usize,
    met: usize,
}

/// Where a row's key and columns are, among a table's columns.
#[derive(Clone)]
struct Form {
    key: Vec<usize>,
    columns: usize,
}

impl Form {
    fn of(table: Table) -> Self {
        let exported = table.exported_columns();
        let key = table
            .key()
            .iter()
            .map(|name| {
                exported.iter().position(|(column, _)| column == name).expect("a key is exported")
            })
            .collect();
        Form { key, columns: exported.len() }
    }

    /// The hash of `row`'s key and the digest of its columns, `scratch` holding their bytes.
    fn digest(&self, row: &dyn StoredRow, scratch: &mut Vec<u8>) -> Result<(u64, u128), String> {
        scratch.clear();
        for &index in &self.key {
            put(row.cell(index)?, scratch);
        }
        let key = xxh3_64(scratch);
        for index in 0..self.columns {
            put(row.cell(index)?, scratch);
        }
        Ok((key, xxh3_128(scratch)))
    }
}

/// One cell's bytes: its kind, then its value; a date as its ISO text, the form SQLite keeps
/// it in (a date and the same text are one value: a column holds one or the other).
fn put(cell: Cell<'_>, out: &mut Vec<u8>) {
    let text = |bytes: &[u8], out: &mut Vec<u8>| {
        out.push(2);
        out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        out.extend_from_slice(bytes);
    };
    match cell {
        Cell::Null => out.push(0),
        Cell::Int(n) => {
            out.push(1);
            out.extend_from_slice(&n.to_le_bytes());
        }
        Cell::Text(t) => text(t.as_bytes(), out),
        Cell::Date(d) => text(IsoDate::new(d).as_bytes(), out),
    }
}

/// Reads the digests of every stored row of `table` in `form`, each given to `each`
/// ([`Store::export_encoded`], on the backend's threads).
async fn read(
    store: &dyn Store,
    table: Table,
    form: &Form,
    each: &mut (dyn FnMut(u64, u128) + Send),
) -> Result<()> {
    let encoder_form = form.clone();
    let encoder: Arc<Encoder> = Arc::new(move |table| {
        let form = encoder_form.clone();
        Box::new(Digests { table, form, bytes: Vec::new(), scratch: Vec::new() })
    });
    store
        .export_encoded(&[table], encoder, &mut |encoded: Encoded| {
            for digest in encoded.bytes.chunks_exact(WIDTH) {
                let key = u64::from_le_bytes(digest[..8].try_into().expect("8 bytes"));
                let columns = u128::from_le_bytes(digest[8..].try_into().expect("16 bytes"));
                each(key, columns);
            }
            Ok(())
        })
        .await
}

impl StoredDigests {
    /// Reads the digests of every row of `table`.
    pub async fn read(store: &dyn Store, table: Table) -> Result<Self> {
        let form = Form::of(table);
        let mut rows: HashMap<u64, [u64; 2], _> = HashMap::default();
        read(store, table, &form, &mut |key, columns| {
            rows.insert(key, halves(columns));
        })
        .await?;
        let stored = rows.len();
        Ok(StoredDigests { table, form, rows, stored, met: 0 })
    }

    pub fn table(&self) -> Table {
        self.table
    }

    /// How many of the rows stored when the digests were read no row given to
    /// [`StoredDigests::take_changed`] has brought again (by their keys' hashes): none once
    /// the file has brought the whole table again.
    pub fn unmet(&self) -> usize {
        self.stored.saturating_sub(self.met)
    }

    /// Takes out of `rows` (rows of this table, all its columns in order) those that differ
    /// from the stored ones, in their order, and leaves the equal ones; those taken are
    /// counted as written from now on (a second row of the same key is compared with the
    /// first).
    pub fn take_changed(&mut self, rows: &mut Vec<Row>) -> Vec<Row> {
        let mut scratch = Vec::new();
        let (changed, equal) = std::mem::take(rows).into_iter().partition(|row| {
            match self.form.digest(row, &mut scratch) {
                Ok((key, columns)) => {
                    let columns = halves(columns);
                    let before = self.rows.insert(key, [columns[0] | MET, columns[1]]);
                    self.met += usize::from(before.is_some_and(|[high, _]| high & MET == 0));
                    debug_assert!(self.met <= self.stored, "a stored row met twice");
                    before.map(|[high, low]| [high & !MET, low]) != Some(columns)
                }
                // Not a row the store keeps (it will refuse it): written, to be refused.
                Err(_) => true,
            }
        });
        *rows = equal;
        changed
    }
}

/// The stored households, each as the sum of its members' digests, by the hash of its numéro;
/// then, as the file's households are judged, which were found unchanged (not written) and
/// which were given to the store.
pub struct StoredHouseholds {
    form: Form,
    sums: HashMap<u64, u64, BuildHasherDefault<KeyHash>>,
    /// The bytes of the row being digested.
    scratch: Vec<u8>,
}

/// What a household of the file is to the stored one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Household {
    /// The stored household, member for member: not to be written.
    Unchanged,
    /// New, changed, or the second part of a household whose first part was written: to be
    /// written (the store compares it).
    Changed,
    /// A later part of a household whose first part was found equal to the stored household and
    /// not written: to be written together with the stored members, which that first part was.
    ApartFromUnchanged,
}

/// A household's sum keeps 63 bits; its entry holds one of these, top bit set, once judged.
const SUM: u64 = u64::MAX >> 1;
const GIVEN: u64 = u64::MAX;
const KEPT_OUT: u64 = u64::MAX - 1;

impl StoredHouseholds {
    /// Reads the sums of the stored households (16 bytes each, in a hash table: about 150 MiB
    /// for the 4.7 million national households).
    pub async fn read(store: &dyn Store) -> Result<Self> {
        let table = Table::Membres;
        let numero = Form::of(table).key[0];
        let form = Form { key: vec![numero], columns: table.exported_columns().len() };
        let mut sums: HashMap<u64, u64, _> = HashMap::default();
        read(store, table, &form, &mut |key, columns| {
            let sum = sums.entry(key).or_insert(0);
            *sum = sum.wrapping_add(columns as u64) & SUM;
        })
        .await?;
        Ok(StoredHouseholds { form, sums, scratch: Vec::new() })
    }

    /// Judges `run`, the member rows of one numéro that follow each other in the file (all its
    /// columns in order).
    pub fn judge(&mut self, run: &[Row]) -> Household {
        let (mut key, mut sum, mut whole) = (None, 0u64, true);
        for row in run {
            match self.form.digest(row, &mut self.scratch) {
                Ok((numero, columns)) => {
                    key = Some(numero);
                    sum = sum.wrapping_add(columns as u64) & SUM;
                }
                // Not a row the store keeps (it will refuse it): written, to be refused.
                Err(_) => whole = false,
            }
        }
        let Some(key) = key else { return Household::Changed };
        match self.sums.insert(key, GIVEN) {
            Some(KEPT_OUT) => Household::ApartFromUnchanged,
            Some(stored) if whole && stored == sum => {
                self.sums.insert(key, KEPT_OUT);
                Household::Unchanged
            }
            _ => Household::Changed,
        }
    }

    /// How many stored households no run given to [`StoredHouseholds::judge`] has brought
    /// again: none once the file has brought every stored household.
    pub fn unmet(&self) -> usize {
        self.sums.values().filter(|&&sum| sum <= SUM).count()
    }
}

/// A stored row's digest keeps 127 bits; the top bit marks the entries put in by given rows.
const MET: u64 = 1 << 63;

fn halves(digest: u128) -> [u64; 2] {
    [(digest >> 64) as u64 & !MET, digest as u64]
}

/// The digests of a chunk of stored rows.
struct Digests {
    table: Table,
    form: Form,
    bytes: Vec<u8>,
    scratch: Vec<u8>,
}

impl ChunkEncoder for Digests {
    fn row(&mut self, row: &dyn StoredRow) -> Result<()> {
        let (key, columns) = self
            .form
            .digest(row, &mut self.scratch)
            .map_err(|detail| StoreError::Corrupt { table: self.table.name(), detail })?;
        self.bytes.extend_from_slice(&key.to_le_bytes());
        self.bytes.extend_from_slice(&columns.to_le_bytes());
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<Vec<u8>> {
        Ok(self.bytes)
    }
}

/// The keys of the map are hashes already: taken as they are.
#[derive(Default)]
struct KeyHash(u64);

impl Hasher for KeyHash {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use logis_domain::Date;
    use time::macros::date;

    /// A stored row as a backend lends it.
    struct Cells(Vec<Cell<'static>>);

    impl StoredRow for Cells {
        fn cell(&self, index: usize) -> Result<Cell<'_>, String> {
            self.0.get(index).copied().ok_or_else(|| format!("colonne {index} absente"))
        }
    }

    fn digest(row: &[Cell<'static>]) -> (u64, u128) {
        let form = Form { key: vec![0], columns: row.len() };
        form.digest(&Cells(row.to_vec()), &mut Vec::new()).expect("a digest")
    }

    const DAY: Date = date!(2025 - 01 - 31);

    #[test]
    fn a_date_and_its_iso_text_are_one_value_and_nothing_else_is_mistaken_for_another() {
        let base = [Cell::Text("A1"), Cell::Date(DAY), Cell::Int(1), Cell::Null];
        assert_eq!(
            digest(&base),
            digest(&[Cell::Text("A1"), Cell::Text("2025-01-31"), Cell::Int(1), Cell::Null]),
            "SQLite keeps a date as its ISO text"
        );
        let others: [[Cell<'static>; 4]; 5] = [
            [Cell::Text("A1"), Cell::Date(DAY), Cell::Int(1), Cell::Text("")],
            [Cell::Text("A1"), Cell::Date(DAY), Cell::Text("1"), Cell::Null],
            [Cell::Text("A1"), Cell::Date(DAY), Cell::Int(0), Cell::Null],
            [Cell::Text("A1"), Cell::Date(date!(2025 - 01 - 30)), Cell::Int(1), Cell::Null],
            [Cell::Text("A1"), Cell::Null, Cell::Int(1), Cell::Null],
        ];
        for other in others {
            let (key, columns) = digest(&other);
            assert_eq!(key, digest(&base).0, "the same key: {other:?}");
            assert_ne!(columns, digest(&base).1, "told apart: {other:?}");
        }
        assert_ne!(
            digest(&[Cell::Text("k"), Cell::Text("ab"), Cell::Text("c")]).1,
            digest(&[Cell::Text("k"), Cell::Text("a"), Cell::Text("bc")]).1,
            "each text's length is part of the digest"
        );
        assert_ne!(digest(&[Cell::Text("A2")]).0, digest(&[Cell::Text("A1")]).0);
    }
}
