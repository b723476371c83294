//! What the Rust computation of a year reads from a store, held in memory.

use crate::count::Inputs;
use logis_domain::{Attribution, Date, Demande, Membre, Seuils};
use logis_store::{Store, export_all};
use time::Month;

/// The applications, attributions and thresholds a year's evaluation reads.
pub struct Snapshot {
    pub year: i32,
    pub demandes: Vec<(Demande, Vec<Membre>)>,
    pub attributions: Vec<Attribution>,
    pub seuils: Option<Seuils>,
}

impl Snapshot {
    /// Reads from `store` every application not closed before the year and filed by its end
    /// (with its household), the year's attributions and thresholds.
    pub async fn load(store: &dyn Store, year: i32) -> logis_store::Result<Self> {
        let bad_year = |e: time::error::ComponentRange| logis_store::StoreError::Other(e.into());
        let from = Date::from_calendar_date(year - 1, Month::December, 31).map_err(bad_year)?;
        let to = Date::from_calendar_date(year, Month::December, 31).map_err(bad_year)?;
        let mut demandes = Vec::new();
        store
            .export_households(from, to, &mut |household| {
                demandes.push(household);
                Ok(())
            })
            .await?;
        let mut attributions = Vec::new();
        export_all::<Attribution>(store, &mut |a| {
            if a.date_bail.year() == year {
                attributions.push(a);
            }
            Ok(())
        })
        .await?;
        let mut seuils = None;
        export_all::<Seuils>(store, &mut |s| {
            if s.annee == year {
                seuils = Some(s);
            }
            Ok(())
        })
        .await?;
        // The store reads them in its own order; the counts are the same in any order, the
        // snapshot is in numéro unique order all the same, for whoever reads it row by row.
        demandes.sort_unstable_by(|(a, _), (b, _)| a.numero_unique.cmp(&b.numero_unique));
        Ok(Snapshot { year, demandes, attributions, seuils })
    }

    pub fn inputs(&self) -> Inputs<'_> {
        Inputs {
            year: self.year,
            demandes: &self.demandes,
            attributions: &self.attributions,
            seuils: self.seuils.as_ref(),
        }
    }
}
