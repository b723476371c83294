//! The active applications filed long ago, for the list of the « délais anormalement longs »
//! (rules.md): each with its first desired commune and typology, its score, and whether a
//! dwelling was ever offered to it. The delay of each typology is the caller's to apply.

use crate::statement::{Values, date, int, text};
use crate::tables::ColumnType::{Bool, Date, Int, Text};
use crate::{Result, Store, Value};
use logis_domain::Date as Day;

/// One application waiting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingLine {
    pub numero_unique: String,
    pub nom: Option<String>,
    pub prenom: Option<String>,
    pub date_depot: Day,
    /// Desired communes (INSEE codes) and typologies, in the order of preference, `|`-joined.
    pub communes_souhaitees: String,
    pub typologies_souhaitees: String,
    pub score: Option<i64>,
    /// Whether a dwelling was ever offered to the household.
    pub proposee: bool,
}

impl WaitingLine {
    /// The first desired commune (INSEE code), if any.
    pub fn first_commune(&self) -> Option<&str> {
        self.communes_souhaitees.split('|').find(|c| !c.is_empty())
    }

    /// The first desired typology code (`T3`…), if any.
    pub fn first_typologie(&self) -> Option<&str> {
        self.typologies_souhaitees.split('|').find(|t| !t.is_empty())
    }
}

/// The active applications filed on or before `filed_by` (whose first desired commune is
/// `commune`, when given), oldest first; at most `most` of them.
pub async fn filed_by(
    store: &dyn Store,
    filed_by: Day,
    commune: Option<&str>,
    most: u64,
) -> Result<Vec<WaitingLine>> {
    let mut params: Vec<Value> = vec![date(filed_by)];
    let mut sql = String::from(
        "SELECT d.numero_unique, d.nom, d.prenom, d.date_depot, d.communes_souhaitees, \
         d.typologies_souhaitees, s.score, \
         EXISTS (SELECT 1 FROM offres o WHERE o.numero_unique = d.numero_unique) \
         FROM demandes d LEFT JOIN scores s ON s.numero_unique = d.numero_unique \
         WHERE d.statut = 'active' AND d.date_depot <= $1",
    );
    if let Some(commune) = commune {
        params.push(text(commune));
        params.push(text(format!("{commune}|%")));
        sql.push_str(" AND (d.communes_souhaitees = $2 OR d.communes_souhaitees LIKE $3)");
    }
    params.push(int(i64::try_from(most).unwrap_or(i64::MAX)));
    sql.push_str(&format!(" ORDER BY d.date_depot, d.numero_unique LIMIT ${}", params.len()));
    let rows = store.fetch(&sql, &params, &[Text, Text, Text, Date, Text, Text, Int, Bool]).await?;
    rows.into_iter()
        .map(|row| {
            let mut v = Values::of(row);
            Ok(WaitingLine {
                numero_unique: v.text()?,
                nom: v.optional_text()?,
                prenom: v.optional_text()?,
                date_depot: v.date()?,
                communes_souhaitees: v.optional_text()?.unwrap_or_default(),
                typologies_souhaitees: v.optional_text()?.unwrap_or_default(),
                score: v.optional_int()?,
                proposee: v.optional_bool()?.unwrap_or(false),
            })
        })
        .collect()
}
