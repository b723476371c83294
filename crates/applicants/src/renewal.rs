//! When an applicant may renew their application online: from one month before its deadline
//! (a year after its registration or last renewal, R441-2-7) and until it is struck off, an
//! active application only; renewed today, it is valid one more year.

use logis_domain::calendar::{months_after, months_before};
use logis_domain::{Date, Demande, Statut};

/// How long before the deadline online renewal opens, in months.
pub const OPENS_BEFORE_MONTHS: u32 = 1;

/// Where an application stands with regard to its renewal on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// It may be renewed now (its deadline may be just past: it is not struck off yet).
    Open { deadline: Date },
    /// Too early: renewal opens on `opens_on`.
    NotYet { opens_on: Date, deadline: Date },
    /// Allocated or struck off: nothing to renew.
    Closed,
}

/// The renewal window of `demande` on `today`.
pub fn window(demande: &Demande, today: Date) -> Window {
    if demande.statut != Statut::Active {
        return Window::Closed;
    }
    let deadline = demande.renewal_deadline();
    let opens_on = months_before(deadline, OPENS_BEFORE_MONTHS);
    if today < opens_on { Window::NotYet { opens_on, deadline } } else { Window::Open { deadline } }
}

/// The deadline of an application renewed on `today`.
pub fn deadline_after_renewal(today: Date) -> Date {
    months_after(today, 12)
}

#[cfg(test)]
mod tests {
    use super::*;
    use logis_domain::fixtures::demande;
    use time::macros::date;

    #[test]
    fn renewal_opens_a_month_before_the_deadline_for_an_active_application() {
        let mut d = demande("0820119000001G0004", date!(2025 - 03 - 15));
        d.date_renouvellement = None;
        let deadline = date!(2026 - 03 - 15);
        assert_eq!(
            window(&d, date!(2026 - 02 - 14)),
            Window::NotYet { opens_on: date!(2026 - 02 - 15), deadline }
        );
        assert_eq!(window(&d, date!(2026 - 02 - 15)), Window::Open { deadline });
        assert_eq!(
            window(&d, date!(2026 - 04 - 01)),
            Window::Open { deadline },
            "not struck off yet"
        );
        d.statut = Statut::Attribuee;
        assert_eq!(window(&d, date!(2026 - 03 - 01)), Window::Closed);
        assert_eq!(deadline_after_renewal(date!(2026 - 03 - 01)), date!(2027 - 03 - 01));
    }
}
