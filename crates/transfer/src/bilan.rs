//! The yearly evaluation read from a store: the counts of a year assembled into the model of
//! bilan.md, reservation holders named, the indicators of the work done in Logis, of the PLAI
//! ceilings and of the reservation rights as a flow added, and the years before it for the
//! trend. The command line (`logis bilan`) and the web page both go through here.

use logis_domain::{Financement, Organisme};
use logis_eligibility::ceilings::within;
use logis_eligibility::{CeilingTables, Zone, category_of_application};
use logis_evaluation::{Bilan, EligibilitePlai, Flux, MieuxClassees, Refus, Settings, assemble};
use logis_store::bilan::workflow::{ranked_leases, refused_offers};
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

/// Adds to `bilan` the indicators of the work done in Logis (refusals, the score order), of
/// the PLAI ceilings, which reads every household active on 31 December, and of the
/// reservation rights as a flow ([`flux`]): the year of a report has them, the years of its
/// trend need not.
pub async fn add_practice(store: &dyn Store, bilan: &mut Bilan) -> Result<()> {
    let year = bilan.annee;
    let (refused, ranked, plai, (flux, names)) = futures::future::try_join4(
        refused_offers(store, year),
        ranked_leases(store, year),
        plai_eligibility(store, year),
        futures::future::try_join(flux(store, year), holder_names(store)),
    )
    .await?;
    bilan.refus = Some(Refus::of(&refused));
    bilan.attributions_mieux_classees = Some(MieuxClassees::of(&ranked));
    bilan.eligibilite_plai = Some(plai);
    bilan.flux = Some(flux);
    bilan.name_reservation_holders(&|id| names.get(id).cloned());
    Ok(())
}

/// The reservation rights of `year` as a flow, per holder over every landlord, counted by
/// `logis_flux` on the register of that year alone ([`crate::flux::register_of_year`]).
pub async fn flux(store: &dyn Store, year: i32) -> Result<Flux> {
    let read = crate::flux::register_of_year(store, year).await?;
    Ok(logis_evaluation::flux::flux(year, &read.register, &read.priority))
}

/// The applications active on 31 December of `year` against the PLAI ceilings of `year` (the
/// settings' tables, or the published ones), each in the zone of its first desired commune,
/// its household's category on that day: read one household at a time.
pub async fn plai_eligibility(store: &dyn Store, year: i32) -> Result<EligibilitePlai> {
    let reference = time::Date::from_calendar_date(year, time::Month::December, 31)
        .map_err(|e| logis_store::StoreError::other(format!("année {year} : {e}")))?;
    let tables: CeilingTables = logis_allocation::examination::stored_ceilings(store).await?;
    let (mut eligible, mut above, mut unknown) = (0u64, 0u64, 0u64);
    store
        .export_households(reference, reference, &mut |(demande, members)| {
            let zone = demande.first_commune().map(|c| Zone::of_commune(c.as_str()));
            let category = category_of_application(&demande, &members, reference);
            let ceiling =
                zone.and_then(|z| tables.ceiling(year, z, Financement::Plai, &category).ok());
            match (ceiling, demande.revenu_fiscal_reference) {
                (Some(c), Some(rfr)) if within(rfr, c) => eligible += 1,
                (Some(_), Some(_)) => above += 1,
                _ => unknown += 1,
            }
            Ok(())
        })
        .await?;
    Ok(EligibilitePlai::of(year, eligible, above, unknown))
}

/// The years with allocations in the store up to `today`, oldest first.
pub async fn years(store: &dyn Store, today: time::Date) -> Result<Vec<i32>> {
    let overview = store.overview(today).await?;
    Ok(overview.attributions_par_annee.iter().map(|(y, _)| *y).collect())
}

/// The bilans of `years` (any order given, computed two at a time so that the database works
/// on both cores), in the order given; the last one — the year of a report, after the years
/// of its trend — with the indicators of [`add_practice`].
pub async fn several(store: &dyn Store, years: &[i32], settings: &Settings) -> Result<Vec<Bilan>> {
    store.prepare_bilan().await?;
    let names = holder_names(store).await?;
    let mut bilans = Vec::with_capacity(years.len());
    for pair in years.chunks(2) {
        let counted = pair.iter().map(|y| one_year(store, *y, settings, &names));
        bilans.extend(futures::future::try_join_all(counted).await?);
    }
    if let Some(report_year) = bilans.last_mut() {
        add_practice(store, report_year).await?;
    }
    Ok(bilans)
}

/// The bilans of every year with allocations before `year`, then of `year` itself.
pub async fn with_history(store: &dyn Store, year: i32, settings: &Settings) -> Result<Vec<Bilan>> {
    let year_end = time::Date::from_calendar_date(year, time::Month::December, 31)
        .map_err(|e| logis_store::StoreError::other(format!("année {year} : {e}")))?;
    let before = years(store, year_end).await?.into_iter().filter(|y| *y < year);
    let mut wanted: Vec<i32> = before.collect();
    wanted.push(year);
    several(store, &wanted, settings).await
}
