//! Reservation rights as a yearly flow in the store: a landlord's conventions of a year replaced
//! as a whole (the pages' amendment), and the 28-February bilan of a landlord and a year
//! (`flux_bilans`: the forecast of set-aside dwellings it edits, when it was sent).

use crate::codec::Stored;
use crate::record::{self, StoredRecord};
use crate::statement::{Statement, int, text};
use crate::tables::Table;
use crate::{Result, Store, lookup_all};
use logis_domain::{Convention, OrganismeId};

/// Every convention of `landlord`, by year, holder and commune.
pub async fn conventions_of(store: &dyn Store, landlord: &OrganismeId) -> Result<Vec<Convention>> {
    lookup_all::<Convention>(store, &[landlord.as_str()]).await
}

/// Replaces the conventions of `landlord` for `year` by `rows` (all of that landlord and year),
/// in one transaction.
pub async fn replace_year(
    store: &dyn Store,
    landlord: &OrganismeId,
    year: i32,
    rows: &[Convention],
) -> Result<()> {
    let mut statements = vec![Statement::new(
        "DELETE FROM conventions WHERE bailleur = $1 AND annee = $2",
        vec![text(landlord.as_str()), int(i64::from(year))],
    )];
    let columns = Table::Conventions.columns().iter().map(|(c, _)| *c).collect::<Vec<_>>();
    let placeholders: Vec<String> = (1..=columns.len()).map(|i| format!("${i}")).collect();
    let insert = format!(
        "INSERT INTO conventions ({}) VALUES ({})",
        columns.join(", "),
        placeholders.join(", ")
    );
    for row in rows {
        statements.push(Statement::new(insert.clone(), row.to_row()));
    }
    store.execute(&statements).await?;
    Ok(())
}

crate::stored_record! {
    /// A landlord's bilan of a year, as prepared and sent.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct BilanSending in "flux_bilans" {
        pub bailleur: OrganismeId,
        pub annee: i64,
        /// The forecast of lettings set aside next year, by reason.
        pub prevision_relogement_anru: i64,
        pub prevision_mutation_interne: i64,
        pub modifie_par: String,
        pub modifie_le: i64,
        /// Who sent it and when (seconds since 1970); none while it is not sent.
        pub envoye_par: Option<String>,
        pub envoye_le: Option<i64>,
    }
}

/// The statement that saves `sending` (replacing that landlord's and year's) unless that bilan
/// was already sent: it then changes no row.
pub fn save_sending(sending: &BilanSending) -> Statement {
    let insert = record::insert(sending, &[], None);
    Statement::new(
        format!(
            "{} ON CONFLICT (bailleur, annee) DO UPDATE SET \
             prevision_relogement_anru = excluded.prevision_relogement_anru, \
             prevision_mutation_interne = excluded.prevision_mutation_interne, \
             modifie_par = excluded.modifie_par, modifie_le = excluded.modifie_le, \
             envoye_par = excluded.envoye_par, envoye_le = excluded.envoye_le \
             WHERE flux_bilans.envoye_le IS NULL",
            insert.sql
        ),
        insert.params,
    )
}

/// The bilan of `landlord` for `year`, if it was ever prepared.
pub async fn sending(
    store: &dyn Store,
    landlord: &OrganismeId,
    year: i32,
) -> Result<Option<BilanSending>> {
    let sql = format!(
        "SELECT {} FROM flux_bilans WHERE bailleur = $1 AND annee = $2",
        record::select_list::<BilanSending>()
    );
    let params = [text(landlord.as_str()), int(i64::from(year))];
    let rows = store.fetch(&sql, &params, BilanSending::TYPES).await?;
    rows.into_iter().next().map(BilanSending::read).transpose()
}

/// The landlords' bilans of `year` that were sent, by landlord.
pub async fn sent(store: &dyn Store, year: i32) -> Result<Vec<BilanSending>> {
    let sql = format!(
        "SELECT {} FROM flux_bilans WHERE annee = $1 AND envoye_le IS NOT NULL ORDER BY bailleur",
        record::select_list::<BilanSending>()
    );
    let rows = store.fetch(&sql, &[int(i64::from(year))], BilanSending::TYPES).await?;
    rows.into_iter().map(BilanSending::read).collect()
}
