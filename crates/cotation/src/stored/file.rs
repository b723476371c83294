//! One application's cotation as partners and the applicant read it: score and breakdown with
//! the grid's wording, position, distribution of comparable scores, waiting time, history.

use super::CotationError;
use super::grids::registered_grids;
use crate::grid::Grid;
use crate::score::{Line, Score};
use crate::waiting::Level;
use logis_domain::{Date, Demande};
use logis_store::{ComparableGroup, ScoreHistoryEntry, Store, StoredScore, lookup_all};

/// One line of the breakdown with its criterion's wording.
#[derive(Debug, Clone)]
pub struct ExplainedLine {
    pub line: Line,
    pub libelle: String,
    /// The documents its criterion needs seen, for the line to count as verified.
    pub needs: Vec<logis_domain::Piece>,
}

/// One past score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryLine {
    pub depuis: Date,
    pub score: i64,
    pub provisoire: bool,
    pub grille_en_vigueur: Date,
}

/// An application's cotation.
#[derive(Debug, Clone)]
pub struct ApplicantFile {
    pub demande: Demande,
    /// `None` when the application has no current score (not active, or never scored).
    pub score: Option<StoredScore>,
    pub grid_name: Option<String>,
    pub lines: Vec<ExplainedLine>,
    pub group: Option<ComparableGroup>,
    pub waiting_level: Option<Level>,
    pub history: Vec<HistoryLine>,
}

/// The documents of a criterion's bits (bit i = `Piece::ALL[i]`).
pub fn pieces_of(bits: u8) -> Vec<logis_domain::Piece> {
    logis_domain::Piece::ALL.iter().copied().filter(|p| bits & 1 << (*p as u8) != 0).collect()
}

/// The cotation of application `numero`; `None` when there is no such application.
pub async fn file_of(
    store: &dyn Store,
    numero: &str,
) -> Result<Option<ApplicantFile>, CotationError> {
    file_with_grids(store, numero, None).await
}

/// [`file_of`] with the registered grids already read (a server keeps them), or `None` to read
/// them.
pub async fn file_with_grids(
    store: &dyn Store,
    numero: &str,
    known_grids: Option<&[Grid]>,
) -> Result<Option<ApplicantFile>, CotationError> {
    let Some(demande) = lookup_all::<Demande>(store, &[numero]).await?.into_iter().next() else {
        return Ok(None);
    };
    let score = lookup_all::<StoredScore>(store, &[numero]).await?.into_iter().next();
    let history = lookup_all::<ScoreHistoryEntry>(store, &[numero])
        .await?
        .into_iter()
        .map(|h| HistoryLine {
            depuis: h.depuis,
            score: h.score,
            provisoire: h.provisoire,
            grille_en_vigueur: h.grille_en_vigueur,
        })
        .collect();
    let mut file = ApplicantFile {
        demande,
        score: None,
        grid_name: None,
        lines: Vec::new(),
        group: None,
        waiting_level: None,
        history,
    };
    let Some(score) = score else { return Ok(Some(file)) };
    let read;
    let grids = match known_grids {
        Some(grids) => grids,
        None => {
            read = registered_grids(store).await?;
            &read
        }
    };
    let grid = grids
        .iter()
        .find(|g| g.en_vigueur == score.grille_en_vigueur && g.empreinte == score.grille_empreinte);
    file.grid_name = grid.map(|g| g.nom.clone());
    file.lines = Score::decode(&score.detail)
        .unwrap_or_default()
        .into_iter()
        .map(|line| {
            let criterion = grid.and_then(|g| g.criterion(&line.code));
            let libelle = criterion.map_or_else(|| line.code.to_string(), |c| c.libelle.clone());
            let needs = criterion.map(|c| pieces_of(c.pieces)).unwrap_or_default();
            ExplainedLine { line, libelle, needs }
        })
        .collect();
    file.group = lookup_all::<ComparableGroup>(store, &[&score.commune, &score.typologie])
        .await?
        .into_iter()
        .next();
    file.waiting_level = file.group.as_ref().and_then(|g| Level::from_code(&g.attente_niveau));
    file.score = Some(score);
    Ok(Some(file))
}
