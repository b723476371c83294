//! Domain values to table rows and back, the same for every backend.

use crate::scores::{CandidateEntry, ComparableGroup, ScoreHistoryEntry, StoredGrid, StoredScore};
use crate::tables::Table;
use crate::value::{ColumnSource, Row, Value};
use logis_domain::codes::CodeList;
use logis_domain::{
    Amount, Attribution, CodeInsee, Convention, Demande, Logement, LogementId, Membre,
    NumeroUnique, Organisme, OrganismeId, Part, Seuils,
};
use std::borrow::Cow;

/// A domain value stored as one row of a table.
pub trait Stored: Sized + Send + 'static {
    const TABLE: Table;
    fn to_row(&self) -> Row;
    fn from_source(src: &impl ColumnSource) -> Result<Self, String>;
    /// The value inside a [`Record`] of this type's table.
    fn from_record(record: Record) -> Option<Self>;
}

/// Any stored value, as read back from one of the tables.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(
    clippy::large_enum_variant,
    reason = "records are streamed one at a time, never held in bulk: boxing would cost an \
              allocation per row for nothing"
)]
pub enum Record {
    Organisme(Organisme),
    Seuils(Seuils),
    Demande(Demande),
    Membre(NumeroUnique, Membre),
    Logement(Logement),
    Attribution(Attribution),
    Grille(StoredGrid),
    Score(StoredScore),
    ScoreHistorique(ScoreHistoryEntry),
    GroupeComparable(ComparableGroup),
    Candidature(CandidateEntry),
    Convention(Convention),
}

impl Record {
    /// Decodes a row of `table` read by a backend; a row that does not decode is reported as
    /// corrupt data of that table.
    pub fn read(table: Table, src: &impl ColumnSource) -> crate::Result<Record> {
        Record::decode(table, src)
            .map_err(|detail| crate::StoreError::Corrupt { table: table.name(), detail })
    }

    /// The row of the table it was read from.
    pub fn to_row(&self) -> Row {
        match self {
            Record::Organisme(v) => v.to_row(),
            Record::Seuils(v) => v.to_row(),
            Record::Demande(v) => v.to_row(),
            Record::Membre(numero, membre) => (numero.clone(), membre.clone()).to_row(),
            Record::Logement(v) => v.to_row(),
            Record::Attribution(v) => v.to_row(),
            Record::Grille(v) => v.to_row(),
            Record::Score(v) => v.to_row(),
            Record::ScoreHistorique(v) => v.to_row(),
            Record::GroupeComparable(v) => v.to_row(),
            Record::Candidature(v) => v.to_row(),
            Record::Convention(v) => v.to_row(),
        }
    }

    /// Decodes a row of `table` read by a backend.
    pub fn decode(table: Table, src: &impl ColumnSource) -> Result<Record, String> {
        Ok(match table {
            Table::Organismes => Record::Organisme(Organisme::from_source(src)?),
            Table::Seuils => Record::Seuils(Seuils::from_source(src)?),
            Table::Demandes => Record::Demande(Demande::from_source(src)?),
            Table::Membres => {
                let (numero, membre) = <(NumeroUnique, Membre)>::from_source(src)?;
                Record::Membre(numero, membre)
            }
            Table::Logements => Record::Logement(Logement::from_source(src)?),
            Table::Attributions => Record::Attribution(Attribution::from_source(src)?),
            Table::Conventions => Record::Convention(Convention::from_source(src)?),
            Table::Grilles => Record::Grille(StoredGrid::from_source(src)?),
            Table::Scores => Record::Score(StoredScore::from_source(src)?),
            Table::ScoresHistorique => {
                Record::ScoreHistorique(ScoreHistoryEntry::from_source(src)?)
            }
            Table::GroupesComparables => {
                Record::GroupeComparable(ComparableGroup::from_source(src)?)
            }
            Table::Candidatures => Record::Candidature(CandidateEntry::from_source(src)?),
            Table::DemandesBilan => {
                return Err("la projection du bilan n'est lue que par les requêtes du bilan".into());
            }
        })
    }
}

pub(crate) fn text(v: impl ToString) -> Value {
    Value::Text(Some(Cow::Owned(v.to_string())))
}
pub(crate) fn code(c: &'static str) -> Value {
    Value::Text(Some(Cow::Borrowed(c)))
}
pub(crate) fn opt_text<T: ToString>(v: &Option<T>) -> Value {
    Value::Text(v.as_ref().map(|t| Cow::Owned(t.to_string())))
}
/// A list column's cell: its items' texts joined by `|`, in one allocation of the right size.
pub(crate) fn list<'a>(items: impl Iterator<Item = &'a str> + Clone) -> Value {
    let size = items.clone().map(|item| item.len() + 1).sum::<usize>().saturating_sub(1);
    let mut joined = String::with_capacity(size);
    for (i, item) in items.enumerate() {
        if i > 0 {
            joined.push('|');
        }
        joined.push_str(item);
    }
    Value::Text(Some(Cow::Owned(joined)))
}
/// A text moved into its value.
fn owned(text: String) -> Value {
    Value::Text(Some(Cow::Owned(text)))
}
fn opt_owned(text: Option<String>) -> Value {
    Value::Text(text.map(Cow::Owned))
}
pub(crate) fn cents(a: Amount) -> Value {
    Value::Int(Some(a.cents()))
}
pub(crate) fn opt_cents(a: Option<Amount>) -> Value {
    Value::Int(a.map(Amount::cents))
}

/// Typed reads with the error messages a corrupted database deserves.
pub(crate) struct Reader<'a, S: ColumnSource> {
    pub(crate) src: &'a S,
}

impl<S: ColumnSource> Reader<'_, S> {
    pub(crate) fn req<T>(&self, i: usize, v: Result<Option<T>, String>) -> Result<T, String> {
        required(i, v?)
    }
    pub(crate) fn text(&self, i: usize) -> Result<String, String> {
        self.req(i, self.src.text(i))
    }
    pub(crate) fn opt_text(&self, i: usize) -> Result<Option<String>, String> {
        self.src.text(i)
    }
    pub(crate) fn code<T: CodeList>(&self, i: usize) -> Result<T, String> {
        self.src.read_text(i, |raw| known_code(required(i, raw)?))
    }
    pub(crate) fn opt_code<T: CodeList>(&self, i: usize) -> Result<Option<T>, String> {
        self.src.read_text(i, |raw| raw.map(known_code).transpose())
    }
    pub(crate) fn codes<T: CodeList>(&self, i: usize) -> Result<Vec<T>, String> {
        self.src.read_text(i, |raw| {
            raw.unwrap_or_default().split('|').filter(|s| !s.is_empty()).map(known_code).collect()
        })
    }
    pub(crate) fn communes(&self, i: usize) -> Result<Vec<CodeInsee>, String> {
        self.src.read_text(i, |raw| {
            raw.unwrap_or_default().split('|').filter(|s| !s.is_empty()).map(insee).collect()
        })
    }
    pub(crate) fn insee(&self, i: usize) -> Result<CodeInsee, String> {
        self.src.read_text(i, |raw| insee(required(i, raw)?))
    }
    pub(crate) fn opt_insee(&self, i: usize) -> Result<Option<CodeInsee>, String> {
        self.src.read_text(i, |raw| raw.map(insee).transpose())
    }
    pub(crate) fn organisme(&self, i: usize) -> Result<OrganismeId, String> {
        self.src.read_text(i, |raw| organisme(required(i, raw)?))
    }
    pub(crate) fn opt_organisme(&self, i: usize) -> Result<Option<OrganismeId>, String> {
        self.src.read_text(i, |raw| raw.map(organisme).transpose())
    }
    pub(crate) fn numero(&self, i: usize) -> Result<NumeroUnique, String> {
        self.src
            .read_text(i, |raw| NumeroUnique::parse(required(i, raw)?).map_err(|e| e.to_string()))
    }
    pub(crate) fn amount(&self, i: usize) -> Result<Amount, String> {
        self.req(i, self.src.int(i)).map(Amount::from_cents)
    }
    pub(crate) fn opt_amount(&self, i: usize) -> Result<Option<Amount>, String> {
        Ok(self.src.int(i)?.map(Amount::from_cents))
    }
    pub(crate) fn date(&self, i: usize) -> Result<logis_domain::Date, String> {
        self.req(i, self.src.date(i))
    }
}

/// The value of column `i`, which must have one.
fn required<T>(i: usize, value: Option<T>) -> Result<T, String> {
    value.ok_or_else(|| format!("colonne {i} vide"))
}

fn organisme(raw: &str) -> Result<OrganismeId, String> {
    OrganismeId::parse(raw).map_err(|e| e.to_string())
}

/// A code as the store writes it (exactly).
pub(crate) fn known_code<T: CodeList>(raw: &str) -> Result<T, String> {
    T::parse_exact(raw).ok_or_else(|| format!("code inconnu `{raw}`"))
}

pub(crate) fn insee(raw: &str) -> Result<CodeInsee, String> {
    CodeInsee::parse(raw).map_err(|e| e.to_string())
}

impl Stored for Organisme {
    const TABLE: Table = Table::Organismes;
    fn from_record(record: Record) -> Option<Self> {
        match record {
            Record::Organisme(v) => Some(v),
            _ => None,
        }
    }
    fn to_row(&self) -> Row {
        vec![
            text(&self.organisme_id),
            text(&self.nom),
            code(self.kind.code()),
            opt_text(&self.commune),
        ]
    }
    fn from_source(src: &impl ColumnSource) -> Result<Self, String> {
        let r = Reader { src };
        Ok(Organisme {
            organisme_id: r.organisme(0)?,
            nom: r.text(1)?,
            kind: r.code(2)?,
            commune: r.opt_insee(3)?,
        })
    }
}

impl Stored for Seuils {
    const TABLE: Table = Table::Seuils;
    fn from_record(record: Record) -> Option<Self> {
        match record {
            Record::Seuils(v) => Some(v),
            _ => None,
        }
    }
    fn to_row(&self) -> Row {
        vec![
            Value::Int(Some(i64::from(self.annee))),
            cents(self.q1),
            cents(self.q2),
            cents(self.q3),
        ]
    }
    fn from_source(src: &impl ColumnSource) -> Result<Self, String> {
        let r = Reader { src };
        let annee = r.req(0, src.int(0))?;
        Ok(Seuils {
            annee: i32::try_from(annee).map_err(|e| e.to_string())?,
            q1: r.amount(1)?,
            q2: r.amount(2)?,
            q3: r.amount(3)?,
        })
    }
}

/// The titulaire's surname and first name as the search compares them
/// (`logis_domain::french::folded`), and the surname's last word (« goff » of « Le Goff »), so
/// that a name with a particle is found by its main word (`0026_cles_des_noms.sql`).
pub fn name_keys(nom: Option<&str>, prenom: Option<&str>) -> [Value; 3] {
    let nom = logis_domain::french::folded(nom.unwrap_or_default());
    let last = nom.rsplit(' ').next().unwrap_or_default().to_owned();
    let prenom = logis_domain::french::folded(prenom.unwrap_or_default());
    [nom, prenom, last].map(owned)
}

/// An application's row, its texts moved into it (an import writes millions: no copy), `keys`
/// its folded names ([`name_keys`]).
pub fn demande_row(d: Demande, keys: [Value; 3]) -> Row {
    let mut row = Vec::with_capacity(Table::Demandes.columns().len());
    row.extend([
        owned(d.numero_unique.into_string()),
        Value::Date(Some(d.date_depot)),
        Value::Date(d.date_renouvellement),
        code(d.statut.code()),
        Value::Date(d.date_radiation),
        Value::Text(d.motif_radiation.map(|m| Cow::Borrowed(m.code()))),
        opt_owned(d.commune_residence.map(CodeInsee::into_string)),
        code(d.situation_logement.code()),
        opt_owned(d.bailleur_actuel.map(OrganismeId::into_string)),
        cents(d.ressources_mensuelles),
        opt_cents(d.revenu_fiscal_reference),
        list(d.motifs.iter().map(|c| c.code())),
        list(d.typologies_souhaitees.iter().map(|c| c.code())),
        list(d.communes_souhaitees.iter().map(CodeInsee::as_str)),
        Value::Bool(d.pmr),
        list(d.criteres_prioritaires.iter().map(|c| c.code())),
        Value::Bool(d.dalo),
        Value::Date(d.date_dalo),
        Value::Bool(d.salarie_prive),
        Value::Bool(d.agent_public),
        opt_owned(d.guichet),
        opt_owned(d.nom),
        opt_owned(d.prenom),
        opt_owned(d.email),
        opt_owned(d.telephone),
        opt_owned(d.adresse),
        opt_cents(d.loyer_actuel),
        Value::Int(d.refus_offres_adaptees.map(i64::from)),
        list(d.pieces_verifiees.iter().map(|c| c.code())),
    ]);
    row.extend(keys);
    row
}

/// The folded name and first name in an application's row, or in its [`name_keys`] alone
/// (the row ends with them), so that what reads them does not fold the names again.
pub fn folded_names(row: &[Value]) -> (&str, &str) {
    match row.get(row.len().saturating_sub(3)..) {
        Some([Value::Text(Some(nom)), Value::Text(Some(prenom)), _]) => (nom, prenom),
        _ => ("", ""),
    }
}

impl Stored for Demande {
    const TABLE: Table = Table::Demandes;
    fn from_record(record: Record) -> Option<Self> {
        match record {
            Record::Demande(v) => Some(v),
            _ => None,
        }
    }
    fn to_row(&self) -> Row {
        demande_row(self.clone(), name_keys(self.nom.as_deref(), self.prenom.as_deref()))
    }
    fn from_source(src: &impl ColumnSource) -> Result<Self, String> {
        let r = Reader { src };
        Ok(Demande {
            numero_unique: r.numero(0)?,
            date_depot: r.date(1)?,
            date_renouvellement: src.date(2)?,
            statut: r.code(3)?,
            date_radiation: src.date(4)?,
            motif_radiation: r.opt_code(5)?,
            commune_residence: r.opt_insee(6)?,
            situation_logement: r.code(7)?,
            bailleur_actuel: r.opt_organisme(8)?,
            ressources_mensuelles: r.amount(9)?,
            revenu_fiscal_reference: r.opt_amount(10)?,
            motifs: r.codes(11)?,
            typologies_souhaitees: r.codes(12)?,
            communes_souhaitees: r.communes(13)?,
            pmr: src.boolean(14)?,
            criteres_prioritaires: r.codes(15)?,
            dalo: src.boolean(16)?,
            date_dalo: src.date(17)?,
            salarie_prive: src.boolean(18)?,
            agent_public: src.boolean(19)?,
            guichet: r.opt_text(20)?,
            nom: r.opt_text(21)?,
            prenom: r.opt_text(22)?,
            email: r.opt_text(23)?,
            telephone: r.opt_text(24)?,
            adresse: r.opt_text(25)?,
            loyer_actuel: r.opt_amount(26)?,
            refus_offres_adaptees: src
                .int(27)?
                .map(|n| u16::try_from(n).map_err(|e| e.to_string()))
                .transpose()?,
            pieces_verifiees: r.codes(28)?,
        })
    }
}

impl Stored for (NumeroUnique, Membre) {
    const TABLE: Table = Table::Membres;
    fn from_record(record: Record) -> Option<Self> {
        match record {
            Record::Membre(n, m) => Some((n, m)),
            _ => None,
        }
    }
    fn to_row(&self) -> Row {
        let (numero, m) = self;
        vec![
            text(numero),
            Value::Int(Some(i64::from(m.rang))),
            code(m.lien.code()),
            Value::Date(Some(m.date_naissance)),
        ]
    }
    fn from_source(src: &impl ColumnSource) -> Result<Self, String> {
        let r = Reader { src };
        let rang = r.req(1, src.int(1))?;
        Ok((
            r.numero(0)?,
            Membre {
                rang: u16::try_from(rang).map_err(|e| e.to_string())?,
                lien: r.code(2)?,
                date_naissance: r.date(3)?,
            },
        ))
    }
}

impl Stored for Logement {
    const TABLE: Table = Table::Logements;
    fn from_record(record: Record) -> Option<Self> {
        match record {
            Record::Logement(v) => Some(v),
            _ => None,
        }
    }
    fn to_row(&self) -> Row {
        vec![
            text(&self.logement_id),
            text(&self.bailleur),
            text(&self.commune),
            opt_text(&self.adresse),
            opt_text(&self.qpv),
            code(self.typologie.code()),
            opt_cents(self.surface),
            cents(self.loyer),
            opt_cents(self.charges),
            code(self.financement.code()),
            Value::Int(self.etage.map(i64::from)),
            Value::Bool(self.ascenseur),
            Value::Bool(self.pmr),
            opt_text(&self.reservataire),
            Value::Int(self.annee_construction.map(i64::from)),
        ]
    }
    fn from_source(src: &impl ColumnSource) -> Result<Self, String> {
        let r = Reader { src };
        Ok(Logement {
            logement_id: LogementId::parse(&r.text(0)?).map_err(|e| e.to_string())?,
            bailleur: r.organisme(1)?,
            commune: r.insee(2)?,
            adresse: r.opt_text(3)?,
            qpv: r.opt_text(4)?,
            typologie: r.code(5)?,
            surface: r.opt_amount(6)?,
            loyer: r.amount(7)?,
            charges: r.opt_amount(8)?,
            financement: r.code(9)?,
            etage: src.int(10)?.map(i32::try_from).transpose().map_err(|e| e.to_string())?,
            ascenseur: src.boolean(11)?,
            pmr: src.boolean(12)?,
            reservataire: r.opt_organisme(13)?,
            annee_construction: src
                .int(14)?
                .map(i32::try_from)
                .transpose()
                .map_err(|e| e.to_string())?,
        })
    }
}

impl Stored for Convention {
    const TABLE: Table = Table::Conventions;
    fn from_record(record: Record) -> Option<Self> {
        match record {
            Record::Convention(v) => Some(v),
            _ => None,
        }
    }
    fn to_row(&self) -> Row {
        vec![
            text(&self.bailleur),
            text(&self.reservataire),
            Value::Int(Some(i64::from(self.annee))),
            text(self.commune.as_ref().map_or("", |c| c.as_str())),
            Value::Int(Some(i64::from(self.part.ten_thousandths()))),
            Value::Date(self.date_signature),
        ]
    }
    fn from_source(src: &impl ColumnSource) -> Result<Self, String> {
        let r = Reader { src };
        let commune = r.text(3)?;
        let part = src.int(4)?.ok_or("part vide")?;
        Ok(Convention {
            bailleur: r.organisme(0)?,
            reservataire: r.organisme(1)?,
            annee: src
                .int(2)?
                .ok_or("année vide")
                .map(i32::try_from)?
                .map_err(|e| e.to_string())?,
            commune: if commune.is_empty() {
                None
            } else {
                Some(CodeInsee::parse(&commune).map_err(|e| e.to_string())?)
            },
            part: Part::from_ten_thousandths(u32::try_from(part).map_err(|e| e.to_string())?),
            date_signature: src.date(5)?,
        })
    }
}

impl Stored for Attribution {
    const TABLE: Table = Table::Attributions;
    fn from_record(record: Record) -> Option<Self> {
        match record {
            Record::Attribution(v) => Some(v),
            _ => None,
        }
    }
    fn to_row(&self) -> Row {
        vec![
            text(&self.numero_unique),
            opt_text(&self.logement_id),
            text(&self.bailleur),
            text(&self.commune),
            opt_text(&self.qpv),
            code(self.typologie.code()),
            text(&self.reservataire),
            Value::Date(self.date_cal),
            Value::Date(Some(self.date_bail)),
            Value::Bool(self.relogement_anru),
            opt_text(&self.motif_ecart),
        ]
    }
    fn from_source(src: &impl ColumnSource) -> Result<Self, String> {
        let r = Reader { src };
        Ok(Attribution {
            numero_unique: r.numero(0)?,
            logement_id: r
                .opt_text(1)?
                .map(|l| LogementId::parse(&l).map_err(|e| e.to_string()))
                .transpose()?,
            bailleur: r.organisme(2)?,
            commune: r.insee(3)?,
            qpv: r.opt_text(4)?,
            typologie: r.code(5)?,
            reservataire: r.organisme(6)?,
            date_cal: src.date(7)?,
            date_bail: r.date(8)?,
            relogement_anru: src.boolean(9)?,
            motif_ecart: r.opt_text(10)?,
        })
    }
}
