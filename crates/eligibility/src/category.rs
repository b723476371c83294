//! The household's category for the income ceilings (arrêté of 29 July 1987): 1 to 6 by the
//! number of persons to be housed, one category up for a person alone with dependants, for a
//! « jeune ménage » (a couple whose ages add up to 55 or less, without dependant) and for a
//! household with a disabled member; beyond 6, an amount per extra person.

use logis_domain::household::age_at;
use logis_domain::{CriterePrioritaire, Demande, Lien, Membre};
use time::Date;

/// Ages of a couple that make it a « jeune ménage », added up.
pub const YOUNG_COUPLE_AGES: u32 = 55;

/// A category, and the persons beyond category 6.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HouseholdCategory {
    /// 1 to 6.
    pub category: u8,
    pub extra_persons: u32,
    /// Why one category up, when it is.
    pub raised: Option<Raise>,
}

/// Why a household is one category up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Raise {
    Disability,
    AloneWithDependants,
    YoungCouple,
}

impl Raise {
    pub fn label(self) -> &'static str {
        match self {
            Raise::Disability => "une personne en situation de handicap",
            Raise::AloneWithDependants => "une personne seule avec des personnes à charge",
            Raise::YoungCouple => "un jeune ménage (âges du couple additionnés : 55 ans au plus)",
        }
    }
}

impl HouseholdCategory {
    /// « catégorie 4 », « catégorie 6 + 2 personnes », with the reason of a raise.
    pub fn describe(&self) -> String {
        let mut text = format!("catégorie {}", self.category);
        if self.extra_persons > 0 {
            let s = if self.extra_persons > 1 { "s" } else { "" };
            text.push_str(&format!(" + {} personne{s} supplémentaire{s}", self.extra_persons));
        }
        if let Some(raise) = self.raised {
            text.push_str(&format!(" (une catégorie de plus : {})", raise.label()));
        }
        text
    }
}

/// The category of a household of `members` at `on`; `disabled` when a member is in a situation
/// of disability (format v1 says it of the household: the priority criterion `handicap`).
pub fn category_of(members: &[Membre], disabled: bool, on: Date) -> HouseholdCategory {
    let persons = members.len().max(1) as u32;
    let dependants = members.iter().filter(|m| m.lien == Lien::Enfant).count() as u32;
    let cotitulaire = members.iter().find(|m| m.lien == Lien::Cotitulaire);
    let alone_with_dependants = dependants > 0 && persons == dependants + 1;
    let young_couple = persons == 2
        && members.iter().find(|m| m.lien == Lien::Titulaire).zip(cotitulaire).is_some_and(
            |(a, b)| {
                age_at(a.date_naissance, on) + age_at(b.date_naissance, on) <= YOUNG_COUPLE_AGES
            },
        );
    let raised = if disabled {
        Some(Raise::Disability)
    } else if alone_with_dependants {
        Some(Raise::AloneWithDependants)
    } else if young_couple {
        Some(Raise::YoungCouple)
    } else {
        None
    };
    let value = persons + u32::from(raised.is_some());
    HouseholdCategory {
        category: value.min(6) as u8,
        extra_persons: value.saturating_sub(6),
        raised,
    }
}

/// The category of the household of `demande` and `members` at `on`: disabled when the
/// application holds the priority criterion `handicap`.
pub fn category_of_application(
    demande: &Demande,
    members: &[Membre],
    on: Date,
) -> HouseholdCategory {
    let disabled = demande.criteres_prioritaires.contains(&CriterePrioritaire::Handicap);
    category_of(members, disabled, on)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const ON: Date = date!(2026 - 01 - 01);

    fn member(rang: u16, lien: Lien, born: Date) -> Membre {
        Membre { rang, lien, date_naissance: born }
    }

    fn household(liens: &[(Lien, Date)]) -> Vec<Membre> {
        liens.iter().enumerate().map(|(i, (l, d))| member(i as u16 + 1, *l, *d)).collect()
    }

    /// Members, disabled, expected category and extra persons.
    type Case<'a> = (&'a [(Lien, Date)], bool, u8, u32);

    const ADULT: Date = date!(1980 - 05 - 01);
    const YOUNG: Date = date!(2000 - 05 - 01);
    const CHILD: Date = date!(2015 - 05 - 01);

    #[test]
    fn the_published_rules_give_each_category() {
        use Lien::{Cotitulaire as C, Enfant as E, Titulaire as T};
        let cases: &[Case] = &[
            (&[(T, ADULT)], false, 1, 0),
            (&[(T, ADULT)], true, 2, 0),
            (&[(T, ADULT), (C, ADULT)], false, 2, 0),
            (&[(T, YOUNG), (C, YOUNG)], false, 3, 0),
            (&[(T, ADULT), (E, CHILD)], false, 3, 0),
            (&[(T, ADULT), (C, ADULT)], true, 3, 0),
            (&[(T, ADULT), (C, ADULT), (E, CHILD)], false, 3, 0),
            (&[(T, ADULT), (E, CHILD), (E, CHILD)], false, 4, 0),
            (&[(T, ADULT), (C, ADULT), (E, CHILD)], true, 4, 0),
            (&[(T, ADULT), (C, ADULT), (E, CHILD), (E, CHILD)], false, 4, 0),
            (&[(T, ADULT), (E, CHILD), (E, CHILD), (E, CHILD)], false, 5, 0),
            (
                &[(T, ADULT), (C, ADULT), (E, CHILD), (E, CHILD), (E, CHILD), (E, CHILD)],
                false,
                6,
                0,
            ),
            (&[(T, ADULT), (C, ADULT), (E, CHILD), (E, CHILD), (E, CHILD), (E, CHILD)], true, 6, 1),
            (
                &[
                    (T, ADULT),
                    (C, ADULT),
                    (E, CHILD),
                    (E, CHILD),
                    (E, CHILD),
                    (E, CHILD),
                    (E, CHILD),
                    (E, CHILD),
                ],
                false,
                6,
                2,
            ),
        ];
        for (members, disabled, category, extra) in cases {
            let got = category_of(&household(members), *disabled, ON);
            assert_eq!(
                (got.category, got.extra_persons),
                (*category, *extra),
                "{members:?} handicap {disabled}"
            );
        }
    }

    #[test]
    fn a_young_couple_adds_up_to_55_years_at_most() {
        use Lien::{Cotitulaire as C, Titulaire as T};
        let at_limit = household(&[(T, date!(1998 - 01 - 01)), (C, date!(1998 - 01 - 01))]); // 28 + 28 = 56
        assert_eq!(category_of(&at_limit, false, ON).category, 2);
        let young = household(&[(T, date!(1998 - 01 - 01)), (C, date!(1999 - 01 - 01))]); // 28 + 27 = 55
        let got = category_of(&young, false, ON);
        assert_eq!(got.category, 3);
        assert_eq!(
            got.describe(),
            "catégorie 3 (une catégorie de plus : un jeune ménage (âges du couple additionnés : 55 ans au plus))"
        );
    }
}
