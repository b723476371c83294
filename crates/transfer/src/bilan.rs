//! The yearly evaluation read from a store: the counts of a year assembled into the model of
//! bilan.md, reservation holders named, and the years before it for the trend. The command line
//! (`logis bilan`) and the web page both go through here.

use logis_domain::Organisme;
use logis_evaluation::{Bilan, Settings, assemble};
use logis_store::{Result, Store, export_all};
use std::collections::HashMap;

/// Organisations' names by identifier.
pub async fn holder_names(store: &dyn Store) -> Result<HashMap<String, String>> {
    let mut names = HashMap::new();
    export_all::<Organisme>(store, &mut |o| {
        names.insert(o.organisme_id.as_str().to_owned(), o.nom);
        Ok(())
    })
    .await?;
    Ok(names)
}

/// The bilan of `year` (after [`Store::prepare_bilan`]).
pub async fn one_year(
    store: &dyn Store,
    year: i32,
    settings: &Settings,
    names: &HashMap<String, String>,
) -> Result<Bilan> {
    let mut bilan = assemble(year, &store.bilan_counts(year).await?, settings);
    bilan.name_reservation_holders(&|id| names.get(id).cloned());
    Ok(bilan)
}

/// The years with allocations in the store, oldest first.
pub async fn years(store: &dyn Store) -> Result<Vec<i32>> {
    let today = time::OffsetDateTime::now_utc().date();
    let overview = store.overview(today).await?;
    Ok(overview.attributions_par_annee.iter().map(|(y, _)| *y).collect())
}

/// The bilans of `years` (any order given, computed two at a time so that the database works
/// on both cores), in the order given.
pub async fn several(store: &dyn Store, years: &[i32], settings: &Settings) -> Result<Vec<Bilan>> {
    store.prepare_bilan().await?;
    let names = holder_names(store).await?;
    let mut bilans = Vec::with_capacity(years.len());
    for pair in years.chunks(2) {
        let counted = pair.iter().map(|y| one_year(store, *y, settings, &names));
        bilans.extend(futures::future::try_join_all(counted).await?);
    }
    Ok(bilans)
}

/// The bilans of every year with allocations before `year`, then of `year` itself.
pub async fn with_history(store: &dyn Store, year: i32, settings: &Settings) -> Result<Vec<Bilan>> {
    let mut wanted: Vec<i32> = years(store).await?.into_iter().filter(|y| *y < year).collect();
    wanted.push(year);
    several(store, &wanted, settings).await
}
