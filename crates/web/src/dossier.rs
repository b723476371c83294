//! Reading one application for the pages and the API alike: the application itself, its
//! household, and its opening — the reach checked, the cotation explained with the kept grids,
//! the consultation written in the audit log before anything is shown.

use crate::audit;
use crate::guard::{Origin, Principal, may_reach};
use crate::render::Refusal;
use crate::state::AppState;
use logis_cotation::stored::{ApplicantFile, file_with_grids};
use logis_domain::{Demande, Membre, NumeroUnique};
use logis_store::{Store, lookup_all};

/// The numéro unique written in an address or a saved form, or « not found » (nothing is read
/// for a text that cannot be one).
pub fn numero(text: &str) -> Result<NumeroUnique, Refusal> {
    NumeroUnique::parse(text).map_err(|_| Refusal::NotFound)
}

/// The application `numero`, or « not found ».
pub async fn application(state: &AppState, numero: &str) -> Result<Demande, Refusal> {
    lookup_all::<Demande>(&*state.store, &[numero])
        .await?
        .into_iter()
        .next()
        .ok_or(Refusal::NotFound)
}

/// The titulaire's first name and name as a letter is addressed (empty when neither is known).
pub fn addressee(d: &Demande) -> String {
    [d.prenom.as_deref(), d.nom.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ")
}

/// The household of application `numero`, titulaire first.
pub async fn members_of(store: &dyn Store, numero: &str) -> Result<Vec<Membre>, Refusal> {
    let members = lookup_all::<(NumeroUnique, Membre)>(store, &[numero]).await?;
    Ok(members.into_iter().map(|(_, m)| m).collect())
}

/// Opens application `numero` for `principal`: its cotation and household, once the opening
/// is written in the audit log as `audited_as`.
pub async fn open(
    state: &AppState,
    principal: &Principal,
    origin: &Origin,
    numero: &str,
    audited_as: &str,
) -> Result<(ApplicantFile, Vec<Membre>), Refusal> {
    may_reach(state, principal, numero).await?;
    let store = &*state.store;
    let grids = state.grids.get(store).await.map_err(|e| Refusal::Store(e.to_string()))?;
    let cotation = file_with_grids(store, numero, Some(&grids))
        .await
        .map_err(|e| Refusal::Store(e.to_string()))?
        .ok_or(Refusal::NotFound)?;
    audit::by(state, principal, origin, audit::Action::Consultation, audited_as).await?;
    Ok((cotation, members_of(store, numero).await?))
}
