//! What the purge of personal data erases, in SQL both backends run. An application that left
//! the register (allocated or struck off) before a date keeps what the evaluations count —
//! its dates, status, situation, resources, wishes, priority, its household's composition and
//! birth years, its allocation — and loses what names or describes a person: names, contact
//! details, tax income and rent, the exact birth dates of its household (1 January of their
//! year kept), the partners' notes, priority labels and their evidence, social workers'
//! follow-ups, the documents the applicant deposited (with their bytes), its renewal notices,
//! its timeline and the history of its scores. The audit log loses its lines
//! older than its own date. Each real run leaves a report ([`PurgeReport`]).

use crate::access::{self, audit};
use crate::statement::{Statement, Values, date, int, text};
use crate::tables::ColumnType::{Date, Int, Text};
use crate::value::Value;
use crate::{Result, Store};
use logis_domain::Date as Day;

/// The applications that left the register before `$1`.
const CLOSED: &str =
    "SELECT numero_unique FROM demandes WHERE statut <> 'active' AND date_radiation < $1";

/// The personal fields of an application, erased.
const ERASED_FIELDS: &str = "nom = NULL, prenom = NULL, email = NULL, telephone = NULL, \
    adresse = NULL, revenu_fiscal_reference = NULL, loyer_actuel = NULL";

/// Whether an application still holds one of them.
const HOLDS_PERSONAL_FIELDS: &str = "(nom IS NOT NULL OR prenom IS NOT NULL OR email IS NOT NULL \
    OR telephone IS NOT NULL OR adresse IS NOT NULL OR revenu_fiscal_reference IS NOT NULL \
    OR loyer_actuel IS NOT NULL)";

/// How many records of each kind a purge erases (or would erase).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PurgeCounts {
    /// Applications whose names, contact details, tax income and rent are erased.
    pub applications: u64,
    /// Household members whose birth date is cut to its year.
    pub members: u64,
    pub notes: u64,
    pub labels: u64,
    pub followups: u64,
    pub events: u64,
    /// Lines of the history of scores.
    pub score_history: u64,
    /// Lines of the audit log.
    pub audit_lines: u64,
    /// Documents the applicants deposited (pièces justificatives), with their bytes.
    pub documents: u64,
}

/// The dates a purge applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PurgeLimits {
    /// Applications that left the register before this day are purged.
    pub closed_before: Day,
    /// Audit lines written before this moment (seconds since 1970) are erased.
    pub audit_before: i64,
}

/// The day of January 1st of a birth date's year, in the backend's dialect.
fn first_of_january(backend: &str) -> &'static str {
    match backend {
        "postgres" => "make_date(CAST(EXTRACT(YEAR FROM date_naissance) AS INTEGER), 1, 1)",
        _ => "substr(date_naissance, 1, 4) || '-01-01'",
    }
}

/// Each kind of record, counted and erased: (the count's SQL, the statement's SQL).
fn kinds(backend: &str) -> [(String, String); 8] {
    let in_closed = |table: &str| {
        (
            format!("SELECT COUNT(*) FROM {table} WHERE numero_unique IN ({CLOSED})"),
            format!("DELETE FROM {table} WHERE numero_unique IN ({CLOSED})"),
        )
    };
    let january = first_of_january(backend);
    [
        (
            format!(
                "SELECT COUNT(*) FROM demandes WHERE statut <> 'active' AND date_radiation < $1 \
                 AND {HOLDS_PERSONAL_FIELDS}"
            ),
            format!(
                "UPDATE demandes SET {ERASED_FIELDS} WHERE statut <> 'active' \
                 AND date_radiation < $1 AND {HOLDS_PERSONAL_FIELDS}"
            ),
        ),
        (
            format!(
                "SELECT COUNT(*) FROM membres WHERE numero_unique IN ({CLOSED}) \
                 AND date_naissance <> {january}"
            ),
            format!(
                "UPDATE membres SET date_naissance = {january} WHERE numero_unique IN ({CLOSED}) \
                 AND date_naissance <> {january}"
            ),
        ),
        in_closed("notes"),
        in_closed("etiquettes_prioritaires"),
        in_closed("suivis"),
        in_closed("evenements"),
        in_closed("scores_historique"),
        in_closed("pieces_demandeurs"),
    ]
}

async fn counted(store: &dyn Store, sql: &str, params: &[Value]) -> Result<u64> {
    let rows = store.fetch(sql, params, &[Int]).await?;
    let n = rows.into_iter().next().map(|row| Values::of(row).int()).transpose()?;
    Ok(u64::try_from(n.unwrap_or(0)).unwrap_or(0))
}

/// What a purge with `limits` would erase, without erasing anything.
pub async fn simulate(store: &dyn Store, limits: PurgeLimits) -> Result<PurgeCounts> {
    let params = [date(limits.closed_before)];
    let mut n = [0u64; 8];
    for (i, (count, _)) in kinds(store.backend()).iter().enumerate() {
        n[i] = counted(store, count, &params).await?;
    }
    let audit_lines = audit::count_before(store, limits.audit_before).await?;
    Ok(PurgeCounts {
        applications: n[0],
        members: n[1],
        notes: n[2],
        labels: n[3],
        followups: n[4],
        events: n[5],
        score_history: n[6],
        audit_lines: u64::try_from(audit_lines).unwrap_or(0),
        documents: n[7],
    })
}

/// Erases what [`simulate`] counts — the register's records in one transaction, then the
/// audit log's lines — and keeps the report of the run, by `author` at `now`.
pub async fn purge(
    store: &dyn Store,
    limits: PurgeLimits,
    author: &str,
    now: i64,
) -> Result<PurgeReport> {
    let counts = simulate(store, limits).await?;
    let params = vec![date(limits.closed_before)];
    let mut statements: Vec<Statement> = kinds(store.backend())
        .into_iter()
        .map(|(_, erase)| Statement::new(erase, params.clone()))
        .collect();
    // The renewal notices sent to those applications go with them (a trace of a letter, not
    // counted apart).
    statements.push(Statement::new(
        format!("DELETE FROM avis_renouvellement WHERE numero_unique IN ({CLOSED})"),
        params.clone(),
    ));
    let report = PurgeReport { moment: now, author: author.to_owned(), limits, counts };
    statements.push(report.record());
    store.execute(&statements).await?;
    access::write(store, audit::forget_before(limits.audit_before)).await?;
    Ok(report)
}

/// The report of one purge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurgeReport {
    /// When it ran (seconds since 1970).
    pub moment: i64,
    /// Who ran it: an account, `ligne de commande`, or `purge quotidienne`.
    pub author: String,
    pub limits: PurgeLimits,
    pub counts: PurgeCounts,
}

impl PurgeReport {
    fn record(&self) -> Statement {
        let c = &self.counts;
        let n = |v: u64| int(i64::try_from(v).unwrap_or(i64::MAX));
        Statement::new(
            "INSERT INTO purges (moment, auteur, sorties_avant, journal_avant, demandes, membres,
    notes, etiquettes, suivis, evenements, historique, journal, pieces)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            vec![
                int(self.moment),
                text(&self.author),
                date(self.limits.closed_before),
                int(self.limits.audit_before),
                n(c.applications),
                n(c.members),
                n(c.notes),
                n(c.labels),
                n(c.followups),
                n(c.events),
                n(c.score_history),
                n(c.audit_lines),
                n(c.documents),
            ],
        )
    }
}

/// The newest `limit` reports, newest first.
pub async fn reports(store: &dyn Store, limit: u32) -> Result<Vec<PurgeReport>> {
    let rows = store
        .fetch(
            "SELECT CAST(moment AS BIGINT), auteur, sorties_avant, CAST(journal_avant AS BIGINT),
    demandes, membres, notes, etiquettes, suivis, evenements, historique, journal, pieces
FROM purges ORDER BY moment DESC, ligne DESC LIMIT $1",
            &[int(i64::from(limit))],
            &[Int, Text, Date, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int],
        )
        .await?;
    rows.into_iter()
        .map(|row| {
            let mut v = Values::of(row);
            let (moment, author, closed_before, audit_before) =
                (v.int()?, v.text()?, v.date()?, v.int()?);
            let mut n = || v.int().map(|x| u64::try_from(x).unwrap_or(0));
            let counts = PurgeCounts {
                applications: n()?,
                members: n()?,
                notes: n()?,
                labels: n()?,
                followups: n()?,
                events: n()?,
                score_history: n()?,
                audit_lines: n()?,
                documents: n()?,
            };
            Ok(PurgeReport {
                moment,
                author,
                limits: PurgeLimits { closed_before, audit_before },
                counts,
            })
        })
        .collect()
}
