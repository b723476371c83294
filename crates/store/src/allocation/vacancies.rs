//! Vacancies (`vacances`): a landlord declares one of its dwellings free from a date and
//! oriented to a reservation holder (in flux management; the landlord itself otherwise); it
//! stays `ouverte` until the lease (`louee`) or until the landlord withdraws it (`retiree`).

use crate::record::{self, StoredRecord};
use crate::statement::{Statement, Values, date, int, text};
use crate::tables::ColumnType::{Int, Text};
use crate::{Result, Store, Value};
use logis_domain::Date as Day;
use logis_domain::allocation::{VacancyId, VacancyStatus};
use logis_domain::{LogementId, OrganismeId, SetAside};

crate::stored_record! {
    /// One vacancy.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Vacancy in "vacances" {
        /// Its number (given by the store).
        pub ligne: VacancyId,
        pub logement_id: LogementId,
        pub bailleur: OrganismeId,
        /// From when the dwelling is free.
        pub disponible_le: Day,
        /// The reservation holder it is oriented to (the landlord's own id for its own share).
        pub reservataire: OrganismeId,
        /// The holder Logis proposed, when the landlord chose another.
        pub reservataire_propose: Option<OrganismeId>,
        /// Why the landlord chose another holder than the one proposed.
        pub motif_orientation: Option<String>,
        pub statut: VacancyStatus,
        pub declaree_par: String,
        pub declaree_le: i64,
        /// Why the landlord withdrew it, when it did.
        pub motif_retrait: Option<String>,
        /// Why it is set aside from the flow (not oriented: the landlord lets it itself).
        pub mis_de_cote: Option<SetAside>,
        /// When it returned to the landlord for this letting, its holder having presented no
        /// candidate within the delay (seconds since 1970).
        pub remise_le: Option<i64>,
    }
}

impl Vacancy {
    /// Whose public the candidates shown follow: the holder it is oriented to, or the landlord
    /// once the dwelling returned to it.
    pub fn candidates_holder(&self) -> &OrganismeId {
        if self.remise_le.is_some() { &self.bailleur } else { &self.reservataire }
    }
}

/// Declares `vacancy` (its `ligne` is ignored: the store numbers it); its number.
pub async fn declare(store: &dyn Store, vacancy: &Vacancy) -> Result<VacancyId> {
    let insert = record::insert(vacancy, &["ligne", "motif_retrait"], Some("ligne"));
    let rows = store.fetch(&insert.sql, &insert.params, &[Int]).await?;
    Values::of(rows.into_iter().next().unwrap_or_default()).int().map(VacancyId::new)
}

/// Vacancy `ligne`, if there is one.
pub async fn one(store: &dyn Store, ligne: VacancyId) -> Result<Option<Vacancy>> {
    let sql = format!("SELECT {} FROM vacances WHERE ligne = $1", record::select_list::<Vacancy>());
    let rows = store.fetch(&sql, &[int(ligne.get())], Vacancy::TYPES).await?;
    rows.into_iter().next().map(Vacancy::read).transpose()
}

/// Which vacancies a list shows.
#[derive(Debug, Clone, Default)]
pub struct VacancyFilter<'a> {
    /// One landlord's (`None`: every landlord's).
    pub bailleur: Option<&'a str>,
    /// Those oriented to one reservation holder.
    pub reservataire: Option<&'a str>,
    /// Of one state (`None`: every state).
    pub statut: Option<VacancyStatus>,
    /// Of one dwelling.
    pub logement_id: Option<&'a str>,
    /// Free from a day of one year.
    pub annee: Option<i32>,
    /// Only those still with their holder (not returned to their landlord): what a holder
    /// follows.
    pub sans_remise: bool,
}

impl<'a> VacancyFilter<'a> {
    /// Every vacancy `perimeter` reaches: a landlord's, those oriented to a holder, all for the
    /// EPCI, none for an account attached to no organisme (a landlord no vacancy has).
    pub fn within(perimeter: &'a logis_access::Perimeter) -> Self {
        match perimeter {
            logis_access::Perimeter::None => {
                VacancyFilter { bailleur: Some(""), ..VacancyFilter::default() }
            }
            _ => VacancyFilter {
                bailleur: perimeter.landlord(),
                reservataire: perimeter.holder(),
                ..VacancyFilter::default()
            },
        }
    }
}

/// The conditions of `filter` (`1 = 1` for none), with their parameters.
fn conditions(filter: &VacancyFilter<'_>) -> Result<(String, Vec<Value>)> {
    let mut conditions = Vec::new();
    let mut params = Vec::new();
    for (column, value) in [
        ("bailleur", filter.bailleur),
        ("reservataire", filter.reservataire),
        ("statut", filter.statut.map(VacancyStatus::code)),
        ("logement_id", filter.logement_id),
    ] {
        if let Some(value) = value {
            params.push(text(value));
            conditions.push(format!("v.{column} = ${}", params.len()));
        }
    }
    if let Some(year) = filter.annee {
        let (from, to) = year_bounds(year)?;
        params.push(date(from));
        params.push(date(to));
        let (from, to) = (params.len() - 1, params.len());
        conditions.push(format!("v.disponible_le >= ${from} AND v.disponible_le < ${to}"));
    }
    if filter.sans_remise {
        conditions.push("v.remise_le IS NULL".to_owned());
    }
    let condition =
        if conditions.is_empty() { "1 = 1".to_owned() } else { conditions.join(" AND ") };
    Ok((condition, params))
}

/// The vacancies `filter` keeps, newest first (at most 500).
pub async fn list(store: &dyn Store, filter: &VacancyFilter<'_>) -> Result<Vec<Vacancy>> {
    let (condition, params) = conditions(filter)?;
    let sql = format!(
        "SELECT {} FROM vacances v WHERE {condition} ORDER BY v.disponible_le DESC, v.ligne DESC LIMIT 500",
        record::select_list_of::<Vacancy>("v")
    );
    let rows = store.fetch(&sql, &params, Vacancy::TYPES).await?;
    rows.into_iter().map(Vacancy::read).collect()
}

/// What a page of vacancies is sorted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VacancyOrder {
    /// Its number.
    Ligne,
    /// The dwelling's identifier.
    Logement,
    /// The day it is free from.
    Disponible,
    /// The name of the holder it is oriented to.
    Reservataire,
    /// Its state, in the order of its French words (loué, retiré, vacant).
    Etat,
}

impl VacancyOrder {
    fn expression(self) -> &'static str {
        match self {
            VacancyOrder::Ligne => "v.ligne",
            VacancyOrder::Logement => "v.logement_id",
            VacancyOrder::Disponible => "v.disponible_le",
            VacancyOrder::Reservataire => {
                "COALESCE((SELECT o.nom FROM organismes o WHERE o.organisme_id = v.reservataire), \
                 v.reservataire)"
            }
            VacancyOrder::Etat => {
                "CASE v.statut WHEN 'louee' THEN 0 WHEN 'retiree' THEN 1 ELSE 2 END"
            }
        }
    }
}

/// A page of vacancies, and how many `filter` keeps in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VacancyPage {
    pub vacancies: Vec<Vacancy>,
    pub total: u64,
}

/// The page of `size` vacancies from `offset` that `filter` keeps, in `order` (the latest
/// number first among equals), read and counted by the database.
pub async fn page(
    store: &dyn Store,
    filter: &VacancyFilter<'_>,
    (order, descending): (VacancyOrder, bool),
    offset: u64,
    size: u32,
) -> Result<VacancyPage> {
    let (condition, params) = conditions(filter)?;
    let direction = if descending { "DESC" } else { "ASC" };
    let sql = format!(
        "SELECT {} FROM vacances v WHERE {condition} ORDER BY {} {direction}, v.ligne DESC \
         LIMIT {size} OFFSET {offset}",
        record::select_list_of::<Vacancy>("v"),
        order.expression()
    );
    let rows = store.fetch(&sql, &params, Vacancy::TYPES).await?;
    let vacancies = rows.into_iter().map(Vacancy::read).collect::<Result<Vec<_>>>()?;
    let counted = format!("SELECT COUNT(*) FROM vacances v WHERE {condition}");
    let total = crate::select::counted(store, &counted, &params).await?;
    Ok(VacancyPage { vacancies, total })
}

/// The holders the vacancies `filter` keeps are oriented to, each once.
pub async fn holders(store: &dyn Store, filter: &VacancyFilter<'_>) -> Result<Vec<String>> {
    let (condition, params) = conditions(filter)?;
    let sql = format!("SELECT DISTINCT v.reservataire FROM vacances v WHERE {condition}");
    let rows = store.fetch(&sql, &params, &[Text]).await?;
    rows.into_iter().map(|row| Values::of(row).text()).collect()
}

/// Sets the state of vacancy `ligne`.
pub fn set_status(ligne: VacancyId, statut: VacancyStatus) -> Statement {
    Statement::new(
        "UPDATE vacances SET statut = $2 WHERE ligne = $1",
        vec![int(ligne.get()), text(statut.code())],
    )
}

/// Withdraws open vacancy `ligne`, with the reason (nothing happens to one that is not open).
pub fn withdraw(ligne: VacancyId, motif: &str) -> Statement {
    Statement::new(
        "UPDATE vacances SET statut = $2, motif_retrait = $3 WHERE ligne = $1 AND statut = $4",
        vec![
            int(ligne.get()),
            text(VacancyStatus::Withdrawn.code()),
            text(motif),
            text(VacancyStatus::Open.code()),
        ],
    )
}

/// The dwellings `landlord` oriented in `year` (free from a day of that year), by holder — its
/// own share under its own identifier —, whatever became of them: neither the withdrawn
/// vacancies (declared by mistake, works, sale) nor those set aside count (flux.md, « oriented »).
pub async fn oriented_in_year(
    store: &dyn Store,
    landlord: &OrganismeId,
    year: i32,
) -> Result<Vec<(OrganismeId, u64)>> {
    let sql = "SELECT reservataire, COUNT(*) FROM vacances WHERE bailleur = $1 \
               AND disponible_le >= $2 AND disponible_le < $3 AND statut <> $4 \
               AND mis_de_cote IS NULL GROUP BY reservataire ORDER BY reservataire";
    let (from, to) = year_bounds(year)?;
    let params =
        [text(landlord.as_str()), date(from), date(to), text(VacancyStatus::Withdrawn.code())];
    let rows = store.fetch(sql, &params, &[Text, Int]).await?;
    rows.into_iter()
        .map(|row| {
            let mut values = Values::of(row);
            let holder: OrganismeId = record::Column::take(&mut values)?;
            Ok((holder, u64::try_from(values.int()?).unwrap_or(0)))
        })
        .collect()
}

/// The first day of `year` and of the year after.
fn year_bounds(year: i32) -> Result<(Day, Day)> {
    let first = |y: i32| {
        Day::from_calendar_date(y, time::Month::January, 1)
            .map_err(|e| crate::StoreError::other(format!("année {y} : {e}")))
    };
    Ok((first(year)?, first(year + 1)?))
}

/// Returns open vacancy `ligne` to its landlord for this letting, at `moment` (nothing happens
/// to one already returned, no longer open, or on which a commission decided meanwhile).
pub fn return_to_landlord(ligne: VacancyId, moment: i64) -> Statement {
    Statement::new(
        "UPDATE vacances SET remise_le = $2 WHERE ligne = $1 AND statut = $3 AND remise_le IS NULL \
         AND NOT EXISTS (SELECT 1 FROM decisions WHERE decisions.vacance = vacances.ligne)",
        vec![int(ligne.get()), int(moment), text(VacancyStatus::Open.code())],
    )
}
