//! Loading what the cotation computes on from the store: the applications active over a period
//! with their households (one query, no contact details), the income thresholds, and the
//! allocations with the filing date of the application each satisfied. Only the fields the
//! cotation reads are kept.

use crate::engine::Thresholds;
use crate::facts::{Applicant, commune};
use crate::waiting::{Lease, one_year_before};
use logis_domain::{Attribution, Date, NumeroUnique, Seuils, Statut};
use logis_store::{Store, StoreError, export_all};
use rayon::slice::ParallelSliceMut;
use std::collections::HashMap;
use time::Month;

/// The data of a territory, as the cotation sees it.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// The applications loaded, in numéro unique order.
    pub applicants: Vec<Applicant>,
    pub thresholds: Thresholds,
    /// The allocations of applications active during the period, with their filing date.
    pub leases: Vec<Lease>,
    /// The allocations themselves (for the evaluation only).
    pub attributions: Vec<Attribution>,
}

impl Snapshot {
    /// What a cotation at `date` needs: the applications active on that date, and the
    /// allocations of the 12 months before it (waiting times).
    pub async fn for_date(store: &dyn Store, date: Date) -> Result<Snapshot, StoreError> {
        Snapshot::load(store, (one_year_before(date), date), Some(date), false).await
    }

    /// What the evaluation of `year` needs: every application active at some date of that year
    /// or of the year before (commissions decide before the lease), and every allocation.
    pub async fn for_year(store: &dyn Store, year: i32) -> Result<Snapshot, StoreError> {
        let first =
            Date::from_calendar_date(year - 1, Month::January, 1).expect("1 January exists");
        let last = Date::from_calendar_date(year, Month::December, 31).expect("31 December exists");
        Snapshot::load(store, (first, last), None, true).await
    }

    /// Loads the applications active at some date of `period`, keeping only those active on
    /// `active_on` when given, and the allocations when `keep_attributions`.
    async fn load(
        store: &dyn Store,
        (from, to): (Date, Date),
        active_on: Option<Date>,
        keep_attributions: bool,
    ) -> Result<Snapshot, StoreError> {
        let mut snapshot = Snapshot::default();
        // Filing dates of the allocated applications, for the waiting times of their leases.
        let mut filing_dates: HashMap<NumeroUnique, Date> = HashMap::new();
        store
            .export_households(from, to, &mut |(d, membres)| {
                if d.statut == Statut::Attribuee {
                    filing_dates.insert(d.numero_unique.clone(), d.date_depot);
                }
                if active_on.is_none_or(|date| d.is_active_at(date)) {
                    snapshot.applicants.push(Applicant::new(&d, &membres));
                }
                Ok(())
            })
            .await?;
        // The store reads them in its own order (a sort of whole rows took two thirds of a
        // national cotation); the cotation merges with the stored scores in numéro order.
        snapshot.applicants.par_sort_unstable_by(|a, b| a.numero.cmp(&b.numero));
        let mut seuils = Vec::new();
        export_all::<Seuils>(store, &mut |s| {
            seuils.push(s);
            Ok(())
        })
        .await?;
        snapshot.thresholds = Thresholds::new(seuils);
        let (filing, leases, attributions) =
            (&filing_dates, &mut snapshot.leases, &mut snapshot.attributions);
        export_all::<Attribution>(store, &mut |a| {
            if let Some(&date_depot) = filing.get(&a.numero_unique) {
                leases.push(Lease {
                    commune: commune(&a.commune),
                    typologie: a.typologie,
                    date_depot,
                    date_bail: a.date_bail,
                });
            }
            if keep_attributions {
                attributions.push(a);
            }
            Ok(())
        })
        .await?;
        Ok(snapshot)
    }
}
