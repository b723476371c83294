//! The cotation kept in the store, on every backend: scores, positions, groups and history
//! written by a refresh, recomputed when an application or the grid changes.

use crate::support::day;
use logis_cotation::Grid;
use logis_cotation::stored::{file_of, refresh, register_grid};
use logis_domain::Demande;
use logis_store::codec::Stored;
use logis_store::{
    CandidateEntry, ComparableGroup, ScoreHistoryEntry, Store, StoredScore, Table, lookup_all,
};
use logis_testkit::{all, cctc_files, every_backend, import};
use std::collections::HashMap;

/// Imports `files`, registers the documented grid and scores at 31/12/2025 (computation 1).
async fn scored(store: &dyn Store, files: &std::path::Path) -> Vec<StoredScore> {
    assert!(import(store, files).await.written);
    let at = day(2025, 12, 31);
    register_grid(store, &logis_cotation::default_grid(), at).await.expect("register");
    refresh(store, at, 1).await.expect("refresh");
    all(store).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refresh_scores_and_ranks_every_active_application() {
    let files = cctc_files(5);
    let mut exported: Vec<Vec<StoredScore>> = Vec::new();
    for backend in every_backend().await {
        let store = &*backend.store;
        assert!(import(store, files.path()).await.written);
        let at = day(2025, 12, 31);
        register_grid(store, &logis_cotation::default_grid(), at).await.expect("register");
        let first = refresh(store, at, 1).await.expect("refresh");
        let active = store.overview(at).await.expect("overview").demandes_actives;
        assert_eq!(first.scored as u64, active, "{}", backend.name);
        assert_eq!(first.changed, first.scored, "every score is new");

        let scores: Vec<StoredScore> = all(store).await;
        assert_eq!(scores.len(), first.scored);
        // Within a group, ranks are 1..n in score order, then seniority.
        let depots: HashMap<String, _> = {
            let demandes: Vec<Demande> = all(store).await;
            demandes.into_iter().map(|d| (d.numero_unique.to_string(), d.date_depot)).collect()
        };
        let mut groups: HashMap<(String, String), Vec<&StoredScore>> = HashMap::new();
        for s in &scores {
            groups.entry((s.commune.clone(), s.typologie.clone())).or_default().push(s);
        }
        for members in groups.values_mut() {
            members.sort_by_key(|s| s.rang);
            for (i, s) in members.iter().enumerate() {
                assert_eq!(s.rang as usize, i + 1);
                assert_eq!(s.comparables as usize, members.len());
            }
            for pair in members.windows(2) {
                let key = |s: &StoredScore| {
                    (std::cmp::Reverse(s.score), depots[s.numero_unique.as_str()])
                };
                assert!(key(pair[0]) <= key(pair[1]), "rank order follows score then seniority");
            }
        }
        // The candidates' index: one line per scored application and desired commune, with
        // its score, filing date and household size.
        let demandes: HashMap<String, Demande> = {
            let all_demandes: Vec<Demande> = all(store).await;
            all_demandes.into_iter().map(|d| (d.numero_unique.to_string(), d)).collect()
        };
        let entries: Vec<CandidateEntry> = all(store).await;
        let wished: usize = scores
            .iter()
            .map(|s| demandes[s.numero_unique.as_str()].communes_souhaitees.len())
            .sum();
        assert_eq!(entries.len(), wished, "{}", backend.name);
        let by_numero: HashMap<&str, &StoredScore> =
            scores.iter().map(|s| (s.numero_unique.as_str(), s)).collect();
        for e in &entries {
            let d = &demandes[e.numero_unique.as_str()];
            assert_eq!(e.score, by_numero[e.numero_unique.as_str()].score);
            assert_eq!(e.date_depot, d.date_depot);
            assert!(d.communes_souhaitees.iter().any(|c| c.as_str() == e.commune));
            let members = lookup_all::<(logis_domain::NumeroUnique, logis_domain::Membre)>(
                store,
                &[e.numero_unique.as_str()],
            )
            .await
            .expect("members");
            assert_eq!(e.personnes as usize, members.len());
        }
        let stored_groups: Vec<ComparableGroup> = all(store).await;
        assert_eq!(stored_groups.len(), groups.len());
        assert!(
            stored_groups
                .iter()
                .all(|g| g.score_q1 <= g.score_mediane && g.score_mediane <= g.score_q3)
        );
        let history: Vec<ScoreHistoryEntry> = all(store).await;
        assert_eq!(history.len(), first.scored);

        // Nothing changed: nothing is added to the history.
        let again = refresh(store, at, 2).await.expect("refresh");
        assert_eq!(again.changed, 0);
        assert_eq!(all::<ScoreHistoryEntry>(store).await.len(), first.scored);
        exported.push(scores);
        backend.finish().await;
    }
    if let [sqlite, postgres] = &exported[..] {
        assert_eq!(sqlite, postgres, "both backends store the same scores");
    }
}

/// An application that lists a desired commune twice (the files' lists are not deduplicated)
/// has one line of the candidates' index for it: the index's key is unique, and a second,
/// equal line made the whole cotation fail.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_commune_listed_twice_is_one_line_of_the_candidates_index() {
    let files = cctc_files(7);
    for backend in every_backend().await {
        let store = &*backend.store;
        let numero = scored(store, files.path()).await[0].numero_unique.to_string();
        let mut demande = lookup_all::<Demande>(store, &[&numero]).await.expect("lookup").remove(0);
        let communes = demande.communes_souhaitees.clone();
        demande.communes_souhaitees.extend(communes.iter().cloned());
        let mut tx = store.begin_import().await.expect("begin");
        tx.write(Table::Demandes, &[demande.to_row()]).await.expect("write");
        tx.commit().await.expect("commit");

        refresh(store, day(2025, 12, 31), 2)
            .await
            .expect("a refresh despite the repeated communes");
        let entries: Vec<CandidateEntry> = all(store).await;
        let mut lines: Vec<&str> = entries
            .iter()
            .filter(|e| e.numero_unique == numero)
            .map(|e| e.commune.as_str())
            .collect();
        lines.sort_unstable();
        let mut wished: Vec<&str> = communes.iter().map(|c| c.as_str()).collect();
        wished.sort_unstable();
        wished.dedup();
        assert_eq!(lines, wished, "{}", backend.name);
        backend.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_application_gets_its_new_score_and_keeps_the_old_one() {
    let files = cctc_files(6);
    for backend in every_backend().await {
        let store = &*backend.store;
        let at = day(2025, 12, 31);
        let before = scored(store, files.path()).await;
        let target = before
            .iter()
            .find(|s| !s.detail.contains("refus"))
            .expect("an application without refusals");
        let numero = target.numero_unique.to_string();

        // The application now records two refused offers: −10 points each.
        let mut demande = lookup_all::<Demande>(store, &[&numero]).await.expect("lookup").remove(0);
        demande.refus_offres_adaptees = Some(2);
        let mut tx = store.begin_import().await.expect("begin");
        tx.write(Table::Demandes, &[demande.to_row()]).await.expect("write");
        tx.commit().await.expect("commit");

        let second = refresh(store, at, 2).await.expect("refresh");
        assert_eq!(second.changed, 1, "{}: only the changed application", backend.name);
        let after = lookup_all::<StoredScore>(store, &[&numero]).await.expect("lookup").remove(0);
        assert_eq!(after.score, target.score - 20);
        let history = lookup_all::<ScoreHistoryEntry>(store, &[&numero]).await.expect("lookup");
        let scores: Vec<i64> = history.iter().map(|h| h.score).collect();
        assert_eq!(scores, [target.score, target.score - 20], "old score kept, in order");

        let file = file_of(store, &numero).await.expect("file").expect("exists");
        let refus = file
            .lines
            .iter()
            .find(|l| &*l.line.code == "refus" || &*l.line.code == "mutation_refus")
            .expect("refusal line");
        assert_eq!(refus.line.points, -20);
        assert!(refus.libelle.starts_with("Refus d'une offre adaptée"), "{}", refus.libelle);
        assert_eq!(file.history.len(), 2);
        assert!(file.group.is_some());
        backend.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_grid_changes_scores_from_its_date_only() {
    let files = cctc_files(7);
    for backend in every_backend().await {
        let store = &*backend.store;
        let at = day(2025, 12, 31);
        let before = scored(store, files.path()).await;

        let text = logis_cotation::DEFAULT_GRID
            .replace("en_vigueur = 2022-01-01", "en_vigueur = 2026-06-01")
            .replace("plafond = 60", "plafond = 24");
        let new = Grid::parse(&text).expect("valid");
        register_grid(store, &new, at).await.expect("register");
        let same_day = refresh(store, at, 2).await.expect("refresh");
        assert_eq!(
            same_day.changed, 0,
            "{}: the new grid does not apply before its date",
            backend.name
        );
        assert_eq!(all::<StoredScore>(store).await, before);

        let later = refresh(store, day(2026, 6, 1), 3).await.expect("refresh");
        assert_eq!(later.grid_date, day(2026, 6, 1));
        let after: Vec<StoredScore> = all(store).await;
        assert!(after.iter().all(|s| s.grille_en_vigueur == day(2026, 6, 1)));
        // The new grid caps seniority at 24 points.
        let capped = after.iter().filter_map(|s| {
            s.detail.split(';').find(|l| l.starts_with("anciennete=")).map(|l| l.to_owned())
        });
        let capped: Vec<String> = capped.collect();
        assert!(
            capped.iter().any(|l| l.starts_with("anciennete=24:")),
            "some applications reach the new cap"
        );
        for line in capped {
            let points: i64 =
                line["anciennete=".len()..line.find(':').expect("status")].parse().expect("points");
            assert!(points <= 24, "{line}");
        }
        backend.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stale_scores_are_told_apart_from_fresh_ones() {
    use logis_cotation::stored::{Stale, staleness};
    let files = cctc_files(6);
    for backend in every_backend().await {
        let (store, name) = (&*backend.store, backend.name);
        assert!(import(store, files.path()).await.written);
        let at = day(2025, 12, 31);
        assert_eq!(
            staleness(store, at).await.expect("read"),
            None,
            "{name}: no grid, nothing to do"
        );
        register_grid(store, &logis_cotation::default_grid(), at).await.expect("register");
        assert!(matches!(staleness(store, at).await.expect("read"), Some(Stale::Unscored(_))));
        refresh(store, at, 1).await.expect("refresh");
        assert_eq!(staleness(store, at).await.expect("read"), None, "{name}: fresh");
        let next = day(2026, 1, 1);
        assert_eq!(
            staleness(store, next).await.expect("read"),
            Some(Stale::Outdated(at)),
            "{name}"
        );
        let text = logis_cotation::DEFAULT_GRID
            .replace("en_vigueur = 2022-01-01", "en_vigueur = 2025-12-01");
        let other = Grid::parse(&text.replacen("points = 10", "points = 11", 1)).expect("grid");
        register_grid(store, &other, at).await.expect("register");
        assert_eq!(staleness(store, at).await.expect("read"), Some(Stale::OtherGrid), "{name}");
        backend.finish().await;
    }
}
