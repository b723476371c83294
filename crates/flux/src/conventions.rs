//! What the conventions of a landlord and a year may not do together (flux.md, conventions.csv):
//! give away more than the whole flow on a perimeter, or more than 30 % of it to the holders
//! of type `etat` taken together. A perimeter is the landlord's whole territory, or one commune
//! (whose rows count with the all-commune rows of the same landlord and year; it is said only
//! for what its own rows add). Checked the same
//! way by the import and by the pages that create or amend a convention.

use logis_domain::{CodeInsee, Convention, OrganismeId, Part};
use std::collections::BTreeMap;
use std::fmt;

/// One perimeter's shares going beyond what the law or the flow allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breach {
    pub bailleur: OrganismeId,
    pub annee: i32,
    /// The commune of the perimeter (none: the landlord's whole territory).
    pub commune: Option<CodeInsee>,
    pub kind: BreachKind,
    /// The sum of the shares concerned.
    pub total: Part,
}

/// Which limit a perimeter goes beyond.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreachKind {
    /// The holders' shares add up to more than 100 %.
    OverWhole,
    /// The State's holders add up to more than 30 %.
    StateOverLimit,
}

impl fmt::Display for Breach {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place = match &self.commune {
            None => "sur tout son territoire".to_owned(),
            Some(c) => format!("sur la commune {c} (avec ses conventions de tout le territoire)"),
        };
        match self.kind {
            BreachKind::OverWhole => write!(
                f,
                "les conventions du bailleur {} pour {} {place} totalisent {} % : au plus 100 %",
                self.bailleur, self.annee, self.total
            ),
            BreachKind::StateOverLimit => write!(
                f,
                "les réservataires de l'État ont ensemble {} % du flux du bailleur {} pour {} {place} : au plus 30 %",
                self.total, self.bailleur, self.annee
            ),
        }
    }
}

/// The shares of a perimeter in ten-thousandths of a percent: all the holders', the State's.
type Sums = (u64, u64);

/// A landlord's and year's sums on its whole territory, and on each commune with rows of its
/// own.
type Perimeters<'a> = (Sums, BTreeMap<&'a CodeInsee, Sums>);

/// Every breach of `conventions`, by landlord, year, then perimeter (the whole territory
/// first); `is_state` says which holders are of type `etat`.
pub fn breaches(
    conventions: &[Convention],
    is_state: impl Fn(&OrganismeId) -> bool,
) -> Vec<Breach> {
    // (landlord, year) → the all-commune sums and each commune's.
    let mut groups: BTreeMap<(&OrganismeId, i32), Perimeters<'_>> = BTreeMap::new();
    for c in conventions {
        let (whole, communes) = groups.entry((&c.bailleur, c.annee)).or_default();
        let sums = match &c.commune {
            None => whole,
            Some(commune) => communes.entry(commune).or_default(),
        };
        let share = u64::from(c.part.ten_thousandths());
        sums.0 += share;
        if is_state(&c.reservataire) {
            sums.1 += share;
        }
    }
    let mut found = Vec::new();
    for ((landlord, year), (whole, communes)) in groups {
        // A commune's perimeter is said only for what its own rows add: the whole territory's
        // breach already says the rest.
        let perimeters = std::iter::once((None, whole, (1, 1)))
            .chain(communes.into_iter().map(|(c, s)| (Some(c), (whole.0 + s.0, whole.1 + s.1), s)));
        for (commune, (all, state), own) in perimeters {
            let breach = |kind, total: u64| Breach {
                bailleur: landlord.clone(),
                annee: year,
                commune: commune.cloned(),
                kind,
                total: Part::from_ten_thousandths(u32::try_from(total).unwrap_or(u32::MAX)),
            };
            if own.0 > 0 && all > u64::from(Part::WHOLE.ten_thousandths()) {
                found.push(breach(BreachKind::OverWhole, all));
            }
            if own.1 > 0 && state > u64::from(Part::STATE_MOST.ten_thousandths()) {
                found.push(breach(BreachKind::StateOverLimit, state));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        landlord: &str,
        holder: &str,
        year: i32,
        share: &str,
        commune: Option<&str>,
    ) -> Convention {
        Convention {
            bailleur: OrganismeId::parse(landlord).expect("id"),
            reservataire: OrganismeId::parse(holder).expect("id"),
            annee: year,
            part: Part::parse(share).expect("share"),
            commune: commune.map(|c| CodeInsee::parse(c).expect("commune")),
            date_signature: None,
        }
    }

    fn state(id: &OrganismeId) -> bool {
        id.as_str().starts_with("ETAT")
    }

    #[test]
    fn shares_up_to_the_whole_and_the_state_up_to_30_percent_pass() {
        let rows = [
            row("B1", "ETAT", 2025, "25", None),
            row("B1", "ETAT-FP", 2025, "5", None),
            row("B1", "AL", 2025, "70", None),
            // Another year and another landlord are other perimeters.
            row("B1", "AL", 2026, "100", None),
            row("B2", "ETAT", 2025, "30", None),
        ];
        assert_eq!(breaches(&rows, state), []);
    }

    #[test]
    fn a_commune_s_rows_count_with_the_whole_territory_s() {
        let rows = [
            row("B1", "ETAT", 2025, "25", None),
            row("B1", "AL", 2025, "60", None),
            // 82033: 25 + 60 + 10 + 10 = 105 %; the State 25 + 10 = 35 %.
            row("B1", "C82", 2025, "10", Some("82033")),
            row("B1", "ETAT", 2025, "10", Some("82033")),
            // 82112: 25 + 60 + 15 = 100 %: allowed.
            row("B1", "C82", 2025, "15", Some("82112")),
        ];
        let found = breaches(&rows, state);
        let said: Vec<(Option<&str>, BreachKind, String)> = found
            .iter()
            .map(|b| (b.commune.as_ref().map(CodeInsee::as_str), b.kind, b.total.to_string()))
            .collect();
        assert_eq!(
            said,
            [
                (Some("82033"), BreachKind::OverWhole, "105".to_owned()),
                (Some("82033"), BreachKind::StateOverLimit, "35".to_owned()),
            ]
        );
        assert_eq!(
            found[0].to_string(),
            "les conventions du bailleur B1 pour 2025 sur la commune 82033 (avec ses conventions de tout le territoire) totalisent 105 % : au plus 100 %"
        );
    }

    #[test]
    fn the_whole_territory_over_its_flow_is_said_once() {
        let rows = [row("B1", "ETAT", 2025, "30,5", None), row("B1", "AL", 2025, "70", None)];
        let found = breaches(&rows, state);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].kind, BreachKind::OverWhole);
        assert_eq!(found[0].total.to_string(), "100,5");
        assert_eq!(found[1].kind, BreachKind::StateOverLimit);
        assert!(found[1].to_string().contains("30,5 %"), "{}", found[1]);
    }
}
