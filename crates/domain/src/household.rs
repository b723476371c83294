//! Household members and the values derived from them: age at a date, consumption units,
//! composition and the titulaire's age band.

use crate::codes::{AgeBand, Composition, Lien};
use time::Date;

/// One person of a household.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membre {
    /// 1 for the titulaire.
    pub rang: u16,
    pub lien: Lien,
    pub date_naissance: Date,
}

/// Why a household was refused (French, for users).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HouseholdError {
    #[error("le ménage n'a aucun membre")]
    Empty,
    #[error("le ménage doit avoir exactement un titulaire, au rang 1")]
    Titulaire,
    #[error("le ménage a plus d'un cotitulaire")]
    SeveralCotitulaires,
    #[error("le rang {0} apparaît plusieurs fois dans le ménage")]
    DuplicateRang(u16),
}

/// Whole years between `birth` and `date` (0 before birth). Someone born on 29 February has
/// their birthday on 1 March in other years: comparing (month, day) pairs gives exactly that.
pub fn age_at(birth: Date, date: Date) -> u32 {
    if date < birth {
        return 0;
    }
    let mut years = date.year() - birth.year();
    if (date.month() as u8, date.day()) < (birth.month() as u8, birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// Consumption units, held exactly in tenths (1 UC = 10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ConsumptionUnits(u32);

impl ConsumptionUnits {
    /// UC of a household at a date: 1 for the titulaire, 0.5 for each other member aged 14 or
    /// more, 0.3 for each other member under 14.
    pub fn at(members: &[Membre], date: Date) -> Self {
        let tenths = members
            .iter()
            .map(|m| match m.lien {
                Lien::Titulaire => 10,
                _ if age_at(m.date_naissance, date) >= 14 => 5,
                _ => 3,
            })
            .sum::<u32>();
        // An empty household still counts as one person, so that a ratio stays defined.
        ConsumptionUnits(tenths.max(10))
    }

    /// Units given in tenths (18 for 1.8 UC); at least one unit.
    pub fn from_tenths(tenths: u32) -> Self {
        ConsumptionUnits(tenths.max(10))
    }

    pub fn tenths(self) -> u32 {
        self.0
    }

    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 10.0
    }
}

/// Household composition (formats.md).
pub fn composition(members: &[Membre]) -> Composition {
    let mut counts = LinkCounts::default();
    members.iter().for_each(|m| counts.add(m.lien));
    counts.composition()
}

/// How many members of a household have each link: what its composition is read from, for a
/// household whose members are read one at a time (an import) as for one held whole.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LinkCounts {
    pub members: u16,
    pub cotitulaires: u16,
    pub enfants: u16,
    pub autres: u16,
}

impl LinkCounts {
    pub fn add(&mut self, lien: Lien) {
        self.members = self.members.saturating_add(1);
        let count = match lien {
            Lien::Titulaire => return,
            Lien::Cotitulaire => &mut self.cotitulaires,
            Lien::Enfant => &mut self.enfants,
            Lien::Autre => &mut self.autres,
        };
        *count = count.saturating_add(1);
    }

    /// The titulaires: the members that are neither co-titulaires, children nor others.
    pub fn titulaires(self) -> u16 {
        self.members - self.cotitulaires - self.enfants - self.autres
    }

    /// Household composition (formats.md): one person alone; anyone else than a co-titulaire
    /// or a child makes it « autre »; no members at all too.
    pub fn composition(self) -> Composition {
        if self.members == 1 {
            return Composition::PersonneSeule;
        }
        if self.autres > 0 {
            return Composition::Autre;
        }
        match (self.cotitulaires > 0, self.enfants > 0) {
            (true, false) => Composition::CoupleSansEnfant,
            (true, true) => Composition::CoupleAvecEnfants,
            (false, true) => Composition::FamilleMonoparentale,
            (false, false) => Composition::Autre,
        }
    }
}

/// The titulaire of a household, if there is one.
pub fn titulaire(members: &[Membre]) -> Option<&Membre> {
    members.iter().find(|m| m.lien == Lien::Titulaire)
}

/// The titulaire's age band at a date.
pub fn age_band(members: &[Membre], date: Date) -> Option<AgeBand> {
    titulaire(members).map(|t| AgeBand::of_age(age_at(t.date_naissance, date)))
}

/// Checks the household rules of formats.md: exactly one titulaire at rang 1, at most one
/// cotitulaire, no rang twice.
pub fn validate_household(members: &[Membre]) -> Result<(), HouseholdError> {
    let mut check = HouseholdCheck::default();
    for m in members {
        check.add(m.rang, m.lien);
    }
    check.result()
}

/// The household rules checked member by member in a few bytes, for households read from a
/// file of millions of rows (ranks 1 to 128 are tracked; the file format allows 1 to 99).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HouseholdCheck {
    members: u16,
    titulaires: u8,
    titulaire_at_rang_1: bool,
    cotitulaires: u8,
    duplicate_rang: Option<u16>,
    rangs: [u64; 2],
}

impl HouseholdCheck {
    pub fn add(&mut self, rang: u16, lien: Lien) {
        self.members = self.members.saturating_add(1);
        match lien {
            Lien::Titulaire => {
                self.titulaires = self.titulaires.saturating_add(1);
                self.titulaire_at_rang_1 |= rang == 1;
            }
            Lien::Cotitulaire => self.cotitulaires = self.cotitulaires.saturating_add(1),
            Lien::Enfant | Lien::Autre => {}
        }
        if (1..=128).contains(&rang) {
            let bit = usize::from(rang - 1);
            let (word, mask) = (bit / 64, 1u64 << (bit % 64));
            if self.rangs[word] & mask != 0 && self.duplicate_rang.is_none() {
                self.duplicate_rang = Some(rang);
            }
            self.rangs[word] |= mask;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.members == 0
    }

    pub fn result(&self) -> Result<(), HouseholdError> {
        if self.members == 0 {
            Err(HouseholdError::Empty)
        } else if self.titulaires != 1 || !self.titulaire_at_rang_1 {
            Err(HouseholdError::Titulaire)
        } else if self.cotitulaires > 1 {
            Err(HouseholdError::SeveralCotitulaires)
        } else if let Some(rang) = self.duplicate_rang {
            Err(HouseholdError::DuplicateRang(rang))
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn member(rang: u16, lien: Lien, birth: Date) -> Membre {
        Membre { rang, lien, date_naissance: birth }
    }

    #[test]
    fn birthday_on_the_reference_date_counts() {
        assert_eq!(age_at(date!(1990 - 12 - 31), date!(2022 - 12 - 31)), 32);
        assert_eq!(age_at(date!(1990 - 12 - 31), date!(2022 - 12 - 30)), 31);
        assert_eq!(age_at(date!(2023 - 01 - 01), date!(2022 - 12 - 31)), 0);
    }

    #[test]
    fn born_on_29_february_ages_on_1_march() {
        let birth = date!(2004 - 02 - 29);
        assert_eq!(age_at(birth, date!(2022 - 02 - 28)), 17);
        assert_eq!(age_at(birth, date!(2022 - 03 - 01)), 18);
        assert_eq!(age_at(birth, date!(2024 - 02 - 29)), 20);
        assert_eq!(age_at(birth, date!(2024 - 02 - 28)), 19);
    }

    #[test]
    fn a_child_turning_14_on_the_day_weighs_half() {
        let reference = date!(2022 - 12 - 31);
        let household = [
            member(1, Lien::Titulaire, date!(1980 - 01 - 01)),
            member(2, Lien::Enfant, date!(2008 - 12 - 31)),
        ];
        assert_eq!(ConsumptionUnits::at(&household, reference).tenths(), 15);
        assert_eq!(ConsumptionUnits::at(&household, date!(2022 - 12 - 30)).tenths(), 13);
    }

    #[test]
    fn consumption_units_add_up() {
        let reference = date!(2024 - 06 - 01);
        let household = [
            member(1, Lien::Titulaire, date!(1980 - 01 - 01)),
            member(2, Lien::Cotitulaire, date!(1982 - 01 - 01)),
            member(3, Lien::Enfant, date!(2015 - 01 - 01)),
            member(4, Lien::Enfant, date!(2020 - 01 - 01)),
        ];
        assert_eq!(ConsumptionUnits::at(&household, reference).as_f64(), 2.1);
    }

    #[test]
    fn compositions_follow_formats_md() {
        let d = date!(1990 - 01 - 01);
        let t = member(1, Lien::Titulaire, d);
        let c = member(2, Lien::Cotitulaire, d);
        let e = member(3, Lien::Enfant, d);
        let a = member(4, Lien::Autre, d);
        assert_eq!(composition(std::slice::from_ref(&t)), Composition::PersonneSeule);
        assert_eq!(composition(&[t.clone(), c.clone()]), Composition::CoupleSansEnfant);
        assert_eq!(composition(&[t.clone(), c.clone(), e.clone()]), Composition::CoupleAvecEnfants);
        assert_eq!(composition(&[t.clone(), e.clone()]), Composition::FamilleMonoparentale);
        assert_eq!(composition(&[t.clone(), c, e, a.clone()]), Composition::Autre);
        assert_eq!(composition(&[t, a]), Composition::Autre);
    }

    #[test]
    fn household_rules_are_checked() {
        let d = date!(1990 - 01 - 01);
        let t = member(1, Lien::Titulaire, d);
        assert_eq!(validate_household(&[]), Err(HouseholdError::Empty));
        assert_eq!(
            validate_household(&[member(2, Lien::Titulaire, d)]),
            Err(HouseholdError::Titulaire)
        );
        assert_eq!(
            validate_household(&[
                t.clone(),
                member(2, Lien::Cotitulaire, d),
                member(3, Lien::Cotitulaire, d)
            ]),
            Err(HouseholdError::SeveralCotitulaires)
        );
        assert_eq!(
            validate_household(&[
                t.clone(),
                member(2, Lien::Enfant, d),
                member(2, Lien::Enfant, d)
            ]),
            Err(HouseholdError::DuplicateRang(2))
        );
        assert_eq!(validate_household(&[t]), Ok(()));
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (1900i32..2100, 1u16..=366).prop_map(|(y, d)| {
            Date::from_ordinal_date(y, d.min(time::util::days_in_year(y)))
                .expect("day within its year")
        })
    }

    proptest! {
        #[test]
        fn age_never_decreases_with_time(birth in any_date(), a in any_date(), b in any_date()) {
            let (early, late) = if a <= b { (a, b) } else { (b, a) };
            prop_assert!(age_at(birth, early) <= age_at(birth, late));
        }

        #[test]
        fn age_is_exact_years(birth in any_date(), years in 0i32..100) {
            let target_year = birth.year() + years;
            prop_assume!(target_year <= 9999);
            // The day before the n-th birthday is n-1, the birthday itself is n.
            let birthday = Date::from_calendar_date(target_year, birth.month(), birth.day())
                .unwrap_or_else(|_| Date::from_calendar_date(target_year, time::Month::March, 1).expect("1 March exists"));
            prop_assert_eq!(age_at(birth, birthday), years as u32);
            if years > 0 {
                prop_assert_eq!(age_at(birth, birthday.previous_day().expect("not the first day")), years as u32 - 1);
            }
        }

        #[test]
        fn consumption_units_bounds(n_children in 0usize..8, n_adults in 0usize..4, date in any_date()) {
            let mut household = vec![member(1, Lien::Titulaire, date!(1900 - 01 - 01))];
            for i in 0..n_children {
                household.push(member(2 + i as u16, Lien::Enfant, date));
            }
            for i in 0..n_adults {
                household.push(member(20 + i as u16, Lien::Autre, date!(1800 - 01 - 01)));
            }
            let uc = ConsumptionUnits::at(&household, date).tenths();
            // Children born on the date are under 14: 0.3 each; adults 0.5 each.
            prop_assert_eq!(uc, 10 + 3 * n_children as u32 + 5 * n_adults as u32);
        }
    }
}
