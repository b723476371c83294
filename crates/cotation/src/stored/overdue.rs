//! The applications past the territory's « délai anormalement long » (the grid's delay of
//! their first desired typology), for the commission that examines them: read from the store,
//! each with its waiting time in whole months, grouped by first desired commune and typology.

use crate::grid::Delays;
use logis_domain::calendar::{latest_start, whole_months};
use logis_domain::{Date, Typologie, codes::CodeList};
use logis_store::dossiers::overdue::{WaitingLine, filed_by};
use logis_store::{Store, StoreError};

/// One application past its delay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overdue {
    pub line: WaitingLine,
    /// Whole months since filing, on the day of the list.
    pub months: u32,
    /// The delay of its first desired typology, in months.
    pub delay: u32,
}

/// What [`overdue`] found: the applications past their delay, by first desired commune, then
/// typology, then highest score; `complete` is false when more than `most` applications were
/// filed early enough to be read (the caller asks for one commune at a time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueList {
    pub lines: Vec<Overdue>,
    pub complete: bool,
}

/// The active applications past their delay on `today` (whose first desired commune is
/// `commune`, when given), reading at most `most` applications.
pub async fn overdue(
    store: &dyn Store,
    delays: &Delays,
    today: Date,
    commune: Option<&str>,
    most: u64,
) -> Result<OverdueList, StoreError> {
    let shortest =
        delays.by_typologie.iter().flatten().copied().chain([delays.default_months]).min();
    let filed = latest_start(shortest.unwrap_or(delays.default_months) + 1, today);
    let read = filed_by(store, filed, commune, most + 1).await?;
    let complete = read.len() as u64 <= most;
    let mut lines: Vec<Overdue> = read
        .into_iter()
        .take(usize::try_from(most).unwrap_or(usize::MAX))
        .filter_map(|line| {
            let typologie = line.first_typologie().and_then(Typologie::parse_exact);
            let delay = delays.months(typologie);
            let months = whole_months(line.date_depot, today);
            (months > delay).then_some(Overdue { line, months, delay })
        })
        .collect();
    lines.sort_by(|a, b| {
        let key = |o: &Overdue| {
            (o.line.first_commune().map(str::to_owned), o.line.first_typologie().map(str::to_owned))
        };
        key(a)
            .cmp(&key(b))
            .then(b.line.score.cmp(&a.line.score))
            .then(a.line.date_depot.cmp(&b.line.date_depot))
    });
    Ok(OverdueList { lines, complete })
}
