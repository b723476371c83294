//! Reservation rights as a yearly flow (gestion en flux, ../shared/spec/flux.md): a landlord's
//! convention with a reservation holder — its share of the landlord's net flow of a year, on
//! the whole territory or on one commune — and the construction period of a dwelling, one of
//! the dimensions of the 28-February bilan.

use crate::codes::code_list;
use crate::ids::{CodeInsee, OrganismeId};
use std::fmt;
use time::Date;

code_list! {
    /// Why a letting is set aside from the flow (flux.md, « Set aside »): a household rehoused
    /// by urban renewal, or a tenant of the same landlord moving within its stock.
    SetAside {
        UrbanRenewal => "relogement_anru", "relogement au titre du renouvellement urbain (ANRU)";
        InternalTransfer => "mutation_interne", "mutation interne chez le même bailleur";
    }
}

/// A share of a flow, in percent, kept exactly in ten-thousandths of a percent
/// (`25,5 %` is 255 000): the sums of shares and the entitlements they give are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Part(u32);

impl Part {
    /// Ten-thousandths of a percent in one percent.
    pub const UNIT: u32 = 10_000;
    /// The whole flow: 100 %.
    pub const WHOLE: Part = Part(100 * Self::UNIT);
    /// The most the holders of type `etat` may hold together: 30 %.
    pub const STATE_MOST: Part = Part(30 * Self::UNIT);

    /// A share in ten-thousandths of a percent.
    pub fn from_ten_thousandths(value: u32) -> Part {
        Part(value)
    }

    /// Its value in ten-thousandths of a percent.
    pub fn ten_thousandths(self) -> u32 {
        self.0
    }

    /// A share as written in a file: a number of percent with `.` or `,` as decimal separator,
    /// at most four decimals, `0 < part ≤ 100`; the French refusal otherwise.
    pub fn parse(text: &str) -> Result<Part, String> {
        let refused = || {
            format!(
                "part « {text} » : un pourcentage entre 0 (exclu) et 100, par exemple 25 ou 12,5"
            )
        };
        let text = text.trim();
        let (whole, decimals) = text.split_once(['.', ',']).unwrap_or((text, ""));
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(decimals) || decimals.len() > 4 {
            return Err(refused());
        }
        let whole: u32 = whole.parse().map_err(|_| refused())?;
        let padded = format!("{decimals:0<4}");
        let fraction: u32 = padded.parse().map_err(|_| refused())?;
        let value = whole.checked_mul(Self::UNIT).and_then(|w| w.checked_add(fraction));
        match value.map(Part) {
            Some(part) if part.0 > 0 && part <= Part::WHOLE => Ok(part),
            _ => Err(refused()),
        }
    }

    /// The share as written in the files of format v1: `.` as decimal separator, no useless
    /// decimals (`25`, `12.5`).
    pub fn decimal(self) -> String {
        self.to_string().replace(',', ".")
    }

    /// The share as a number of percent (`25.5`), for JSON.
    pub fn percent(self) -> f64 {
        f64::from(self.0) / f64::from(Self::UNIT)
    }
}

impl fmt::Display for Part {
    /// French notation, without useless decimals: `25`, `12,5`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, fraction) = (self.0 / Self::UNIT, self.0 % Self::UNIT);
        if fraction == 0 {
            return write!(f, "{whole}");
        }
        let decimals = format!("{fraction:04}");
        write!(f, "{whole},{}", decimals.trim_end_matches('0'))
    }
}

/// One row of conventions.csv: the share of landlord `bailleur`'s net flow of year `annee`
/// that holder `reservataire` is entitled to, on the dwellings of `commune` or (none) all of
/// the landlord's dwellings on the territory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Convention {
    pub bailleur: OrganismeId,
    pub reservataire: OrganismeId,
    pub annee: i32,
    pub part: Part,
    pub commune: Option<CodeInsee>,
    pub date_signature: Option<Date>,
}

impl Convention {
    /// Whether the row applies to the landlord's dwellings of `commune`.
    pub fn covers(&self, commune: &CodeInsee) -> bool {
        self.commune.as_ref().is_none_or(|c| c == commune)
    }
}

code_list! {
    /// When a dwelling's building was completed, by period (the bilan's breakdown).
    ConstructionPeriod {
        Before1975 => "avant_1975", "avant 1975";
        From1975 => "1975_1999", "de 1975 à 1999";
        From2000 => "2000_2012", "de 2000 à 2012";
        From2013 => "2013_plus", "2013 et après";
        Unknown => "non_renseignee", "non renseignée";
    }
}

impl ConstructionPeriod {
    /// The period of a building completed in `year` (unknown without a year).
    pub fn of(year: Option<i32>) -> ConstructionPeriod {
        match year {
            None => ConstructionPeriod::Unknown,
            Some(y) if y < 1975 => ConstructionPeriod::Before1975,
            Some(y) if y < 2000 => ConstructionPeriod::From1975,
            Some(y) if y < 2013 => ConstructionPeriod::From2000,
            Some(_) => ConstructionPeriod::From2013,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_read_as_written_in_french_or_english_notation() {
        assert_eq!(Part::parse("25").map(Part::ten_thousandths), Ok(250_000));
        assert_eq!(Part::parse(" 12,5 ").map(Part::ten_thousandths), Ok(125_000));
        assert_eq!(Part::parse("33.3333").map(Part::ten_thousandths), Ok(333_333));
        assert_eq!(Part::parse("100").map(Part::ten_thousandths), Ok(1_000_000));
        for refused in ["0", "0,0", "100,01", "-5", "", "25 %", "1,23456", "abc", ",5"] {
            assert!(Part::parse(refused).is_err(), "{refused}");
        }
        assert_eq!(Part::parse("12,50").map(|p| p.to_string()), Ok("12,5".into()));
        assert_eq!(Part::parse("25").map(Part::percent), Ok(25.0));
    }

    #[test]
    fn a_building_s_year_gives_its_period() {
        let period = |y| ConstructionPeriod::of(y).code();
        assert_eq!(period(Some(1974)), "avant_1975");
        assert_eq!(period(Some(1975)), "1975_1999");
        assert_eq!(period(Some(1999)), "1975_1999");
        assert_eq!(period(Some(2000)), "2000_2012");
        assert_eq!(period(Some(2013)), "2013_plus");
        assert_eq!(period(None), "non_renseignee");
    }
}
