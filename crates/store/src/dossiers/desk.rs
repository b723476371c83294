//! What a reception desk's home page counts in its commune (where the household lives or wishes
//! to live): the active applications registered between two days, and among them those to
//! complete — no way to reach the household (neither e-mail nor telephone), no reference tax
//! income (the income ceilings need it), or a priority situation declared (DALO or a priority
//! criterion) with neither an evidence document nor a partner's label. Read along the filing
//! dates' index (`demandes_depot`): a few days or weeks of registrations, never the whole
//! register.

use crate::statement::{Values, date, text};
use crate::tables::ColumnType::{Bool, Date, Int, Text};
use crate::{Result, Store, Value};
use logis_domain::Date as Day;

/// One application to complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToComplete {
    pub numero_unique: String,
    pub nom: Option<String>,
    pub prenom: Option<String>,
    pub date_depot: Day,
    /// Neither an e-mail nor a telephone.
    pub no_contact: bool,
    /// No reference tax income.
    pub no_income: bool,
    /// A priority situation declared without evidence.
    pub unproven_priority: bool,
}

/// The applications of `commune` registered from `from` to `to` (both included), and still
/// active.
const REGISTERED: &str = "FROM demandes d WHERE d.date_depot >= $1 AND d.date_depot <= $2 \
    AND d.statut = 'active' \
    AND (d.commune_residence = $3 OR '|' || d.communes_souhaitees || '|' LIKE '%|' || $3 || '|%')";

const NO_CONTACT: &str = "(COALESCE(d.email, '') = '' AND COALESCE(d.telephone, '') = '')";
const NO_INCOME: &str = "d.revenu_fiscal_reference IS NULL";
const UNPROVEN_PRIORITY: &str = "((d.dalo = $4 OR d.criteres_prioritaires <> '') \
    AND NOT EXISTS (SELECT 1 FROM pieces_demandeurs p WHERE p.numero_unique = d.numero_unique) \
    AND NOT EXISTS (SELECT 1 FROM etiquettes_prioritaires e WHERE e.numero_unique = d.numero_unique))";

fn params(commune: &str, from: Day, to: Day) -> Vec<Value> {
    vec![date(from), date(to), text(commune), Value::Bool(Some(true))]
}

/// How many applications of `commune` were registered from `from` to `to` (at most `cap` + 1:
/// more than `cap` reads as « plus de »).
pub async fn registered(
    store: &dyn Store,
    commune: &str,
    (from, to): (Day, Day),
    cap: u64,
) -> Result<u64> {
    let sql = format!(
        "SELECT COUNT(*) FROM (SELECT 1 AS un {REGISTERED} LIMIT {}) AS selection",
        cap + 1
    );
    let rows = store.fetch(&sql, &params(commune, from, to)[..3], &[Int]).await?;
    let n = rows.into_iter().next().map(|row| Values::of(row).int()).transpose()?;
    Ok(u64::try_from(n.unwrap_or(0)).unwrap_or(0))
}

/// The applications of `commune` registered from `from` to `to` that lack what the cotation
/// or the rules need, newest first (at most `limit`), and how many there are (at most `cap` +
/// 1).
pub async fn to_complete(
    store: &dyn Store,
    commune: &str,
    (from, to): (Day, Day),
    limit: u32,
    cap: u64,
) -> Result<(Vec<ToComplete>, u64)> {
    let lacking = format!("({NO_CONTACT} OR {NO_INCOME} OR {UNPROVEN_PRIORITY})");
    let params = params(commune, from, to);
    let count = format!(
        "SELECT COUNT(*) FROM (SELECT 1 AS un {REGISTERED} AND {lacking} LIMIT {}) AS selection",
        cap + 1
    );
    let rows = store.fetch(&count, &params, &[Int]).await?;
    let n = rows.into_iter().next().map(|row| Values::of(row).int()).transpose()?;
    let sql = format!(
        "SELECT d.numero_unique, d.nom, d.prenom, d.date_depot, \
         {NO_CONTACT}, {NO_INCOME}, {UNPROVEN_PRIORITY} \
         {REGISTERED} AND {lacking} ORDER BY d.date_depot DESC, d.numero_unique LIMIT {limit}"
    );
    let rows = store.fetch(&sql, &params, &[Text, Text, Text, Date, Bool, Bool, Bool]).await?;
    let lines = rows
        .into_iter()
        .map(|row| {
            let mut v = Values::of(row);
            Ok(ToComplete {
                numero_unique: v.text()?,
                nom: v.optional_text()?,
                prenom: v.optional_text()?,
                date_depot: v.date()?,
                no_contact: v.optional_bool()?.unwrap_or(false),
                no_income: v.optional_bool()?.unwrap_or(false),
                unproven_priority: v.optional_bool()?.unwrap_or(false),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((lines, u64::try_from(n.unwrap_or(0)).unwrap_or(0)))
}
