//! What the server does by itself every night at three (Paris time), and when it starts if the
//! last night was missed: the purge of personal data by the territory's settings (its report
//! kept, its counts in the log), the applications not renewed struck off, the possible
//! duplicates found again, then the cotation brought up to date when it no longer follows the
//! data (seniority and ages move with the date).

use crate::state::AppState;
use logis_store::dossiers::renewal::{self, Actor};
use logis_store::settings::DEMONSTRATION;
use std::time::Duration;
use time::OffsetDateTime;

/// Who the purge's report names.
pub const AUTHOR: &str = "purge quotidienne";
/// Who strikes off the unrenewed applications every night, in their history and the audit log.
pub const RENEWALS: &str = "radiations quotidiennes";

/// The hour of the nightly work, Paris time.
const HOUR: u8 = 3;

/// Seconds from `now` to the next three o'clock in Paris.
pub fn until_next_night(now: OffsetDateTime) -> Duration {
    let local = now.to_offset(crate::format::paris_offset(now));
    let mut next = local.replace_time(time::Time::from_hms(HOUR, 0, 0).expect("a valid hour"));
    if next <= local {
        next += time::Duration::days(1);
    }
    Duration::from_secs((next - local).whole_seconds().max(60) as u64)
}

/// Whether the last purge is more than a day old (or there was none).
async fn due(state: &AppState, now: OffsetDateTime) -> bool {
    match logis_store::retention::reports(&*state.store, 1).await {
        Ok(reports) => reports.first().is_none_or(|r| now.unix_timestamp() - r.moment > 24 * 3600),
        Err(e) => {
            tracing::warn!("rapports de purge illisibles : {e}");
            false
        }
    }
}

/// One night's work.
pub async fn nightly(state: &AppState, now: OffsetDateTime) {
    let retention = state.privacy().retention;
    match logis_privacy::purge::run(&*state.store, &retention, now, AUTHOR).await {
        Ok(report) => {
            let c = report.counts;
            tracing::info!(
                "purge des données personnelles : {} demandes, {} membres, {} notes, {} étiquettes, {} suivis, {} événements, {} scores anciens, {} lignes du journal",
                c.applications,
                c.members,
                c.notes,
                c.labels,
                c.followups,
                c.events,
                c.score_history,
                c.audit_lines
            );
        }
        Err(e) => tracing::warn!("purge des données personnelles non faite : {e}"),
    }
    strike_off_unrenewed(state, now).await;
    crate::notices::nightly(state, now).await;
    match logis_store::dossiers::duplicates::detect(
        &*state.store,
        logis_domain::french::paris_date(now),
    )
    .await
    {
        Ok(found) => tracing::info!(
            "doublons possibles à examiner : {} paires (dont {} nouvelles)",
            found.pairs,
            found.new
        ),
        Err(e) => tracing::warn!("doublons possibles non recherchés : {e}"),
    }
    match logis_cotation::stored::staleness(&*state.store, logis_domain::french::paris_date(now))
        .await
    {
        Ok(Some(why)) => {
            tracing::info!("scores à recalculer : {why:?}");
            state.rescorer.request(state.store.clone(), state.clock.clone());
        }
        Ok(None) => {}
        Err(e) => tracing::warn!("état de la cotation illisible : {e}"),
    }
}

/// Strikes off the applications not renewed one month after their deadline; not in the
/// demonstration's database, a territory frozen at the end of its last year.
async fn strike_off_unrenewed(state: &AppState, now: OffsetDateTime) {
    let demonstration = logis_store::settings::get(&*state.store, DEMONSTRATION).await;
    if matches!(demonstration, Ok(Some(_))) {
        tracing::info!(
            "base de démonstration, figée à la fin de sa dernière année : aucune radiation"
        );
        return;
    }
    let by = Actor { login: RENEWALS, origin: RENEWALS, at: now.unix_timestamp() };
    match renewal::strike_off(&*state.store, logis_domain::french::paris_date(now), &by).await {
        Ok(found) if !found.numeros.is_empty() => {
            tracing::info!("radiation pour non-renouvellement : {} demandes", found.numeros.len());
            state.data_changed();
            state.rescorer.request(state.store.clone(), state.clock.clone());
        }
        Ok(_) => {}
        Err(e) => tracing::warn!("radiations pour non-renouvellement non faites : {e}"),
    }
}

/// Starts the nightly work in the background, at once when last night's was missed.
pub fn start(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        if due(&state, state.clock.now()).await {
            nightly(&state, state.clock.now()).await;
        }
        loop {
            tokio::time::sleep(until_next_night(state.clock.now())).await;
            nightly(&state, state.clock.now()).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_night_is_three_o_clock_in_paris() {
        // 4 December, 12:00 UTC is 13:00 in Paris: fifteen hours to go.
        assert_eq!(
            until_next_night(datetime!(2026-12-04 12:00 UTC)),
            Duration::from_secs(14 * 3600)
        );
        // 1:30 UTC in July is 3:30 in Paris: just past, a day less half an hour.
        assert_eq!(
            until_next_night(datetime!(2026-07-10 01:30 UTC)),
            Duration::from_secs(23 * 3600 + 1800)
        );
    }
}
