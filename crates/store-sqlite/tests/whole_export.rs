//! The whole-store export of a database file (`Store::export_encoded`): every row comes out
//! once, in the order stored, across the ranges several threads read; a transaction that has not
//! committed is not seen, and its write lock only makes the export read on one thread; a refusal
//! of the encoder or of the consumer ends it.

use logis_store::{
    Cell, ChunkEncoder, Encoded, Encoder, Store, StoreError, StoredRow, Table, Value,
};
use logis_store_sqlite::SqliteStore;
use std::sync::Arc;

/// More member rows than three of the export's ranges of row numbers.
const MEMBERS: usize = 100_000;

/// Writes each row as `numero;rang` on a line of its own; refuses the rank `refused`.
struct NumeroRang {
    refused: Option<i64>,
    out: Vec<u8>,
}

impl ChunkEncoder for NumeroRang {
    fn row(&mut self, row: &dyn StoredRow) -> logis_store::Result<()> {
        let (Ok(Cell::Text(numero)), Ok(Cell::Int(rang))) = (row.cell(0), row.cell(1)) else {
            return Err(StoreError::other("cellules inattendues"));
        };
        if Some(rang) == self.refused {
            return Err(StoreError::other(format!("rang {rang} refusé")));
        }
        self.out.extend_from_slice(format!("{numero};{rang}\n").as_bytes());
        Ok(())
    }
    fn finish(self: Box<Self>) -> logis_store::Result<Vec<u8>> {
        Ok(self.out)
    }
}

fn encoder(refused: Option<i64>) -> Arc<Encoder> {
    Arc::new(move |_| Box::new(NumeroRang { refused, out: Vec::new() }))
}

/// The member `n` of the rows written: numbers written backwards, so that the order stored is
/// not the key's.
fn member(n: usize) -> (String, i64) {
    (format!("0822412{:06}G0001", MEMBERS - n), (n % 7 + 1) as i64)
}

/// A database file with `MEMBERS` member rows, then those of row numbers 40 001 to 75 000
/// deleted (a gap wider than a range).
async fn store_with_members(dir: &std::path::Path) -> (SqliteStore, std::path::PathBuf) {
    let file = dir.join("export.db");
    let store = SqliteStore::open(&format!("sqlite://{}", file.display())).await.expect("open");
    let rows: Vec<_> = (0..MEMBERS)
        .map(|n| {
            let (numero, rang) = member(n);
            vec![
                Value::Text(Some(numero.into())),
                Value::Int(Some(rang)),
                Value::Text(Some("enfant".into())),
                Value::Date(Some(time::macros::date!(2010 - 05 - 01))),
            ]
        })
        .collect();
    let mut tx = store.begin_writing(&[Table::Membres]).await.expect("transaction");
    tx.write(Table::Membres, &rows).await.expect("rows written");
    tx.commit().await.expect("commit");
    let connection = rusqlite::Connection::open(&file).expect("connection");
    connection
        .execute("DELETE FROM membres WHERE rowid > 40000 AND rowid <= 75000", [])
        .expect("gap");
    (store, file)
}

/// The lines of the rows left, in the order written.
fn expected() -> String {
    (0..MEMBERS)
        .filter(|n| !(40_000..75_000).contains(n))
        .map(|n| {
            let (numero, rang) = member(n);
            format!("{numero};{rang}\n")
        })
        .collect()
}

/// Exports membres (and the empty seuils); the text received and each chunk's table.
async fn exported(
    store: &SqliteStore,
    refused: Option<i64>,
) -> logis_store::Result<(String, Vec<Table>)> {
    let (mut text, mut tables) = (Vec::new(), Vec::new());
    store
        .export_encoded(&[Table::Seuils, Table::Membres], encoder(refused), &mut |e: Encoded| {
            assert_eq!(e.bytes.iter().filter(|b| **b == b'\n').count() as u64, e.rows);
            text.extend_from_slice(&e.bytes);
            tables.push(e.table);
            Ok(())
        })
        .await?;
    Ok((String::from_utf8(text).expect("UTF-8"), tables))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_row_comes_once_in_the_order_stored() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let (store, _) = store_with_members(dir.path()).await;
    let (text, tables) = exported(&store, None).await.expect("export");
    assert_eq!(text, expected());
    assert!(tables.iter().all(|t| *t == Table::Membres), "no chunk of the empty table");
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transaction_not_committed_is_not_seen_and_does_not_stop_the_export() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let (store, file) = store_with_members(dir.path()).await;
    let mut writer = rusqlite::Connection::open(&file).expect("connection");
    let tx = writer
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .expect("write lock");
    tx.execute(
        "INSERT INTO membres (numero_unique, rang, lien, date_naissance) \
         VALUES ('0822412999999G0001', 1, 'titulaire', '1980-01-01')",
        [],
    )
    .expect("row written, not committed");
    let (text, _) = exported(&store, None).await.expect("export");
    assert_eq!(text, expected());
    tx.commit().expect("commit");
    let (after, _) = exported(&store, None).await.expect("export");
    assert_eq!(after, expected() + "0822412999999G0001;1\n");
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refusal_of_the_encoder_or_of_the_consumer_ends_the_export() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let (store, _) = store_with_members(dir.path()).await;
    let refused = exported(&store, Some(7)).await;
    assert!(refused.is_err_and(|e| e.to_string().contains("rang 7 refusé")));
    let mut chunks = 0;
    let stopped = store
        .export_encoded(&[Table::Membres], encoder(None), &mut |_| {
            chunks += 1;
            if chunks == 2 { Err(StoreError::other("assez lu")) } else { Ok(()) }
        })
        .await;
    assert!(stopped.is_err_and(|e| e.to_string().contains("assez lu")));
    assert_eq!(chunks, 2);
    store.close().await;
}
