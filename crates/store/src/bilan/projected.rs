//! The bilan's projection of one application computed in Rust, from the values an import reads:
//! the row that [`super::projection`]'s SQL writes into `demandes_bilan` (its columns are
//! explained there), so that a whole load projects its applications as it reads them instead
//! of reading millions of rows back. A conformance test holds the two equal on both backends.

use super::projection::{COMPOSITIONS, TYPOLOGIES};
use crate::value::{Row, Value};
use logis_domain::{CodeList, Composition, Date, SituationLogement, Statut, Typologie};
use std::borrow::Cow;
use std::fmt::Write as _;

/// An application as its projection reads it, with what its household adds.
#[derive(Debug)]
pub struct Projected<'a> {
    pub numero_unique: &'a str,
    pub date_depot: Date,
    pub statut: Statut,
    pub date_radiation: Option<Date>,
    pub situation: SituationLogement,
    pub composition: Composition,
    pub prioritaire: bool,
    pub first_typologie: Option<Typologie>,
    /// The first desired commune (`""` when none).
    pub first_commune: &'a str,
    /// Monthly resources, in hundredths.
    pub ressources: i64,
    pub naissance_titulaire: Option<Date>,
    /// Consumption units without the yearly part, in tenths: 10 for the titulaire, 3 for
    /// anyone else (0 for no members).
    pub uc_base: i64,
    /// The birth years of the members other than the titulaire, in any order.
    pub naissances_autres: &'a mut [u16],
}

fn index_of<T: CodeList + PartialEq>(value: T) -> i64 {
    T::all().iter().position(|v| *v == value).map_or(0, |i| i as i64)
}

/// `profil`: ((situation × compositions + composition) × 2 + priority) × typologies + typology
/// (0 when none is desired, then the code list from 1) — `projection::profil` in SQL.
pub fn profil(
    situation: SituationLogement,
    composition: Composition,
    prioritaire: bool,
    typologie: Option<Typologie>,
) -> i64 {
    let typology = typologie.map_or(0, |t| index_of(t) + 1);
    ((index_of(situation) * COMPOSITIONS as i64 + index_of(composition)) * 2
        + i64::from(prioritaire))
        * TYPOLOGIES as i64
        + typology
}

impl Projected<'_> {
    /// The row of `demandes_bilan` ([`crate::Table::DemandesBilan`]).
    pub fn into_row(self) -> Row {
        self.naissances_autres.sort_unstable();
        let mut others = String::with_capacity(4 * self.naissances_autres.len());
        for year in self.naissances_autres.iter() {
            let _ = write!(others, "{year:04}"); // writing into a String cannot fail
        }
        vec![
            Value::Text(Some(Cow::Owned(self.numero_unique.to_owned()))),
            Value::Date(Some(self.date_depot)),
            Value::Text(Some(Cow::Borrowed(self.statut.code()))),
            Value::Date(self.date_radiation),
            Value::Int(Some(profil(
                self.situation,
                self.composition,
                self.prioritaire,
                self.first_typologie,
            ))),
            Value::Int(Some(i64::from(self.prioritaire))),
            Value::Text(Some(Cow::Owned(self.first_commune.to_owned()))),
            Value::Int(Some(self.ressources)),
            Value::Int(self.naissance_titulaire.map(|d| i64::from(d.year()))),
            Value::Int(Some(self.uc_base)),
            Value::Text(Some(Cow::Owned(others))),
        ]
    }
}
