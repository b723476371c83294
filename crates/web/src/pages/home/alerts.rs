//! The reminders a home page gives: from 1 February, the flux bilan of the year before not yet
//! sent (to the landlord that owes it, and to the EPCI how many landlords do); for the EPCI,
//! the year's income ceilings the settings lack and the applications past the « délai
//! anormalement long ».

use crate::format;
use crate::guard::Principal;
use crate::render::Refusal;
use crate::state::AppState;

/// Whether, on `today`, the home pages remind the landlords of their flux bilan of
/// `bilan_year`: from 1 February of the year after, until the end of that year.
pub fn flux_reminder_applies(today: logis_domain::Date, bilan_year: i32) -> bool {
    today.year() == bilan_year + 1 && u8::from(today.month()) >= 2
}

/// The reminder of the flux bilan of the year before for `principal`: a landlord that has not
/// sent it, or the EPCI while some landlord has not; the sentence and the page's link.
pub async fn flux_reminder(
    state: &AppState,
    principal: &Principal,
) -> Result<Option<(String, String)>, Refusal> {
    let today = state.clock.today();
    let year = today.year() - 1;
    if !flux_reminder_applies(today, year) || !principal.permissions().allocate {
        return Ok(None);
    }
    let store = &*state.store;
    let sent: Vec<String> = logis_store::flux::sent(store, year)
        .await?
        .into_iter()
        .map(|s| s.bailleur.as_str().to_owned())
        .collect();
    let deadline = format!("avant le 28 février {}", year + 1);
    Ok(match principal.perimeter() {
        logis_access::Perimeter::Landlord(own) if !sent.contains(&own) => Some((
            format!(
                "Votre bilan {year} de gestion en flux n'est pas encore envoyé : il est attendu par les réservataires et l'EPCI {deadline}."
            ),
            format!("/flux/bailleurs/{}?annee={year}", format::url_encoded(&own)),
        )),
        logis_access::Perimeter::All => {
            let landlords = logis_transfer::flux::landlords(store).await?;
            let missing =
                landlords.iter().filter(|l| !sent.iter().any(|s| s == l.as_str())).count();
            (missing > 0).then(|| {
                (
                    format!("{missing} bailleur(s) n'ont pas encore envoyé leur bilan {year} de gestion en flux, attendu {deadline}."),
                    format!("/flux?annee={}", year + 1),
                )
            })
        }
        _ => None,
    })
}

/// The income ceilings of `year` the settings lack for the territory's zones, in French (what
/// to do is said by the page).
pub async fn missing_ceilings(state: &AppState, year: i32) -> Result<Vec<String>, Refusal> {
    use logis_domain::Financement;
    use logis_eligibility::Zone;
    let tables = logis_allocation::examination::stored_ceilings(&*state.store).await?;
    let mut zones: Vec<Zone> =
        state.communes.territory.iter().map(|code| Zone::of_commune(code)).collect();
    zones.sort_by_key(|z| z.code());
    zones.dedup();
    let mut missing = Vec::new();
    for zone in zones {
        for financement in [Financement::Plai, Financement::Plus] {
            if tables.missing(year, zone, financement).is_some() {
                missing.push(format!("{} {year} ({})", financement.code(), zone.label()));
            }
        }
    }
    Ok(missing)
}

/// The most applications read to count those past the delay (the oldest first: beyond, the
/// page says « au moins »).
const OVERDUE_READ: u64 = 1_000;

/// How many active applications are past the « délai anormalement long », and whether that is
/// all of them (`false`: at least that many).
pub async fn overdue(state: &AppState) -> Result<(usize, bool), Refusal> {
    let delays = crate::pages::overdue::delays_in_force(state).await?;
    let today = state.clock.today();
    let found = logis_cotation::stored::overdue(&*state.store, &delays, today, None, OVERDUE_READ)
        .await
        .map_err(Refusal::from)?;
    Ok((found.lines.len(), found.complete))
}
