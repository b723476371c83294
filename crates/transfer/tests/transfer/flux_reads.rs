//! The flux pages' indexed reads (`transfer::flux::register_between`) give the same bilans and
//! inventories as the whole register, on a generated territory with conventions, on both
//! backends: for every landlord its year's bilan and the inventory of the three years before,
//! and every landlord's bilan from the year's read of all landlords.

use logis_flux::bilan::{bilan, bilans};
use logis_flux::inventory::inventory;
use logis_testkit::{cctc_files, every_backend, import};
use logis_transfer::flux::{landlords, register, register_between};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pages_reads_give_the_whole_registers_figures() {
    let files = cctc_files(5);
    for backend in every_backend().await {
        let store = &*backend.store;
        assert!(import(store, files.path()).await.written, "{}", backend.name);
        let whole = register(store).await.expect("register");
        let landlords = landlords(store).await.expect("landlords");
        let years: std::collections::BTreeSet<i32> =
            whole.attributions.iter().map(|a| a.year()).collect();
        assert!(years.len() >= 3 && !whole.conventions.is_empty(), "{}", backend.name);
        for &year in &years {
            let all = register_between(store, year..=year, None).await.expect("year");
            assert!(all.attributions.len() < whole.attributions.len(), "only the year's");
            assert_eq!(bilans(year, &landlords, &all), bilans(year, &landlords, &whole));
            for landlord in &landlords {
                let own =
                    register_between(store, year - 3..=year, Some(landlord)).await.expect("read");
                let what = format!("{} {landlord} {year}", backend.name);
                assert_eq!(bilan(year, landlord, &own), bilan(year, landlord, &whole), "{what}");
                assert_eq!(
                    inventory(year, landlord, &own),
                    inventory(year, landlord, &whole),
                    "{what}"
                );
            }
        }
        backend.finish().await;
    }
}
