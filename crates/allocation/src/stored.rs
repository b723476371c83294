//! The candidates for a vacant dwelling read from a store: the candidates' index gives, in
//! score order, the applications that wish the dwelling's commune and have a household size it
//! may fit; they are read a page at a time and examined by every rule ([`crate::examine`])
//! until enough candidates are found. The « pourquoi pas ? » of one application named by a user.

use crate::{Applicant, Context, Verdict, examine};
use logis_domain::{Demande, Logement, Membre};
use logis_store::allocation::candidates::{self, Persons, applications, next_page};
use logis_store::{CandidateEntry, Store, StoreError, StoredScore, lookup_all};

/// Lines of the index read at a time.
const PAGE: usize = 100;

/// One candidate, with its place among the candidates found.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// 1 for the first in score order.
    pub position: usize,
    pub demande: Demande,
    pub members: Vec<Membre>,
    pub score: Option<i64>,
    pub verdict: Verdict,
}

/// The first candidates for a dwelling.
#[derive(Debug, Clone)]
pub struct Candidates {
    pub candidates: Vec<Candidate>,
    /// Applications read from the index (candidates and excluded).
    pub examined: usize,
    /// Applications the index holds for the commune and the sizes (those the candidates are
    /// looked for among), counted up to `COUNT_CAP` + 1 (meaning « more than the cap »).
    pub pool: i64,
    /// Whether every application of the pool was examined (no more candidates exist).
    pub complete: bool,
}

/// The first `wanted` candidates for `dwelling`, in score order.
pub async fn candidates(
    store: &dyn Store,
    dwelling: &Logement,
    context: &Context<'_>,
    wanted: usize,
) -> Result<Candidates, StoreError> {
    let Some((min, max)) = context.sizes.persons_for(dwelling.typologie) else {
        return Ok(Candidates { candidates: Vec::new(), examined: 0, pool: 0, complete: true });
    };
    let persons = Persons { min: min as i64, max: max.map(|m| m as i64) };
    let commune = dwelling.commune.as_str();
    let pool = candidates::count(store, commune, persons).await?;
    let mut found = Vec::new();
    let mut examined = 0;
    let mut cursor = None;
    loop {
        let page = next_page(store, commune, persons, cursor.as_ref(), PAGE).await?;
        let numeros: Vec<&str> = page.iter().map(|e| e.numero_unique.as_str()).collect();
        let read = applications(store, &numeros).await?;
        for (entry, (demande, members)) in pair(&page, read) {
            examined += 1;
            let applicant =
                Applicant { demande: &demande, members: &members, score: Some(entry.score) };
            let verdict = examine(dwelling, &applicant, context);
            if verdict.is_candidate() {
                found.push(Candidate {
                    position: found.len() + 1,
                    demande,
                    members,
                    score: Some(entry.score),
                    verdict,
                });
                if found.len() == wanted {
                    return Ok(Candidates { candidates: found, examined, pool, complete: false });
                }
            }
        }
        if page.len() < PAGE {
            return Ok(Candidates { candidates: found, examined, pool, complete: true });
        }
        cursor = page.into_iter().last();
    }
}

/// Pairs each index line of a page with its application (read in the page's order), skipping
/// lines whose application is gone since the index was written.
fn pair(
    page: &[CandidateEntry],
    read: Vec<(Demande, Vec<Membre>)>,
) -> Vec<(&CandidateEntry, (Demande, Vec<Membre>))> {
    let mut read = read.into_iter().peekable();
    page.iter()
        .filter_map(|entry| {
            let next = read.peek()?;
            (next.0.numero_unique.as_str() == entry.numero_unique)
                .then(|| (entry, read.next().expect("peeked")))
        })
        .collect()
}

/// The verdict on application `numero` for `dwelling` (« pourquoi pas ? »), with its current
/// score; `None` when there is no such application.
pub async fn why_not(
    store: &dyn Store,
    dwelling: &Logement,
    numero: &str,
    context: &Context<'_>,
) -> Result<Option<(Demande, Verdict)>, StoreError> {
    let Some((demande, members)) = applications(store, &[numero]).await?.into_iter().next() else {
        return Ok(None);
    };
    let score = lookup_all::<StoredScore>(store, &[numero]).await?.first().map(|s| s.score);
    let verdict =
        examine(dwelling, &Applicant { demande: &demande, members: &members, score }, context);
    Ok(Some((demande, verdict)))
}
