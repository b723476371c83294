//! The renewal notices (`avis_renouvellement`): from a month before its deadline, an active
//! application's applicant is told to renew it, by e-mail or by a letter the reception desks
//! post. Which applications are due on a day ([`due`]: an indexed range of registration or
//! renewal dates, the exact deadline computed here, those already notified for that deadline
//! left out), a notice recorded ([`record`]: a failed e-mail may later be sent, a sent notice
//! is never replaced), the letters of a day with their addressees ([`letters_of`]) and the
//! runs' counts by day ([`summary`]). What is said and how it is sent is
//! `logis_applicants::notices`'.

use crate::select::parameter_list;
use crate::statement::{Statement, Values, date, int, text};
use crate::tables::ColumnType::{Date, Int, Text};
use crate::{Result, Store, StoreError};
use logis_domain::Date as Day;
use logis_domain::NumeroUnique;
use logis_domain::calendar::{months_after, months_before};
use std::collections::{BTreeMap, HashMap};

/// How long before its deadline an application is notified, in months (when online renewal
/// opens).
pub const NOTICE_MONTHS: u32 = 1;
/// Months of validity of a registration or a renewal (R441-2-7).
const VALIDITY_MONTHS: u32 = 12;
/// Applications whose addressee is read per statement.
const BATCH: usize = 500;

/// How a notice reaches the applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Channel {
    /// An e-mail through the territory's SMTP server (`courriel`).
    Email,
    /// A letter printed by the reception desks and posted (`courrier`).
    Letter,
}

impl Channel {
    pub fn code(self) -> &'static str {
        match self {
            Channel::Email => "courriel",
            Channel::Letter => "courrier",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Channel::Email, Channel::Letter].into_iter().find(|c| c.code() == code)
    }
}

/// Where a notice stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NoticeStatus {
    /// Sent (an e-mail the server took, a letter to post): never sent again (`envoye`).
    Sent,
    /// An e-mail the server did not take: tried again on the next run (`echec`).
    Failed,
}

impl NoticeStatus {
    pub fn code(self) -> &'static str {
        match self {
            NoticeStatus::Sent => "envoye",
            NoticeStatus::Failed => "echec",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [NoticeStatus::Sent, NoticeStatus::Failed].into_iter().find(|s| s.code() == code)
    }
}

/// Whom a notice is for, as the application says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addressee {
    pub numero_unique: NumeroUnique,
    /// The deadline notified.
    pub echeance: Day,
    pub email: Option<String>,
    pub prenom: Option<String>,
    pub nom: Option<String>,
    pub adresse: Option<String>,
}

/// One notice, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub numero_unique: NumeroUnique,
    pub echeance: Day,
    pub moyen: Channel,
    pub statut: NoticeStatus,
    /// The day of the run (the report's day).
    pub jour: Day,
    /// Seconds since 1970.
    pub envoye_le: i64,
}

/// What the runs of one day left: e-mails sent, letters to post, e-mails that failed (and were
/// not sent since).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DaySummary {
    pub jour: Day,
    pub courriels: u64,
    pub courriers: u64,
    pub echecs: u64,
}

/// The deadline of an application registered or last renewed on `renewed`.
pub fn deadline(renewed: Day) -> Day {
    months_after(renewed, VALIDITY_MONTHS)
}

/// Whether a deadline is to be notified on `today`: from a month before it, until it.
pub fn notified_on(echeance: Day, today: Day) -> bool {
    months_before(echeance, NOTICE_MONTHS) <= today && today < echeance
}

const CANDIDATES: &str = "SELECT d.numero_unique, d.date_depot, d.date_renouvellement, a.echeance \
     FROM demandes d LEFT JOIN avis_renouvellement a ON a.numero_unique = d.numero_unique \
     AND a.statut = 'envoye' AND a.echeance > $3 \
     WHERE d.statut = 'active' AND COALESCE(d.date_renouvellement, d.date_depot) BETWEEN $1 AND $2";

/// The active applications to notify on `today`, in numéro order: their deadline is at most a
/// month away and not passed, and no notice for it was sent (a failed e-mail is due again).
pub async fn due(store: &dyn Store, today: Day) -> Result<Vec<Addressee>> {
    // A few days of margin around the month of registrations concerned (short months); the
    // exact test is `notified_on`.
    let margin = time::Duration::days(4);
    let from = months_before(today, VALIDITY_MONTHS) - margin;
    let to = months_before(today, VALIDITY_MONTHS - NOTICE_MONTHS) + margin;
    let rows = store
        .fetch(CANDIDATES, &[date(from), date(to), date(today)], &[Text, Date, Date, Date])
        .await?;
    let mut deadlines: BTreeMap<String, (Day, bool)> = BTreeMap::new();
    for row in rows {
        let mut v = Values::of(row);
        let (numero, depot, renewed, sent) =
            (v.text()?, v.date()?, v.optional_date()?, v.optional_date()?);
        let echeance = deadline(renewed.unwrap_or(depot));
        if !notified_on(echeance, today) {
            continue;
        }
        let entry = deadlines.entry(numero).or_insert((echeance, false));
        entry.1 |= sent == Some(echeance);
    }
    let numeros: Vec<(String, Day)> = deadlines
        .into_iter()
        .filter(|(_, (_, sent))| !sent)
        .map(|(numero, (echeance, _))| (numero, echeance))
        .collect();
    let mut found = Vec::with_capacity(numeros.len());
    for batch in numeros.chunks(BATCH) {
        let echeances: HashMap<&str, Day> = batch.iter().map(|(n, d)| (n.as_str(), *d)).collect();
        let sql = format!(
            "SELECT numero_unique, email, prenom, nom, adresse FROM demandes \
             WHERE numero_unique IN ({}) ORDER BY numero_unique",
            parameter_list(1, batch.len())
        );
        let params: Vec<_> = batch.iter().map(|(n, _)| text(n.as_str())).collect();
        for row in store.fetch(&sql, &params, &[Text, Text, Text, Text, Text]).await? {
            let mut v = Values::of(row);
            let numero = v.text()?;
            let Some(&echeance) = echeances.get(numero.as_str()) else { continue };
            found.push(Addressee {
                numero_unique: parsed(&numero)?,
                echeance,
                email: v.optional_text()?.filter(|e| !e.trim().is_empty()),
                prenom: v.optional_text()?,
                nom: v.optional_text()?,
                adresse: v.optional_text()?,
            });
        }
    }
    Ok(found)
}

/// Records `notice`: a new one, or a failed one's new attempt; a notice sent for the same
/// deadline stays as it is. Whether it was written.
pub async fn record(store: &dyn Store, notice: &Notice) -> Result<bool> {
    let written = store
        .execute(&[Statement::new(
            "INSERT INTO avis_renouvellement \
             (numero_unique, echeance, moyen, envoye_le, statut, jour) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (numero_unique, echeance) DO UPDATE SET moyen = excluded.moyen, \
             envoye_le = excluded.envoye_le, statut = excluded.statut, jour = excluded.jour \
             WHERE avis_renouvellement.statut <> 'envoye'",
            vec![
                text(notice.numero_unique.as_str()),
                date(notice.echeance),
                text(notice.moyen.code()),
                int(notice.envoye_le),
                text(notice.statut.code()),
                date(notice.jour),
            ],
        )])
        .await?;
    Ok(written > 0)
}

/// The notices recorded by the runs of `jour`, in numéro order.
pub async fn of_day(store: &dyn Store, jour: Day) -> Result<Vec<Notice>> {
    let rows = store
        .fetch(
            "SELECT numero_unique, echeance, moyen, statut, envoye_le FROM avis_renouvellement \
             WHERE jour = $1 ORDER BY numero_unique, echeance",
            &[date(jour)],
            &[Text, Date, Text, Text, Int],
        )
        .await?;
    rows.into_iter()
        .map(|row| {
            let mut v = Values::of(row);
            let numero = v.text()?;
            let echeance = v.date()?;
            let (moyen, statut) = (v.text()?, v.text()?);
            Ok(Notice {
                numero_unique: parsed(&numero)?,
                echeance,
                moyen: Channel::from_code(&moyen).ok_or_else(|| corrupt(&moyen))?,
                statut: NoticeStatus::from_code(&statut).ok_or_else(|| corrupt(&statut))?,
                jour,
                envoye_le: v.int()?,
            })
        })
        .collect()
}

/// The letters to post from the runs of `jour`, with their addressees as the applications say
/// now, in numéro order.
pub async fn letters_of(store: &dyn Store, jour: Day) -> Result<Vec<Addressee>> {
    let rows = store
        .fetch(
            "SELECT a.numero_unique, a.echeance, d.email, d.prenom, d.nom, d.adresse \
             FROM avis_renouvellement a JOIN demandes d ON d.numero_unique = a.numero_unique \
             WHERE a.jour = $1 AND a.moyen = 'courrier' AND a.statut = 'envoye' \
             ORDER BY a.numero_unique, a.echeance",
            &[date(jour)],
            &[Text, Date, Text, Text, Text, Text],
        )
        .await?;
    rows.into_iter()
        .map(|row| {
            let mut v = Values::of(row);
            Ok(Addressee {
                numero_unique: parsed(&v.text()?)?,
                echeance: v.date()?,
                email: v.optional_text()?,
                prenom: v.optional_text()?,
                nom: v.optional_text()?,
                adresse: v.optional_text()?,
            })
        })
        .collect()
}

/// The runs' counts by day, from `since` on, the latest day first.
pub async fn summary(store: &dyn Store, since: Day) -> Result<Vec<DaySummary>> {
    let rows = store
        .fetch(
            "SELECT jour, moyen, statut, COUNT(*) FROM avis_renouvellement WHERE jour >= $1 \
             GROUP BY jour, moyen, statut ORDER BY jour DESC",
            &[date(since)],
            &[Date, Text, Text, Int],
        )
        .await?;
    let mut days: Vec<DaySummary> = Vec::new();
    for row in rows {
        let mut v = Values::of(row);
        let (jour, moyen, statut, count) = (v.date()?, v.text()?, v.text()?, v.int()?);
        let count = u64::try_from(count).unwrap_or(0);
        if days.last().is_none_or(|d| d.jour != jour) {
            days.push(DaySummary { jour, courriels: 0, courriers: 0, echecs: 0 });
        }
        let day = days.last_mut().expect("pushed above");
        match (Channel::from_code(&moyen), NoticeStatus::from_code(&statut)) {
            (_, Some(NoticeStatus::Failed)) => day.echecs += count,
            (Some(Channel::Email), Some(NoticeStatus::Sent)) => day.courriels += count,
            (Some(Channel::Letter), Some(NoticeStatus::Sent)) => day.courriers += count,
            _ => return Err(corrupt(&format!("{moyen}/{statut}"))),
        }
    }
    Ok(days)
}

fn parsed(numero: &str) -> Result<NumeroUnique> {
    NumeroUnique::parse(numero).map_err(|e| StoreError::Corrupt {
        table: "avis_renouvellement",
        detail: format!("numéro unique illisible : {e}"),
    })
}

fn corrupt(code: &str) -> StoreError {
    StoreError::Corrupt { table: "avis_renouvellement", detail: format!("code inconnu : {code}") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_deadline_is_notified_from_a_month_before_it_until_it() {
        let echeance = deadline(date!(2025 - 03 - 31));
        assert_eq!(echeance, date!(2026 - 03 - 31));
        assert!(!notified_on(echeance, date!(2026 - 02 - 27)));
        assert!(notified_on(echeance, date!(2026 - 02 - 28)), "the last day of February");
        assert!(notified_on(echeance, date!(2026 - 03 - 30)));
        assert!(!notified_on(echeance, date!(2026 - 03 - 31)), "too late on the day");
        assert_eq!(Channel::from_code("courrier"), Some(Channel::Letter));
        assert_eq!(NoticeStatus::from_code("echec"), Some(NoticeStatus::Failed));
    }
}
