//! Commission sessions (`commissions`: date, landlord, place, members present, the mayor with
//! the casting vote), the dwellings on their agenda (`commission_logements`, with the stated
//! exception when fewer than three candidates go) and one decision per candidate examined
//! (`decisions`). What a decision may say is checked by `logis_allocation::commission`.

use crate::record::{self, StoredRecord};
use crate::statement::{Statement, Values, date, int, text};
use crate::tables::ColumnType::Int;
use crate::{Result, Store};
use logis_domain::Date as Day;
use logis_domain::allocation::{CommissionId, Exception, Nature, VacancyId};
use logis_domain::{NumeroUnique, OrganismeId};

crate::stored_record! {
    /// One session.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Commission in "commissions" {
        pub ligne: CommissionId,
        pub bailleur: OrganismeId,
        pub date_seance: Day,
        pub lieu: String,
        /// The members present, one per item (« qualité — nom »).
        pub membres: Vec<String>,
        /// The mayor of the commune (or their representative), who has the casting vote.
        pub maire: String,
        pub creee_par: String,
        pub creee_le: i64,
    }
}

/// Creates the session (its `ligne` is ignored); its number.
pub async fn create(store: &dyn Store, commission: &Commission) -> Result<CommissionId> {
    let insert = record::insert(commission, &["ligne"], Some("ligne"));
    let rows = store.fetch(&insert.sql, &insert.params, &[Int]).await?;
    Values::of(rows.into_iter().next().unwrap_or_default()).int().map(CommissionId::new)
}

/// Session `ligne`, if there is one.
pub async fn one(store: &dyn Store, ligne: CommissionId) -> Result<Option<Commission>> {
    let columns = record::select_list::<Commission>();
    let sql = format!("SELECT {columns} FROM commissions WHERE ligne = $1");
    let rows = store.fetch(&sql, &[int(ligne.get())], Commission::TYPES).await?;
    rows.into_iter().next().map(Commission::read).transpose()
}

/// The sessions of `bailleur` (`None`: every landlord's), newest first (at most 200).
pub async fn list(store: &dyn Store, bailleur: Option<&str>) -> Result<Vec<Commission>> {
    let (condition, params) = match bailleur {
        Some(b) => ("bailleur = $1", vec![text(b)]),
        None => ("1 = 1", vec![]),
    };
    let columns = record::select_list::<Commission>();
    let sql = format!(
        "SELECT {columns} FROM commissions WHERE {condition} ORDER BY date_seance DESC, ligne DESC LIMIT 200"
    );
    let rows = store.fetch(&sql, &params, Commission::TYPES).await?;
    rows.into_iter().map(Commission::read).collect()
}

/// What a page of sessions is sorted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommissionOrder {
    /// Its number.
    Ligne,
    /// The session's day.
    Date,
    /// The landlord's name.
    Bailleur,
    /// Where it sits.
    Lieu,
}

/// Which sessions a page shows, from the day `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    All,
    /// On or after the day.
    Upcoming(Day),
    /// Before the day.
    Past(Day),
}

/// A page of sessions, and how many there are in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommissionPage {
    pub commissions: Vec<Commission>,
    pub total: u64,
}

/// The page of `size` sessions from `offset` of one landlord (`None`: every landlord) in
/// `period`, in `order` (the latest number first among equals), read and counted by the
/// database.
pub async fn page(
    store: &dyn Store,
    bailleur: Option<&str>,
    period: Period,
    (order, descending): (CommissionOrder, bool),
    (offset, size): (u64, u32),
) -> Result<CommissionPage> {
    let mut conditions = vec!["1 = 1".to_owned()];
    let mut params = Vec::new();
    if let Some(b) = bailleur {
        params.push(text(b));
        conditions.push(format!("c.bailleur = ${}", params.len()));
    }
    match period {
        Period::All => {}
        Period::Upcoming(day) => {
            params.push(date(day));
            conditions.push(format!("c.date_seance >= ${}", params.len()));
        }
        Period::Past(day) => {
            params.push(date(day));
            conditions.push(format!("c.date_seance < ${}", params.len()));
        }
    }
    let condition = conditions.join(" AND ");
    let sorted_on = match order {
        CommissionOrder::Ligne => "c.ligne",
        CommissionOrder::Date => "c.date_seance",
        CommissionOrder::Bailleur => {
            "COALESCE((SELECT o.nom FROM organismes o WHERE o.organisme_id = c.bailleur), c.bailleur)"
        }
        CommissionOrder::Lieu => "c.lieu",
    };
    let direction = if descending { "DESC" } else { "ASC" };
    let sql = format!(
        "SELECT {} FROM commissions c WHERE {condition} ORDER BY {sorted_on} {direction}, \
         c.ligne DESC LIMIT {size} OFFSET {offset}",
        record::select_list_of::<Commission>("c")
    );
    let rows = store.fetch(&sql, &params, Commission::TYPES).await?;
    let commissions = rows.into_iter().map(Commission::read).collect::<Result<Vec<_>>>()?;
    let counted = format!("SELECT COUNT(*) FROM commissions c WHERE {condition}");
    let total = crate::select::counted(store, &counted, &params).await?;
    Ok(CommissionPage { commissions, total })
}

crate::stored_record! {
    /// A dwelling (its vacancy) on a session's agenda.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct AgendaItem in "commission_logements" {
        pub commission: CommissionId,
        pub vacance: VacancyId,
        /// Why fewer than three candidates go, if so.
        pub exception: Option<Exception>,
    }
}

/// Puts a vacancy on the agenda (or changes its stated exception).
pub fn put_on_agenda(item: &AgendaItem) -> Statement {
    let insert = record::insert(item, &[], None);
    Statement::new(
        format!(
            "{} ON CONFLICT (commission, vacance) DO UPDATE SET exception = excluded.exception",
            insert.sql
        ),
        insert.params,
    )
}

/// The agenda of session `commission`, in the order the dwellings were put on it.
pub async fn agenda(store: &dyn Store, commission: CommissionId) -> Result<Vec<AgendaItem>> {
    let columns = record::select_list::<AgendaItem>();
    let sql = format!(
        "SELECT {columns} FROM commission_logements WHERE commission = $1 ORDER BY vacance"
    );
    let rows = store.fetch(&sql, &[int(commission.get())], AgendaItem::TYPES).await?;
    rows.into_iter().map(AgendaItem::read).collect()
}

crate::stored_record! {
    /// One decision of a commission on one candidate for one dwelling.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Decision in "decisions" {
        pub commission: CommissionId,
        pub vacance: VacancyId,
        pub numero_unique: NumeroUnique,
        /// The candidate's place in the score order when presented (1 = highest score).
        pub position_score: i64,
        pub score: Option<i64>,
        pub nature: Nature,
        /// The rank of an attribution (1: first; the next one gets the dwelling if it is refused).
        pub rang: Option<i64>,
        /// The missing document of an attribution under suspensive condition, and its deadline.
        pub piece_manquante: Option<String>,
        pub echeance: Option<Day>,
        /// The reason of a non-attribution or of a rejection.
        pub motif: Option<String>,
        /// Why the commission departed from the score order, when it did.
        pub motif_ecart: Option<String>,
        /// The officer stated the income was checked against the published ceiling (Logis could
        /// not check it).
        pub plafond_verifie: bool,
        pub decidee_par: String,
        pub decidee_le: i64,
    }
}

/// The statements that replace the decisions of session `commission` on vacancy `vacance`
/// with `decisions`.
pub fn replace_decisions(
    commission: CommissionId,
    vacance: VacancyId,
    decisions: &[Decision],
) -> Vec<Statement> {
    let mut statements = vec![Statement::new(
        "DELETE FROM decisions WHERE commission = $1 AND vacance = $2",
        vec![int(commission.get()), int(vacance.get())],
    )];
    statements.extend(decisions.iter().map(|d| record::insert(d, &[], None)));
    statements
}

/// The decisions of session `commission`, by dwelling then score order.
pub async fn decisions(store: &dyn Store, commission: CommissionId) -> Result<Vec<Decision>> {
    let columns = record::select_list::<Decision>();
    let sql = format!(
        "SELECT {columns} FROM decisions WHERE commission = $1 ORDER BY vacance, position_score"
    );
    let rows = store.fetch(&sql, &[int(commission.get())], Decision::TYPES).await?;
    rows.into_iter().map(Decision::read).collect()
}

/// The decisions on vacancy `vacance` (of every session that examined it), oldest first.
pub async fn decisions_on(store: &dyn Store, vacance: VacancyId) -> Result<Vec<Decision>> {
    let columns = record::select_list::<Decision>();
    let sql = format!(
        "SELECT {columns} FROM decisions WHERE vacance = $1 ORDER BY commission, position_score"
    );
    let rows = store.fetch(&sql, &[int(vacance.get())], Decision::TYPES).await?;
    rows.into_iter().map(Decision::read).collect()
}

/// The decisions about application `numero`, oldest first.
pub async fn decisions_about(store: &dyn Store, numero: &str) -> Result<Vec<Decision>> {
    let columns = record::select_list::<Decision>();
    let sql = format!(
        "SELECT {columns} FROM decisions WHERE numero_unique = $1 ORDER BY decidee_le, commission"
    );
    let rows = store.fetch(&sql, &[text(numero)], Decision::TYPES).await?;
    rows.into_iter().map(Decision::read).collect()
}
