//! What the dwelling would cost the household (rules.md « Matching a vacant dwelling »): the
//! effort rate — (rent + charges − housing benefit) / resources — and the « reste à vivre »,
//! what is left each month once the dwelling is paid, in all and per consumption unit per day.
//!
//! The housing benefit is not estimated: its scale (APL) is not among the published values
//! this product ships (regulation.md), so the figures are those before any benefit and say
//! so; a benefit the applicant declares can be given to [`budget`].

use logis_domain::{Amount, ConsumptionUnits, french};

/// The household's budget with the dwelling.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Budget {
    /// Rent and charges less the benefit, per month.
    pub housing_cost: Amount,
    /// Share of the monthly resources the dwelling takes, in percent (`None` without
    /// resources).
    pub effort_percent: Option<f64>,
    /// Monthly resources less the housing cost.
    pub reste_a_vivre: Amount,
    /// The same per consumption unit and per day (30 days a month).
    pub reste_a_vivre_uc_jour: Amount,
    /// Whether a housing benefit was counted.
    pub with_benefit: bool,
}

/// The budget of a household of `resources` per month and `uc` consumption units in a
/// dwelling of `rent` and `charges`, with `benefit` when known.
pub fn budget(
    rent: Amount,
    charges: Option<Amount>,
    benefit: Option<Amount>,
    resources: Amount,
    uc: ConsumptionUnits,
) -> Budget {
    let gross = rent.cents() + charges.map_or(0, Amount::cents);
    let cost = (gross - benefit.map_or(0, Amount::cents)).max(0);
    let left = resources.cents() - cost;
    let effort_percent =
        (resources.cents() > 0).then(|| cost as f64 * 100.0 / resources.cents() as f64);
    // Per UC and per day, in cents: left × 10 / tenths / 30, rounded down (a budget).
    let per_uc_day = (left * 10).div_euclid(i64::from(uc.tenths()) * 30);
    Budget {
        housing_cost: Amount::from_cents(cost),
        effort_percent,
        reste_a_vivre: Amount::from_cents(left),
        reste_a_vivre_uc_jour: Amount::from_cents(per_uc_day),
        with_benefit: benefit.is_some(),
    }
}

impl Budget {
    /// The sentence shown beside a candidate.
    pub fn describe(&self) -> String {
        let effort = match self.effort_percent {
            Some(p) => format!("taux d'effort {}", french::percent(p / 100.0, 1)),
            None => "taux d'effort non calculable (ressources nulles)".to_owned(),
        };
        let benefit = if self.with_benefit { "" } else { " (avant aide au logement)" };
        format!(
            "{effort}{benefit} ; reste à vivre {} € par mois, soit {} € par jour et par unité de consommation",
            french::signed(self.reste_a_vivre.cents() / 100),
            french::decimal(self.reste_a_vivre_uc_jour.cents() as f64 / 100.0, 2)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn euros(n: i64) -> Amount {
        Amount::from_cents(n * 100)
    }

    #[test]
    fn effort_and_reste_a_vivre_by_hand() {
        // 400 € + 50 € for 1 500 € a month: 30 %; 1 050 € left; a couple with a child under 14
        // is 1.8 UC: 1 050 / 1.8 / 30 = 19.444… € a day.
        let b = budget(
            euros(400),
            Some(euros(50)),
            None,
            euros(1500),
            ConsumptionUnits::from_tenths(18),
        );
        assert_eq!(b.housing_cost, euros(450));
        assert_eq!(b.effort_percent, Some(30.0));
        assert_eq!(b.reste_a_vivre, euros(1050));
        assert_eq!(b.reste_a_vivre_uc_jour, Amount::from_cents(1944));
        assert_eq!(
            b.describe(),
            "taux d'effort 30,0\u{202f}% (avant aide au logement) ; reste à vivre 1\u{a0}050 € par mois, soit 19,44 € par jour et par unité de consommation"
        );
    }

    #[test]
    fn a_declared_benefit_lowers_the_cost_never_below_zero() {
        let b = budget(
            euros(300),
            None,
            Some(euros(350)),
            euros(900),
            ConsumptionUnits::from_tenths(10),
        );
        assert_eq!(b.housing_cost, euros(0));
        assert_eq!(b.effort_percent, Some(0.0));
        assert!(b.with_benefit);
        let none = budget(euros(300), None, None, euros(0), ConsumptionUnits::from_tenths(10));
        assert_eq!(none.effort_percent, None);
        assert_eq!(none.reste_a_vivre, euros(-300));
    }
}
