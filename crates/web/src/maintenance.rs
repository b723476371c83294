//! What the server does by itself every night at three (Paris time), and when it starts if the
//! last night was missed: the purge of personal data by the territory's settings (its report
//! kept, its counts in the log), then the cotation brought up to date when it no longer follows
//! the data (seniority and ages move with the date).

use crate::state::AppState;
use std::time::Duration;
use time::OffsetDateTime;

/// Who the purge's report names.
pub const AUTHOR: &str = "purge quotidienne";

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
    match logis_cotation::stored::staleness(&*state.store, now.date()).await {
        Ok(Some(why)) => {
            tracing::info!("scores à recalculer : {why:?}");
            state.rescorer.request(state.store.clone());
        }
        Ok(None) => {}
        Err(e) => tracing::warn!("état de la cotation illisible : {e}"),
    }
}

/// Starts the nightly work in the background, at once when last night's was missed.
pub fn start(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        if due(&state, OffsetDateTime::now_utc()).await {
            nightly(&state, OffsetDateTime::now_utc()).await;
        }
        loop {
            tokio::time::sleep(until_next_night(OffsetDateTime::now_utc())).await;
            nightly(&state, OffsetDateTime::now_utc()).await;
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
