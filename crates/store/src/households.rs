//! Reading the households query: an application's columns, then its household aggregated as
//! `rang lien date|…` in one last column; the numéro of a member's row, by which the imports
//! group a household's rows.

use crate::codec::{Stored, known_code};
use crate::tables::Table;
use crate::value::{ColumnSource, Row, Value};
use logis_domain::{Date, Demande, Membre};

/// An application and its household, read from the households query
/// ([`Table::households_sql`]): the application's columns, then the household as
/// `rang lien date|…`.
pub fn household_row(src: &impl ColumnSource) -> crate::Result<(Demande, Vec<Membre>)> {
    let corrupt = |detail: String| crate::StoreError::Corrupt { table: "demandes", detail };
    let demande = Demande::from_source(src).map_err(corrupt)?;
    let width = Table::Demandes.columns().len();
    let mut membres =
        src.read_text(width, |text| members(text.unwrap_or_default())).map_err(corrupt)?;
    membres.sort_by_key(|m| m.rang);
    Ok((demande, membres))
}

/// The members of a household as the households query aggregates them.
fn members(text: &str) -> Result<Vec<Membre>, String> {
    text.split('|')
        .filter(|m| !m.is_empty())
        .map(|m| {
            let mut parts = m.split(' ');
            let (Some(rang), Some(lien), Some(date), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return Err(format!("membre illisible `{m}`"));
            };
            Ok(Membre {
                rang: rang.parse().map_err(|_| format!("rang illisible `{rang}`"))?,
                lien: known_code(lien)?,
                date_naissance: Date::parse(
                    date,
                    &time::format_description::well_known::Iso8601::DATE,
                )
                .map_err(|e| format!("date illisible `{date}` : {e}"))?,
            })
        })
        .collect()
}

/// The numéro of a member's row (its first column, the first of the members' key).
pub fn member_numero(row: &Row) -> Option<&str> {
    match row.first() {
        Some(Value::Text(Some(numero))) => Some(numero.as_ref()),
        _ => None,
    }
}
