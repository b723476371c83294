//! The import's COPY in PostgreSQL's binary format: the server reads each field by its
//! column's type, so every column the store writes must have the type the rows are made for
//! (skipped when LOGIS_TEST_POSTGRES_URL is unset).

use logis_store::statement::{Values, text};
use logis_store::tables::ColumnType;
use logis_store::{Table, Value};

/// PostgreSQL's name of the type a column of `kind` is created with.
fn postgres_type(kind: ColumnType) -> &'static str {
    match kind {
        ColumnType::Text => "text",
        ColumnType::Int => "bigint",
        ColumnType::Bool => "boolean",
        ColumnType::Date => "date",
        ColumnType::Bytes => "bytea",
    }
}

/// A migration that made a column `integer`, or a value stored as text, would have the
/// binary COPY refused (8 bytes sent for a field of 4) or read wrong.
#[tokio::test]
async fn every_column_written_has_the_type_its_rows_are_made_for() {
    let Some(test) = logis_testkit::postgres().await else { return };
    let sql = "SELECT column_name, data_type FROM information_schema.columns \
               WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position";
    for table in Table::ALL {
        let rows = test
            .store
            .fetch(sql, &[text(table.name())], &[ColumnType::Text, ColumnType::Text])
            .await
            .expect("columns read");
        let mut created = std::collections::HashMap::new();
        for row in rows {
            let mut values = Values::of(row);
            let name = values.text().expect("name");
            created.insert(name, values.text().expect("type"));
        }
        for (column, kind) in table.columns() {
            assert_eq!(
                created.get(*column).map(String::as_str),
                Some(postgres_type(*kind)),
                "{}.{column}",
                table.name()
            );
        }
    }
    test.finish().await;
}

/// A row with a value of another type than its column's (a fault of the code that made it)
/// is still written, in COPY's text format, as before.
#[tokio::test]
async fn a_value_of_another_type_than_its_column_is_written_in_text() {
    let Some(test) = logis_testkit::postgres().await else { return };
    let year = |n: i64| Value::Int(Some(n));
    let rows = vec![
        vec![year(2031), year(100), year(200), year(300)],
        vec![text("2032"), year(110), year(210), year(310)],
    ];
    let mut tx = test.store.begin_writing(&[Table::Seuils]).await.expect("transaction");
    tx.write(Table::Seuils, &rows).await.expect("written");
    tx.commit().await.expect("committed");
    let stored = test
        .store
        .fetch(
            "SELECT annee, q3 FROM seuils WHERE annee > 2030 ORDER BY annee",
            &[],
            &[ColumnType::Int, ColumnType::Int],
        )
        .await
        .expect("read");
    assert_eq!(stored, vec![vec![year(2031), year(300)], vec![year(2032), year(310)]]);
    test.finish().await;
}
