//! Vacancies (`vacances`): a landlord declares one of its dwellings free from a date and
//! oriented to a reservation holder (in flux management; the landlord itself otherwise); it
//! stays `ouverte` until the lease (`louee`) or until the landlord withdraws it (`retiree`).

use crate::record::{self, StoredRecord};
use crate::statement::{Statement, Values, int, text};
use crate::tables::ColumnType::Int;
use crate::{Result, Store};
use logis_domain::Date as Day;
use logis_domain::allocation::{VacancyId, VacancyStatus};
use logis_domain::{LogementId, OrganismeId};

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

/// The vacancies `filter` keeps, newest first (at most 500).
pub async fn list(store: &dyn Store, filter: &VacancyFilter<'_>) -> Result<Vec<Vacancy>> {
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
            conditions.push(format!("{column} = ${}", params.len()));
        }
    }
    let condition =
        if conditions.is_empty() { "1 = 1".to_owned() } else { conditions.join(" AND ") };
    let sql = format!(
        "SELECT {} FROM vacances WHERE {condition} ORDER BY disponible_le DESC, ligne DESC LIMIT 500",
        record::select_list::<Vacancy>()
    );
    let rows = store.fetch(&sql, &params, Vacancy::TYPES).await?;
    rows.into_iter().map(Vacancy::read).collect()
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
