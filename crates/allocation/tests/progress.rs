//! The objectives followed live agree with the bilan: counted over a whole past year, the
//! territory's tallies give the bilan's objectives (an independent computation, in SQL), and
//! the groups add up to the whole.

use logis_allocation::progress::progress;
use logis_evaluation::Settings;
use logis_testkit::{cctc_files, every_backend, import};
use time::macros::date;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_year_so_far_is_the_bilan_of_that_year() {
    let files = cctc_files(7);
    for backend in every_backend().await {
        let store = &*backend.store;
        assert!(import(store, files.path()).await.written);
        let settings = Settings::default();
        let bilan = logis_transfer::bilan::several(store, &[2025], &settings)
            .await
            .expect("bilan")
            .remove(0);
        let seuils = logis_store::territory::thresholds_up_to(store, 2025).await.expect("seuils");
        assert_eq!(
            seuils.as_ref().map(|s| s.annee),
            Some(2025),
            "the set has the year's thresholds"
        );
        let live = progress(store, date!(2025 - 12 - 31)).await.expect("progress");
        let objectives = live.whole.objectives(&settings.targets, live.quartiles, false);
        for code in ["q1_hors_qpv", "q234_en_qpv"] {
            let expected = bilan.objectifs.iter().find(|o| o.code == code).expect("objective");
            let got = objectives.iter().find(|o| o.code == code).expect("objective");
            assert_eq!(
                (got.numerateur, got.denominateur),
                (expected.numerateur, expected.denominateur),
                "{code} on {}",
                backend.name
            );
            assert_eq!(got.atteint, expected.atteint, "{code}");
        }
        let priority =
            bilan.objectifs.iter().find(|o| o.code == "prioritaires").expect("objective");
        assert_eq!(
            (Some(live.whole.prioritaires), live.whole.attributions),
            (priority.numerateur, priority.denominateur)
        );
        for (holder, tally) in &live.by_holder {
            let expected = bilan
                .objectifs
                .iter()
                .find(|o| o.code == format!("prioritaires:{holder}"))
                .expect("one objective per holder with allocations");
            assert_eq!(
                (Some(tally.prioritaires), tally.attributions),
                (expected.numerateur, expected.denominateur),
                "{holder}"
            );
        }
        for groups in [&live.by_landlord, &live.by_holder, &live.by_commune] {
            let sum: u64 = groups.values().map(|t| t.attributions).sum();
            assert_eq!(sum, live.whole.attributions);
        }
        assert!(live.whole.attributions > 0, "the year has allocations");
        let midyear = progress(store, date!(2025 - 06 - 30)).await.expect("progress");
        assert!(midyear.whole.attributions < live.whole.attributions, "so far: up to the day");
        backend.finish().await;
    }
}
