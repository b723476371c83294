//! The records of allocation as domain types: the numbers the store gives to vacancies,
//! commission sessions and offers (one newtype each: a vacancy's number is not an offer's),
//! the state of a vacancy, the answer to an offer, the nature of a commission's decision and
//! the exception that lets fewer than three candidates go. Parsed once, at the edge (the
//! store's columns, the web's paths and forms).

use crate::codes::code_list;
use std::fmt;
use std::str::FromStr;

/// Declares the number of a record the store numbers: positive, shown as is.
macro_rules! number {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize,
            serde::Serialize,
        )]
        #[serde(transparent)]
        pub struct $name(i64);

        impl $name {
            /// The record numbered `n` (as the store gave it).
            pub const fn new(n: i64) -> Self {
                $name(n)
            }

            /// Its number.
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                text.trim().parse().map($name)
            }
        }
    };
}

number! {
    /// The number of a vacancy (a dwelling declared free, until its lease or withdrawal).
    VacancyId
}

number! {
    /// The number of a commission's session.
    CommissionId
}

number! {
    /// The number of an offer of a dwelling to an applicant.
    OfferId
}

code_list! {
    /// Where a vacancy stands.
    VacancyStatus {
        Open => "ouverte", "ouverte";
        Let => "louee", "louée";
        Withdrawn => "retiree", "retirée";
    }
}

code_list! {
    /// The applicant's answer to an offer.
    OfferAnswer {
        Accepted => "acceptee", "acceptée";
        Refused => "refusee", "refusée";
        NoAnswer => "sans_reponse", "sans réponse dans le délai";
    }
}

code_list! {
    /// The nature of a commission's decision on one candidate.
    Nature {
        Attribution => "attribution", "attribution";
        AttributionRang => "attribution_rang", "attribution en rang";
        ConditionSuspensive => "condition_suspensive", "attribution sous condition suspensive";
        NonAttribution => "non_attribution", "non-attribution";
        Irrecevable => "irrecevable", "rejet pour irrecevabilité";
    }
}

impl Nature {
    /// Whether the candidate may get the dwelling (at its rank).
    pub fn allocates(self) -> bool {
        matches!(self, Nature::Attribution | Nature::AttributionRang | Nature::ConditionSuspensive)
    }
}

code_list! {
    /// Why fewer than three candidates go to the commission for a dwelling.
    Exception {
        FewerCandidates => "moins_de_trois_candidats", "moins de trois candidats pour ce logement";
        DaloDesigne => "dalo_designe_prefet", "ménage DALO désigné par le préfet";
        PlaiAdapte => "plai_adapte", "logement PLAI adapté";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_back_as_written_and_do_not_mix() {
        let vacancy: VacancyId = " 42 ".parse().expect("a number");
        assert_eq!((vacancy, vacancy.to_string()), (VacancyId::new(42), "42".to_owned()));
        assert!("quarante".parse::<OfferId>().is_err());
    }

    #[test]
    fn codes_read_back_as_written() {
        for status in VacancyStatus::ALL {
            assert_eq!(VacancyStatus::from_code(status.code()), Some(*status));
        }
        assert_eq!(Nature::from_code("attribution_rang"), Some(Nature::AttributionRang));
        assert!(Nature::ConditionSuspensive.allocates() && !Nature::Irrecevable.allocates());
        assert_eq!(OfferAnswer::from_code("acceptée"), None, "codes, not labels");
    }
}
