//! Possible duplicates: two active applications whose titulaires have the same name and birth
//! date (names compared without accents, case or hyphens), the same e-mail or the same phone
//! number are flagged as a pair, found again after each import and each night; the EPCI merges
//! a pair (the older application — registered first — keeps its numéro unique and its date,
//! the other is struck off with `motif_radiation = doublon`, as the SNE does) or dismisses it
//! (two households, not one), and a dismissed pair is never flagged again. Each decision is in
//! both applications' history and in the audit log.

use super::duplicate_keys::Groups;
use super::renewal::Actor;
use crate::access::{self, audit};
use crate::statement::{Statement, Values, date, int, text};
use crate::tables::ColumnType::{Date, Int, Text};
use crate::value::Value;
use crate::{Result, Store, StoreError};
use logis_domain::Date as Day;
use logis_domain::work::EventNature;
use std::collections::{HashMap, HashSet};

/// What two applications have in common that makes them a possible duplicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Criterion {
    /// The same name, first name and birth date of the titulaire.
    Identite,
    /// The same e-mail (case ignored).
    Courriel,
    /// The same phone number (spaces, dots, hyphens and +33 ignored).
    Telephone,
}

impl Criterion {
    pub const ALL: [Criterion; 3] =
        [Criterion::Identite, Criterion::Courriel, Criterion::Telephone];

    pub fn code(self) -> &'static str {
        match self {
            Criterion::Identite => "identite",
            Criterion::Courriel => "courriel",
            Criterion::Telephone => "telephone",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Criterion::ALL.into_iter().find(|c| c.code() == code)
    }

    /// In words, after « même … ».
    pub fn label(self) -> &'static str {
        match self {
            Criterion::Identite => "même nom, prénom et date de naissance",
            Criterion::Courriel => "même adresse électronique",
            Criterion::Telephone => "même numéro de téléphone",
        }
    }
}

/// A key shared by more applications than this is not one person's (a social service's e-mail
/// or phone, given for the households it helps): it flags nothing.
pub const MOST_SHARING: usize = 5;

/// The state of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairState {
    ToExamine,
    Merged,
    Dismissed,
}

impl PairState {
    pub fn code(self) -> &'static str {
        match self {
            PairState::ToExamine => "a_examiner",
            PairState::Merged => "fusionnee",
            PairState::Dismissed => "ecartee",
        }
    }
}

/// A pair of applications that may be the same household's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// Registered first (date, then numéro): kept by a merge.
    pub ancien: String,
    /// Registered later: struck off by a merge.
    pub recent: String,
    pub criteres: Vec<Criterion>,
    /// When the pair was first found.
    pub detecte_le: Day,
}

/// What a detection found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Detection {
    /// Pairs to examine after the run.
    pub pairs: u64,
    /// Of which found for the first time.
    pub new: u64,
    /// Pairs by criterion (a pair may have several), in the order of [`Criterion::ALL`].
    pub by_criterion: [u64; 3],
    /// Keys shared by more than [`MOST_SHARING`] applications, set aside.
    pub shared_keys: u64,
}

/// Pairs written per statement.
const PAIRS_PER_STATEMENT: usize = 200;

/// Finds the possible duplicates among the active applications on `today`: the pairs to
/// examine are replaced by those found now (a pair already found keeps its first date; a pair
/// merged or dismissed stays as it was decided, even when the decision comes while this runs).
pub async fn detect(store: &dyn Store, today: Day) -> Result<Detection> {
    let groups = super::duplicate_keys::found_groups(store).await?;
    detect_among(store, today, groups).await
}

/// [`detect`] from the groups of applications sharing a key already found (by an import whose
/// files brought the whole register, as it read them).
pub async fn detect_among(store: &dyn Store, today: Day, groups: Groups) -> Result<Detection> {
    let (found, shared_keys) = super::duplicate_keys::pairs_of(groups);
    // Every pair already known: to examine since a day, or decided.
    let mut known: HashMap<(String, String), Day> = HashMap::new();
    let mut decided: HashSet<(String, String)> = HashSet::new();
    let rows = store
        .fetch(
            "SELECT numero_ancien, numero_recent, etat, detecte_le FROM doublons",
            &[],
            &[Text, Text, Text, Date],
        )
        .await?;
    for row in rows {
        let mut v = Values::of(row);
        let (pair, etat, since) = ((v.text()?, v.text()?), v.text()?, v.date()?);
        if etat == PairState::ToExamine.code() {
            known.insert(pair, since);
        } else {
            decided.insert(pair);
        }
    }
    let mut detection = Detection { shared_keys, ..Detection::default() };
    let mut statements =
        vec![Statement::new("DELETE FROM doublons WHERE etat = 'a_examiner'", vec![])];
    let to_examine: Vec<_> = found.iter().filter(|(pair, _)| !decided.contains(*pair)).collect();
    for batch in to_examine.chunks(PAIRS_PER_STATEMENT) {
        let mut params: Vec<Value> = Vec::with_capacity(batch.len() * 4);
        let mut rows = Vec::with_capacity(batch.len());
        for ((ancien, recent), criteria) in batch {
            let first = known.get(&(ancien.clone(), recent.clone())).copied();
            detection.pairs += 1;
            detection.new += u64::from(first.is_none());
            for c in criteria.iter() {
                detection.by_criterion[*c as usize] += 1;
            }
            let mut codes: Vec<_> = criteria.to_vec();
            codes.sort();
            let at = params.len();
            rows.push(format!(
                "(${}, ${}, ${}, ${}, 'a_examiner')",
                at + 1,
                at + 2,
                at + 3,
                at + 4
            ));
            params.push(text(ancien));
            params.push(text(recent));
            params.push(text(codes.iter().map(|c| c.code()).collect::<Vec<_>>().join(",")));
            params.push(date(first.unwrap_or(today)));
        }
        statements.push(Statement::new(
            format!(
                "INSERT INTO doublons (numero_ancien, numero_recent, criteres, detecte_le, etat) \
                 VALUES {} ON CONFLICT (numero_ancien, numero_recent) DO NOTHING",
                rows.join(", ")
            ),
            params,
        ));
    }
    store.execute(&statements).await?;
    Ok(detection)
}

const PAIR_COLUMNS: &str = "p.numero_ancien, p.numero_recent, p.criteres, p.detecte_le";

/// The pairs to examine whose two applications are still active.
const PENDING: &str = "FROM doublons p \
    JOIN demandes a ON a.numero_unique = p.numero_ancien \
    JOIN demandes b ON b.numero_unique = p.numero_recent \
    WHERE p.etat = 'a_examiner' AND a.statut = 'active' AND b.statut = 'active'";

fn pair_of(row: crate::value::Row) -> Result<Pair> {
    let mut v = Values::of(row);
    let (ancien, recent, codes, detecte_le) = (v.text()?, v.text()?, v.text()?, v.date()?);
    let criteres = codes.split(',').filter_map(Criterion::from_code).collect();
    Ok(Pair { ancien, recent, criteres, detecte_le })
}

/// The pairs to examine, oldest found first: `limit` of them from `offset`, and how many in
/// all.
pub async fn pending(store: &dyn Store, offset: u64, limit: u64) -> Result<(Vec<Pair>, u64)> {
    let total = store.fetch(&format!("SELECT COUNT(*) {PENDING}"), &[], &[Int]).await?;
    let total = total.into_iter().next().map(|r| Values::of(r).int()).transpose()?.unwrap_or(0);
    let rows = store
        .fetch(
            &format!(
                "SELECT {PAIR_COLUMNS} {PENDING} \
                 ORDER BY p.detecte_le, p.numero_ancien, p.numero_recent LIMIT $1 OFFSET $2"
            ),
            &[int(limit as i64), int(offset as i64)],
            &[Text, Text, Text, Date],
        )
        .await?;
    let pairs = rows.into_iter().map(pair_of).collect::<Result<_>>()?;
    Ok((pairs, u64::try_from(total).unwrap_or(0)))
}

/// The pairs to examine that hold application `numero`.
pub async fn of_application(store: &dyn Store, numero: &str) -> Result<Vec<Pair>> {
    let rows = store
        .fetch(
            &format!(
                "SELECT {PAIR_COLUMNS} {PENDING} AND (p.numero_ancien = $1 OR p.numero_recent = $1) \
                 ORDER BY p.numero_ancien, p.numero_recent"
            ),
            &[text(numero)],
            &[Text, Text, Text, Date],
        )
        .await?;
    rows.into_iter().map(pair_of).collect()
}

/// Why a pair cannot be decided.
#[derive(Debug, thiserror::Error)]
pub enum DecisionRefused {
    #[error(
        "ces deux demandes ne forment pas un doublon possible à examiner (il a peut-être déjà été traité) : rechargez la page « Doublons »"
    )]
    NotPending,
    #[error(
        "l'une des deux demandes n'est plus active (radiée ou attribuée) : la paire quittera la liste à la prochaine recherche"
    )]
    NotActive,
    #[error(
        "ce doublon vient d'être traité par quelqu'un d'autre : rechargez la page « Doublons »"
    )]
    AlreadyDecided,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The pair (`ancien`, `recent`), checked to be examined with both applications active.
async fn examined(
    store: &dyn Store,
    ancien: &str,
    recent: &str,
) -> std::result::Result<(), DecisionRefused> {
    let rows = store
        .fetch(
            "SELECT p.etat, a.statut, b.statut FROM doublons p \
             JOIN demandes a ON a.numero_unique = p.numero_ancien \
             JOIN demandes b ON b.numero_unique = p.numero_recent \
             WHERE p.numero_ancien = $1 AND p.numero_recent = $2",
            &[text(ancien), text(recent)],
            &[Text, Text, Text],
        )
        .await?;
    let Some(row) = rows.into_iter().next() else { return Err(DecisionRefused::NotPending) };
    let mut v = Values::of(row);
    let (etat, a, b) = (v.text()?, v.text()?, v.text()?);
    if etat != PairState::ToExamine.code() {
        return Err(DecisionRefused::NotPending);
    }
    if a != "active" || b != "active" {
        return Err(DecisionRefused::NotActive);
    }
    Ok(())
}

/// The first statement of a decision: the pair leaves « to examine » (none if someone else
/// decided it meanwhile).
fn decide(pair: (&str, &str), state: PairState, by: &Actor<'_>, token: &str) -> Statement {
    Statement::new(
        "UPDATE doublons SET etat = $3, decide_par = $4, decide_le = $5, decision = $6 \
         WHERE numero_ancien = $1 AND numero_recent = $2 AND etat = 'a_examiner'",
        vec![
            text(pair.0),
            text(pair.1),
            text(state.code()),
            text(by.login),
            int(by.at),
            text(token),
        ],
    )
}

/// A mark of one decision, that no other carries (a double click sends two).
fn token() -> String {
    use std::hash::BuildHasher;
    static COUNT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    // Random keys of the standard library's hasher: another process draws others.
    let random = std::collections::hash_map::RandomState::new().hash_one(0u8);
    let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{random:x}-{:x}-{n:x}", std::process::id())
}

/// `sql` (whose parameters are `params`, ending with a condition) written only if this
/// decision's first statement was: the pair decided with `token`. A pair someone else decided
/// meanwhile writes nothing.
fn guarded(sql: &str, mut params: Vec<Value>, pair: (&str, &str), token: &str) -> Statement {
    let n = params.len();
    let sql = format!(
        "{sql} AND EXISTS (SELECT 1 FROM doublons WHERE numero_ancien = ${} \
         AND numero_recent = ${} AND decision = ${})",
        n + 1,
        n + 2,
        n + 3
    );
    params.extend([text(pair.0), text(pair.1), text(token)]);
    Statement::new(sql, params)
}

/// An event of `numero`'s history, guarded by the decision.
fn event(
    numero: &str,
    nature: EventNature,
    detail: String,
    pair: (&str, &str),
    token: &str,
    by: &Actor<'_>,
) -> Statement {
    guarded(
        "INSERT INTO evenements (numero_unique, moment, auteur, nature, detail) \
         SELECT $1, $2, $3, $4, $5 WHERE 1 = 1",
        vec![text(numero), int(by.at), text(by.login), text(nature.code()), text(&detail)],
        pair,
        token,
    )
}

async fn audit_line(
    store: &dyn Store,
    action: audit::AuditAction,
    target: String,
    by: &Actor<'_>,
) -> Result<()> {
    access::write(store, by.line(action, target)).await?;
    Ok(())
}

/// Merges the pair: `recent` is struck off on `today` with `motif_radiation = doublon`,
/// `ancien` keeps its numéro unique and its date of registration; both histories say so and
/// the evaluation's projections are rebuilt before their next use.
pub async fn merge(
    store: &dyn Store,
    ancien: &str,
    recent: &str,
    today: Day,
    by: &Actor<'_>,
) -> std::result::Result<(), DecisionRefused> {
    examined(store, ancien, recent).await?;
    let (pair, token) = ((ancien, recent), token());
    let on = logis_domain::french::date(today);
    let written = store
        .execute(&[
            decide(pair, PairState::Merged, by, &token),
            guarded(
                "UPDATE demandes SET statut = 'radiee', motif_radiation = 'doublon', \
                 date_radiation = $1 WHERE numero_unique = $2 AND statut = 'active'",
                vec![date(today), text(recent)],
                pair,
                &token,
            ),
            event(
                recent,
                EventNature::DuplicateMerged,
                format!(
                    "Radiée le {on} comme doublon de la demande n° {ancien}, enregistrée avant elle, qui est conservée"
                ),
                pair,
                &token,
                by,
            ),
            event(
                ancien,
                EventNature::DuplicateMerged,
                format!(
                    "Conservée le {on} : la demande n° {recent}, du même ménage, est radiée comme doublon"
                ),
                pair,
                &token,
                by,
            ),
            guarded(
                &format!("{} WHERE 1 = 1", crate::bilan::projection::MARK_STALE),
                vec![],
                pair,
                &token,
            ),
        ])
        .await?;
    if written == 0 {
        return Err(DecisionRefused::AlreadyDecided);
    }
    audit_line(
        store,
        audit::AuditAction::DuplicateMerged,
        format!("{recent} radiée, doublon de {ancien}"),
        by,
    )
    .await?;
    Ok(())
}

/// Dismisses the pair: two households, not one; it is not flagged again.
pub async fn dismiss(
    store: &dyn Store,
    ancien: &str,
    recent: &str,
    by: &Actor<'_>,
) -> std::result::Result<(), DecisionRefused> {
    examined(store, ancien, recent).await?;
    let (pair, token) = ((ancien, recent), token());
    let detail = |other: &str| {
        format!("Alerte de doublon écartée : la demande n° {other} est celle d'un autre ménage")
    };
    let written = store
        .execute(&[
            decide(pair, PairState::Dismissed, by, &token),
            event(ancien, EventNature::DuplicateDismissed, detail(recent), pair, &token, by),
            event(recent, EventNature::DuplicateDismissed, detail(ancien), pair, &token, by),
        ])
        .await?;
    if written == 0 {
        return Err(DecisionRefused::AlreadyDecided);
    }
    audit_line(store, audit::AuditAction::DuplicateDismissed, format!("{ancien} et {recent}"), by)
        .await?;
    Ok(())
}
