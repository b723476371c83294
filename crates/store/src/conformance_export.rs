//! The conformance cases of the whole-store export ([`Store::export_encoded`]): every row comes
//! out once, in the order written for rows loaded whole, in several chunks (a cell larger than a
//! chunk too); an import under way is not seen and does not hold the export up; a refusal of
//! the encoder or of the consumer ends it, and the store serves the next export whole. The
//! encoder tests share.

use crate::{Cell, ChunkEncoder, Encoded, Encoder, Store, StoreError, StoredRow, Table, Value};
use std::sync::Arc;

/// Member rows written: more than four of the backends' ranges (of row numbers, of pages).
pub const MEMBERS: usize = 100_000;

/// Writes each row's cells between `;`, a row on a line; refuses a row whose second cell is
/// the integer `refused`.
pub struct CellsOnALine {
    refused: Option<i64>,
    out: Vec<u8>,
}

impl ChunkEncoder for CellsOnALine {
    fn row(&mut self, row: &dyn StoredRow) -> crate::Result<()> {
        if let (Some(refused), Ok(Cell::Int(n))) = (self.refused, row.cell(1))
            && n == refused
        {
            return Err(StoreError::other(format!("rang {n} refusé")));
        }
        let mut index = 0;
        while let Ok(cell) = row.cell(index) {
            if index > 0 {
                self.out.push(b';');
            }
            let text = match cell {
                Cell::Null => String::new(),
                Cell::Int(n) => n.to_string(),
                Cell::Text(text) => text.to_owned(),
                Cell::Date(date) => date.to_string(),
            };
            self.out.extend_from_slice(text.as_bytes());
            index += 1;
        }
        self.out.push(b'\n');
        Ok(())
    }

    fn finish(self: Box<Self>) -> crate::Result<Vec<u8>> {
        Ok(self.out)
    }
}

/// The encoder of [`CellsOnALine`] chunks.
pub fn encoder(refused: Option<i64>) -> Arc<Encoder> {
    Arc::new(move |_| Box::new(CellsOnALine { refused, out: Vec::new() }))
}

/// The member `n` of the rows written: numbers written backwards, so that the order written is
/// not the key's.
pub fn member(n: usize) -> (String, i64) {
    (format!("0822412{:06}G0001", MEMBERS - n), (n % 7 + 1) as i64)
}

/// The stored row of the member `n`.
pub fn member_row(n: usize) -> Vec<Value> {
    let (numero, rang) = member(n);
    vec![
        Value::Text(Some(numero.into())),
        Value::Int(Some(rang)),
        Value::Text(Some("enfant".into())),
        Value::Date(Some(time::macros::date!(2010 - 05 - 01))),
    ]
}

/// The line [`CellsOnALine`] writes for the member `n`.
pub fn member_line(n: usize) -> String {
    let (numero, rang) = member(n);
    format!("{numero};{rang};enfant;2010-05-01\n")
}

/// Exports `tables`: the text received and each chunk's table.
pub async fn exported(
    store: &dyn Store,
    tables: &[Table],
    refused: Option<i64>,
) -> crate::Result<(String, Vec<Table>)> {
    let (mut text, mut chunks) = (Vec::new(), Vec::new());
    store
        .export_encoded(tables, encoder(refused), &mut |e: Encoded| {
            assert_eq!(e.bytes.iter().filter(|b| **b == b'\n').count() as u64, e.rows);
            text.extend_from_slice(&e.bytes);
            chunks.push(e.table);
            Ok(())
        })
        .await?;
    Ok((String::from_utf8(text).expect("UTF-8"), chunks))
}

pub async fn a_whole_export_reads_every_row_once_in_one_snapshot(store: &dyn Store) {
    let rows: Vec<Vec<Value>> = (0..MEMBERS).map(member_row).collect();
    let mut tx = store.begin_writing(&[Table::Membres]).await.expect("transaction");
    tx.write(Table::Membres, &rows).await.expect("rows written");
    tx.commit().await.expect("commit");
    let expected: String = (0..MEMBERS).map(member_line).collect();

    // An import under way, its row written and not committed.
    let mut pending = store.begin_writing(&[Table::Seuils]).await.expect("transaction");
    let seuils: Vec<Value> = [2025, 100_000, 150_000, 200_000].map(|n| Value::Int(Some(n))).into();
    pending.write(Table::Seuils, &[seuils]).await.expect("row written, not committed");
    let both = [Table::Seuils, Table::Membres];
    let (text, chunks) = exported(store, &both, None).await.expect("export");
    assert_eq!(text, expected, "every row once, in the order written, not the pending one");
    assert!(chunks.len() > 1 && chunks.iter().all(|t| *t == Table::Membres), "{chunks:?}");
    drop(pending);

    let refused = exported(store, &both, Some(7)).await;
    assert!(refused.is_err_and(|e| e.to_string().contains("rang 7 refusé")));
    let mut received = 0;
    let stopped = store
        .export_encoded(&both, encoder(None), &mut |_| {
            received += 1;
            if received == 2 { Err(StoreError::other("assez lu")) } else { Ok(()) }
        })
        .await;
    assert!(stopped.is_err_and(|e| e.to_string().contains("assez lu")));
    assert_eq!(received, 2);
    // Nothing left half read: the next exports are whole.
    for _ in 0..3 {
        assert_eq!(exported(store, &both, None).await.expect("export").0, expected);
    }
}

/// A cell larger than a chunk (three megabytes of a text that is not all ASCII), between rows
/// of a few bytes: every row comes out whole and once, in the order written, the long one too.
pub async fn a_cell_larger_than_a_chunk_is_exported_whole(store: &dyn Store) {
    let long: String = "Hélène ".repeat(3 << 20 >> 3);
    let lien = |n: usize| if n == 1 { long.clone() } else { format!("enfant ä{n}") };
    let rows: Vec<Vec<Value>> = (0..3)
        .map(|n| {
            let mut row = member_row(n);
            row[2] = Value::Text(Some(lien(n).into()));
            row
        })
        .collect();
    let mut tx = store.begin_writing(&[Table::Membres]).await.expect("transaction");
    tx.write(Table::Membres, &rows).await.expect("rows written");
    tx.commit().await.expect("commit");
    let (text, _) = exported(store, &[Table::Membres], None).await.expect("export");
    let expected: String =
        (0..3).map(|n| member_line(n).replace(";enfant;", &format!(";{};", lien(n)))).collect();
    assert_eq!(text.len(), expected.len());
    assert!(text == expected, "the rows differ from the ones written");
}
