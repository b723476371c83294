//! Offers (`offres`): after the commission, the dwelling is offered to the candidate ranked
//! first; the applicant accepts or refuses (with a reason) or does not answer by the deadline,
//! and then the next ranked gets the offer; an accepted offer ends with the lease.

use crate::record::{self, StoredRecord};
use crate::statement::{Statement, date, int, optional_bool, optional_text, text};
use crate::{Result, Store};
use logis_domain::Date as Day;
use logis_domain::NumeroUnique;
use logis_domain::allocation::{OfferAnswer, OfferId, VacancyId};

crate::stored_record! {
    /// One offer.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Offer in "offres" {
        pub ligne: OfferId,
        pub vacance: VacancyId,
        pub numero_unique: NumeroUnique,
        pub proposee_le: Day,
        /// The deadline of the answer.
        pub reponse_avant: Day,
        /// `None` while waiting.
        pub reponse: Option<OfferAnswer>,
        pub motif_refus: Option<String>,
        /// Whether a refusal was for a legitimate reason (an illegitimate refusal of a suitable
        /// offer may cost points under the grid).
        pub refus_legitime: Option<bool>,
        pub repondue_le: Option<Day>,
        pub bail_signe_le: Option<Day>,
        pub auteur: String,
        pub moment: i64,
    }
}

/// What an offer learns after it is made: left out when it is made.
const LATER: [&str; 5] =
    ["reponse", "motif_refus", "refus_legitime", "repondue_le", "bail_signe_le"];

impl Offer {
    /// Waiting for the applicant's answer.
    pub fn is_pending(&self) -> bool {
        self.reponse.is_none()
    }
}

/// The statement that makes `offer` (its `ligne` is given by the store; its answer and lease
/// come later).
pub fn make(offer: &Offer) -> Statement {
    let mut left_out = vec!["ligne"];
    left_out.extend(LATER);
    record::insert(offer, &left_out, None)
}

/// The statement that records the applicant's answer to offer `ligne`, if it is still waiting.
pub fn answer(
    ligne: OfferId,
    reponse: OfferAnswer,
    motif_refus: Option<&str>,
    refus_legitime: Option<bool>,
    on: Day,
) -> Statement {
    Statement::new(
        "UPDATE offres SET reponse = $2, motif_refus = $3, refus_legitime = $4, repondue_le = $5
WHERE ligne = $1 AND reponse IS NULL",
        vec![
            int(ligne.get()),
            text(reponse.code()),
            optional_text(motif_refus),
            optional_bool(refus_legitime),
            date(on),
        ],
    )
}

/// The statement that records the lease of accepted offer `ligne`.
pub fn lease(ligne: OfferId, on: Day) -> Statement {
    Statement::new(
        "UPDATE offres SET bail_signe_le = $2 WHERE ligne = $1 AND reponse = $3 \
         AND bail_signe_le IS NULL",
        vec![int(ligne.get()), date(on), text(OfferAnswer::Accepted.code())],
    )
}

/// The statement that closes active application `numero` as satisfied by a lease signed on
/// `on` (only those columns: an edit of the application made meanwhile is kept).
pub fn close_as_allocated(numero: &NumeroUnique, on: Day) -> Statement {
    Statement::new(
        "UPDATE demandes SET statut = 'attribuee', date_radiation = $2, motif_radiation = NULL \
         WHERE numero_unique = $1 AND statut = 'active'",
        vec![text(numero), date(on)],
    )
}

/// The statement that counts one more refusal of a suitable offer without a legitimate reason
/// on application `numero` (read by the cotation's grid).
pub fn count_refusal(numero: &NumeroUnique) -> Statement {
    Statement::new(
        "UPDATE demandes SET refus_offres_adaptees = COALESCE(refus_offres_adaptees, 0) + 1
WHERE numero_unique = $1",
        vec![text(numero)],
    )
}

/// The offers of vacancy `vacance`, oldest first.
pub async fn of_vacancy(store: &dyn Store, vacance: VacancyId) -> Result<Vec<Offer>> {
    let columns = record::select_list::<Offer>();
    let sql = format!("SELECT {columns} FROM offres WHERE vacance = $1 ORDER BY ligne");
    let rows = store.fetch(&sql, &[int(vacance.get())], Offer::TYPES).await?;
    rows.into_iter().map(Offer::read).collect()
}

/// The offers made to application `numero`, oldest first.
pub async fn of_application(store: &dyn Store, numero: &str) -> Result<Vec<Offer>> {
    let columns = record::select_list::<Offer>();
    let sql = format!("SELECT {columns} FROM offres WHERE numero_unique = $1 ORDER BY ligne");
    let rows = store.fetch(&sql, &[text(numero)], Offer::TYPES).await?;
    rows.into_iter().map(Offer::read).collect()
}
