//! Loading what the cotation computes on from the store: the applications active over a period
//! with their households (one query, no contact details), the income thresholds, and the
//! allocations with the filing date of the application each satisfied. Only the fields the
//! cotation reads are kept.

use crate::engine::Thresholds;
use crate::facts::{Applicant, commune};
use crate::waiting::{Lease, one_year_before};
use logis_domain::chunked::Chunked;
use logis_domain::{Attribution, Date, Demande, Membre, NumeroUnique, Seuils, Statut};
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
        let mut kept = Kept::new(active_on);
        store
            .export_households(from, to, &mut |(d, membres)| {
                if let Some(applicant) = kept.note(&d, &membres) {
                    kept.applicants.push(applicant);
                }
                Ok(())
            })
            .await?;
        kept.complete(store, keep_attributions).await
    }
}

/// Whether an application was active at some date of `(from, to)`: what
/// [`Store::export_households`] streams.
pub(crate) fn active_during(d: &Demande, (from, to): (Date, Date)) -> bool {
    d.date_depot <= to && d.date_radiation.is_none_or(|r| r > from)
}

/// What a snapshot keeps of the applications active during its period, as they come: those
/// active on `active_on` (every one when `None`), and the filing date of the allocated ones.
pub(crate) struct Kept {
    active_on: Option<Date>,
    pub(crate) applicants: Chunked<Applicant>,
    /// Filing dates of the allocated applications, for the waiting times of their leases.
    filing_dates: HashMap<NumeroUnique, Date>,
}

impl Kept {
    pub(crate) fn new(active_on: Option<Date>) -> Self {
        Kept { active_on, applicants: Chunked::default(), filing_dates: HashMap::new() }
    }

    /// Notes what the snapshot needs of an application active during the period (the filing
    /// date of an allocated one); the applicant it is when active on the date.
    pub(crate) fn note(&mut self, d: &Demande, membres: &[Membre]) -> Option<Applicant> {
        if d.statut == Statut::Attribuee {
            self.filing_dates.insert(d.numero_unique.clone(), d.date_depot);
        }
        self.active_on.is_none_or(|date| d.is_active_at(date)).then(|| Applicant::new(d, membres))
    }

    /// The lease of allocation `a`, when it satisfied an application noted as allocated.
    pub(crate) fn lease_of(&self, a: &Attribution) -> Option<Lease> {
        let &date_depot = self.filing_dates.get(&a.numero_unique)?;
        Some(Lease {
            commune: commune(&a.commune),
            typologie: a.typologie,
            date_depot,
            date_bail: a.date_bail,
        })
    }

    /// The snapshot of the applicants noted, in numéro order, with `thresholds` and `leases`.
    pub(crate) fn with(self, thresholds: Thresholds, leases: Vec<Lease>) -> Snapshot {
        let mut applicants = self.applicants.into_vec();
        // The store reads them in its own order (a sort of whole rows took two thirds of a
        // national cotation); the cotation merges with the stored scores in numéro order.
        applicants.par_sort_unstable_by(|a, b| a.numero.cmp(&b.numero));
        Snapshot { applicants, thresholds, leases, attributions: Vec::new() }
    }

    /// The snapshot: the applicants in numéro order, the income thresholds and the leases (and
    /// the allocations when `keep_attributions`) read from the store.
    pub(crate) async fn complete(
        self,
        store: &dyn Store,
        keep_attributions: bool,
    ) -> Result<Snapshot, StoreError> {
        let mut seuils = Vec::new();
        export_all::<Seuils>(store, &mut |s| {
            seuils.push(s);
            Ok(())
        })
        .await?;
        let (mut leases, mut attributions) = (Vec::new(), Vec::new());
        let kept = &self;
        export_all::<Attribution>(store, &mut |a| {
            leases.extend(kept.lease_of(&a));
            if keep_attributions {
                attributions.push(a);
            }
            Ok(())
        })
        .await?;
        let mut snapshot = self.with(Thresholds::new(seuils), leases);
        snapshot.attributions = attributions;
        Ok(snapshot)
    }
}
