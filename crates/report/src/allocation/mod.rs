//! The documents of a commission session: its minutes, the procès-verbal ([`minutes`]), and
//! the letters that tell each applicant the decision, their rank and the reasons
//! ([`letters`]). Written from plain records the caller fills from the store, as renderer-
//! neutral documents (PDF through [`crate::pdf::to_pdf`]).

pub mod letters;
pub mod minutes;

/// One decision as the documents tell it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRecord {
    pub numero: String,
    /// The titulaire's name (the minutes and letters are personal documents).
    pub nom: String,
    /// Place in the score order among the candidates presented (1 = highest score).
    pub position_score: i64,
    pub score: Option<i64>,
    /// The decision in words (« attribution en rang 2 », say).
    pub decision: String,
    /// The reasons, the missing document and its deadline, the reason for departing from the
    /// score order: each a sentence.
    pub reasons: Vec<String>,
    /// What the decision means for the candidate.
    pub outcome: Outcome,
}

/// What a decision means for the candidate, as a letter explains it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The dwelling is allocated to them, first in rank.
    Allocated,
    /// Allocated in rank `n` (2 or more): the dwelling is theirs if those before refuse.
    AllocatedInRank(i64),
    /// Allocated once a missing document is given (in rank `n` when given).
    UnderCondition(Option<i64>),
    /// Not allocated: the application stays active for other dwellings.
    NotAllocated,
    /// Rejected as inadmissible: struck off one month after notice.
    Inadmissible,
}

/// One dwelling examined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DwellingRecord {
    /// « Logement L123 — T3, 12 rue …, Moissac ».
    pub title: String,
    /// Rent, financing, reservation holder…
    pub description: String,
    /// Why fewer than three candidates were presented, if so.
    pub exception: Option<String>,
    pub decisions: Vec<DecisionRecord>,
}

/// A session with what it decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    /// « Commission d'attribution du 10/03/2026 ».
    pub title: String,
    pub territory: String,
    pub landlord: String,
    pub date: String,
    pub place: String,
    pub members: Vec<String>,
    pub mayor: String,
    pub dwellings: Vec<DwellingRecord>,
    /// The day the documents are printed (« 04/12/2026 »), written on each letter.
    pub printed_on: String,
    /// How applicants reach the landlord's allocation service (address, telephone, e-mail),
    /// as the landlord wrote it; `None` when it has not.
    pub landlord_contact: Option<String>,
}
