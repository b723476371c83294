//! The conformance case of rows a transaction makes of those it was given for another table
//! (`ImportTx::write_selected`): the cotation's history lines made of the scores just written,
//! into an empty history and into one that has lines already; what it refuses.

use crate::conformance::{date, demande, exported};
use crate::scores::history_of_every_score;
use crate::{RowsSelected, ScoreHistoryEntry, Store, StoredScore, Table};
use logis_domain::Date;

/// Application `n`'s score of `points`, computed on `on`.
fn score(n: u32, points: i64, on: Date) -> StoredScore {
    StoredScore {
        numero_unique: demande(n).numero_unique,
        calcule_le: on,
        grille_en_vigueur: date(2022, 1, 1),
        grille_empreinte: "0123456789abcdef".into(),
        score: points,
        provisoire: n.is_multiple_of(2),
        detail: format!("anciennete={points}:v;dalo=0:d"),
        commune: "82033".into(),
        typologie: "T2".into(),
        rang: i64::from(n),
        comparables: 3,
    }
}

/// The history line of `score`, computation `calcul`, written out field by field.
fn line(score: &StoredScore, calcul: i64) -> ScoreHistoryEntry {
    ScoreHistoryEntry {
        numero_unique: score.numero_unique.clone(),
        calcul,
        depuis: score.calcule_le,
        grille_en_vigueur: score.grille_en_vigueur,
        grille_empreinte: score.grille_empreinte.clone(),
        score: score.score,
        provisoire: score.provisoire,
        detail: score.detail.clone(),
    }
}

const COTATION: [Table; 2] = [Table::Scores, Table::ScoresHistorique];

/// One cotation: `scores` replace the current ones, and their history lines are made of them
/// as computation `calcul`; the lines written.
async fn cotation(store: &dyn Store, scores: &[StoredScore], calcul: i64) -> u64 {
    use crate::codec::Stored;
    let mut tx = store.begin_writing(&COTATION).await.expect("begin");
    tx.replace_all(Table::Scores).await.expect("replace");
    let rows: Vec<crate::Row> = scores.iter().map(Stored::to_row).collect();
    tx.write(Table::Scores, &rows).await.expect("scores");
    let written = tx.write_selected(&history_of_every_score(calcul)).await.expect("history");
    tx.commit().await.expect("commit");
    written
}

pub async fn history_lines_are_made_of_the_scores_just_written(store: &dyn Store) {
    let first = [score(2, 20, date(2025, 12, 31)), score(1, 10, date(2025, 12, 31))];
    assert_eq!(cotation(store, &first, 100).await, 2, "into an empty history");
    let expected = vec![line(&first[1], 100), line(&first[0], 100)];
    assert_eq!(exported::<ScoreHistoryEntry>(store).await, expected, "every field, in key order");

    // The next day, with a history already there: its lines are kept, the new ones added.
    let second = [score(1, 10, date(2026, 1, 1)), score(2, 25, date(2026, 1, 1))];
    assert_eq!(cotation(store, &second, 200).await, 2, "beside the lines there");
    let expected = vec![
        line(&first[1], 100),
        line(&second[0], 200),
        line(&first[0], 100),
        line(&second[1], 200),
    ];
    assert_eq!(exported::<ScoreHistoryEntry>(store).await, expected);
    assert_eq!(exported::<StoredScore>(store).await, second.to_vec());

    // A dropped transaction leaves the history as it was.
    let mut tx = store.begin_writing(&COTATION).await.expect("begin");
    tx.replace_all(Table::Scores).await.expect("replace");
    tx.write_selected(&history_of_every_score(300)).await.expect("nothing to make lines of");
    drop(tx);
    assert_eq!(exported::<ScoreHistoryEntry>(store).await, expected);
}

pub async fn rows_are_made_only_of_a_table_written_whole_into_a_derived_one(store: &dyn Store) {
    let scores = [score(1, 10, date(2025, 12, 31))];
    cotation(store, &scores, 100).await;
    // Whether a transaction declaring `tables` (replacing the scores first if `replaced`)
    // refuses to write `selected`.
    let refused = |selected: RowsSelected, tables: &'static [Table], replaced: bool| async move {
        let mut tx = store.begin_writing(tables).await.expect("begin");
        if replaced {
            tx.replace_all(Table::Scores).await.expect("replace");
        }
        let outcome = tx.write_selected(&selected).await;
        drop(tx);
        outcome.is_err()
    };
    // The current scores, not written by this transaction.
    assert!(refused(history_of_every_score(200), &COTATION, false).await);
    // A table the transaction did not declare.
    assert!(refused(history_of_every_score(200), &[Table::Scores], true).await);
    // A table of the register, whose changes the bilan's projections follow row by row.
    let into_register = RowsSelected { into: Table::Attributions, ..history_of_every_score(200) };
    assert!(refused(into_register, &[Table::Attributions, Table::Scores], true).await);
    assert_eq!(exported::<ScoreHistoryEntry>(store).await, vec![line(&scores[0], 100)]);
    assert_eq!(exported::<StoredScore>(store).await, scores.to_vec(), "nothing replaced");
}
