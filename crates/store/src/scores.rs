//! The cotation's stored values: registered grids, current scores with their position, the
//! history of scores, and the groups of comparable applications. Plain data: the cotation
//! crate computes them, the store keeps them.

use crate::codec::{Reader, Record, Stored, text};
use crate::statement::RowsSelected;
use crate::tables::Table;
use crate::value::{ColumnSource, Row, Value};
use logis_domain::{Date, NumeroUnique};

/// A grid as registered: its effective date is its key, its fingerprint tells versions of the
/// same date apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredGrid {
    pub en_vigueur: Date,
    pub nom: String,
    pub empreinte: String,
    /// The TOML document, as written by the territory.
    pub texte: String,
    pub enregistree_le: Date,
}

/// The current score of an active application and its position among comparable ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredScore {
    pub numero_unique: NumeroUnique,
    pub calcule_le: Date,
    pub grille_en_vigueur: Date,
    pub grille_empreinte: String,
    pub score: i64,
    pub provisoire: bool,
    /// The breakdown, encoded by the cotation crate.
    pub detail: String,
    /// First desired commune (INSEE) and typology (empty when none): the comparable group.
    pub commune: String,
    pub typologie: String,
    pub rang: i64,
    pub comparables: i64,
}

/// One score an application had from a date on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreHistoryEntry {
    pub numero_unique: NumeroUnique,
    /// When the computation ran (seconds since 1970): orders and identifies the entries.
    pub calcul: i64,
    /// The date the score was computed at.
    pub depuis: Date,
    pub grille_en_vigueur: Date,
    pub grille_empreinte: String,
    pub score: i64,
    pub provisoire: bool,
    pub detail: String,
}

/// The applications sharing a first desired commune and typology: the distribution of their
/// scores and the observed waiting time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComparableGroup {
    pub commune: String,
    pub typologie: String,
    pub effectif: i64,
    pub score_q1: i64,
    pub score_mediane: i64,
    pub score_q3: i64,
    /// Median months from filing to lease, in tenths of a month; `None` when no allocation
    /// was observed.
    pub attente_mois_dixiemes: Option<i64>,
    /// Which allocations the waiting time is observed on (`commune_typologie`, `commune`,
    /// `territoire`, `aucune`).
    pub attente_niveau: String,
    pub attente_attributions: i64,
}

/// One line of the candidates' index: an application scored `score`, filed on `date_depot`,
/// of `personnes` persons, wishes `commune`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateEntry {
    pub commune: String,
    pub score: i64,
    pub date_depot: Date,
    pub numero_unique: String,
    pub personnes: i64,
}

impl<S: ColumnSource> Reader<'_, S> {
    fn int(&self, i: usize) -> Result<i64, String> {
        self.req(i, self.src.int(i))
    }
    fn boolean(&self, i: usize) -> Result<bool, String> {
        self.req(i, self.src.boolean(i))
    }
}

/// `from_record` of a type stored as one variant of [`Record`].
macro_rules! record_variant {
    ($ty:ty, $variant:ident) => {
        impl $ty {
            fn unwrap_record(record: Record) -> Option<Self> {
                match record {
                    Record::$variant(v) => Some(v),
                    _ => None,
                }
            }
        }
    };
}

record_variant!(StoredGrid, Grille);
record_variant!(StoredScore, Score);
record_variant!(ScoreHistoryEntry, ScoreHistorique);
record_variant!(ComparableGroup, GroupeComparable);
record_variant!(CandidateEntry, Candidature);

impl Stored for StoredGrid {
    const TABLE: Table = Table::Grilles;
    fn from_record(record: Record) -> Option<Self> {
        Self::unwrap_record(record)
    }
    fn to_row(&self) -> Row {
        vec![
            Value::Date(Some(self.en_vigueur)),
            text(&self.nom),
            text(&self.empreinte),
            text(&self.texte),
            Value::Date(Some(self.enregistree_le)),
        ]
    }
    fn from_source(src: &impl ColumnSource) -> Result<Self, String> {
        let r = Reader { src };
        Ok(StoredGrid {
            en_vigueur: r.date(0)?,
            nom: r.text(1)?,
            empreinte: r.text(2)?,
            texte: r.text(3)?,
            enregistree_le: r.date(4)?,
        })
    }
}

impl Stored for StoredScore {
    const TABLE: Table = Table::Scores;
    fn from_record(record: Record) -> Option<Self> {
        Self::unwrap_record(record)
    }
    fn to_row(&self) -> Row {
        vec![
            text(&self.numero_unique),
            Value::Date(Some(self.calcule_le)),
            Value::Date(Some(self.grille_en_vigueur)),
            text(&self.grille_empreinte),
            Value::Int(Some(self.score)),
            Value::Bool(Some(self.provisoire)),
            text(&self.detail),
            text(&self.commune),
            text(&self.typologie),
            Value::Int(Some(self.rang)),
            Value::Int(Some(self.comparables)),
        ]
    }
    fn from_source(src: &impl ColumnSource) -> Result<Self, String> {
        let r = Reader { src };
        Ok(StoredScore {
            numero_unique: r.numero(0)?,
            calcule_le: r.date(1)?,
            grille_en_vigueur: r.date(2)?,
            grille_empreinte: r.text(3)?,
            score: r.int(4)?,
            provisoire: r.boolean(5)?,
            detail: r.opt_text(6)?.unwrap_or_default(),
            commune: r.text(7)?,
            typologie: r.opt_text(8)?.unwrap_or_default(),
            rang: r.int(9)?,
            comparables: r.int(10)?,
        })
    }
}

impl Stored for ScoreHistoryEntry {
    const TABLE: Table = Table::ScoresHistorique;
    fn from_record(record: Record) -> Option<Self> {
        Self::unwrap_record(record)
    }
    fn to_row(&self) -> Row {
        vec![
            text(&self.numero_unique),
            Value::Int(Some(self.calcul)),
            Value::Date(Some(self.depuis)),
            Value::Date(Some(self.grille_en_vigueur)),
            text(&self.grille_empreinte),
            Value::Int(Some(self.score)),
            Value::Bool(Some(self.provisoire)),
            text(&self.detail),
        ]
    }
    fn from_source(src: &impl ColumnSource) -> Result<Self, String> {
        let r = Reader { src };
        Ok(ScoreHistoryEntry {
            numero_unique: r.numero(0)?,
            calcul: r.int(1)?,
            depuis: r.date(2)?,
            grille_en_vigueur: r.date(3)?,
            grille_empreinte: r.text(4)?,
            score: r.int(5)?,
            provisoire: r.boolean(6)?,
            detail: r.opt_text(7)?.unwrap_or_default(),
        })
    }
}

impl Stored for ComparableGroup {
    const TABLE: Table = Table::GroupesComparables;
    fn from_record(record: Record) -> Option<Self> {
        Self::unwrap_record(record)
    }
    fn to_row(&self) -> Row {
        vec![
            text(&self.commune),
            text(&self.typologie),
            Value::Int(Some(self.effectif)),
            Value::Int(Some(self.score_q1)),
            Value::Int(Some(self.score_mediane)),
            Value::Int(Some(self.score_q3)),
            Value::Int(self.attente_mois_dixiemes),
            text(&self.attente_niveau),
            Value::Int(Some(self.attente_attributions)),
        ]
    }
    fn from_source(src: &impl ColumnSource) -> Result<Self, String> {
        let r = Reader { src };
        Ok(ComparableGroup {
            commune: r.text(0)?,
            typologie: r.opt_text(1)?.unwrap_or_default(),
            effectif: r.int(2)?,
            score_q1: r.int(3)?,
            score_mediane: r.int(4)?,
            score_q3: r.int(5)?,
            attente_mois_dixiemes: src.int(6)?,
            attente_niveau: r.text(7)?,
            attente_attributions: r.int(8)?,
        })
    }
}

impl Stored for CandidateEntry {
    const TABLE: Table = Table::Candidatures;
    fn from_record(record: Record) -> Option<Self> {
        Self::unwrap_record(record)
    }
    fn to_row(&self) -> Row {
        vec![
            text(&self.commune),
            Value::Int(Some(-self.score)),
            Value::Date(Some(self.date_depot)),
            text(&self.numero_unique),
            Value::Int(Some(self.personnes)),
        ]
    }
    fn from_source(src: &impl ColumnSource) -> Result<Self, String> {
        let r = Reader { src };
        Ok(CandidateEntry {
            commune: r.text(0)?,
            score: -r.int(1)?,
            date_depot: r.date(2)?,
            numero_unique: r.text(3)?,
            personnes: r.int(4)?,
        })
    }
}

/// The history line of every current score, computed at `calcul` (seconds since 1970): what a
/// cotation adds when every score is new or changed (the first one, a new grid), made by the
/// store from the scores it has just been given rather than sent to it again.
pub fn history_of_every_score(calcul: i64) -> RowsSelected {
    RowsSelected {
        into: Table::ScoresHistorique,
        from: Table::Scores,
        select: "numero_unique, $1, calcule_le, grille_en_vigueur, grille_empreinte, score, \
                 provisoire, detail",
        params: vec![Value::Int(Some(calcul))],
    }
}
