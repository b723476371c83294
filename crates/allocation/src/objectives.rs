//! Which objectives of the convention (bilan.md « Objectives ») a candidate would help or hurt
//! if the dwelling went to them: outside a QPV, the share of the first income quartile; inside,
//! the share of quartiles 2 to 4; and the reservation holder's share of priority households.

use logis_domain::Quartile;
use logis_domain::french::percent;
use logis_evaluation::Targets;

/// One objective's sentence for one candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Impact {
    /// Whether the allocation would count in the objective's numerator.
    pub helps: bool,
    pub text: String,
}

/// What the candidate brings to the objectives if the dwelling (inside a QPV or not, oriented
/// to `holder_name`) goes to them. `quartile` is `None` when the year has no thresholds.
pub fn impacts(
    in_qpv: bool,
    quartile: Option<Quartile>,
    priority: bool,
    holder_name: &str,
    targets: &Targets,
) -> Vec<Impact> {
    let mut impacts = Vec::new();
    match (in_qpv, quartile) {
        (_, None) => impacts.push(Impact {
            helps: false,
            text: "quartile inconnu (pas de seuils pour l'année) : contribution aux objectifs de mixité non évaluée".to_owned(),
        }),
        (in_qpv, Some(q)) => {
            let (helps, place, objective, target) = if in_qpv {
                (q.number() > 1, "en QPV", "en QPV aux quartiles 2 à 4", targets.q234_en_qpv)
            } else {
                (q.number() == 1, "hors QPV", "hors QPV au 1er quartile", targets.q1_hors_qpv)
            };
            impacts.push(Impact {
                helps,
                text: format!(
                    "{} quartile, logement {place} : {} à l'objectif de {} d'attributions {objective}",
                    ordinal(q),
                    if helps { "contribue" } else { "ne contribue pas" },
                    percent(target, 0)
                ),
            });
        }
    }
    impacts.push(Impact {
        helps: priority,
        text: format!(
            "{} : {} à l'objectif de {} de ménages prioritaires sur le contingent {}",
            if priority { "ménage prioritaire" } else { "ménage non prioritaire" },
            if priority { "contribue" } else { "ne contribue pas" },
            percent(targets.prioritaires_reservataire, 0),
            logis_domain::french::of(holder_name)
        ),
    });
    impacts
}

fn ordinal(q: Quartile) -> String {
    logis_domain::french::ordinal(u64::from(q.number()), logis_domain::french::Gender::Masculine)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quartile(n: u8) -> Quartile {
        Quartile::ALL[usize::from(n - 1)]
    }

    #[test]
    fn the_first_quartile_helps_outside_a_qpv_only() {
        let targets = Targets::default();
        let outside = impacts(false, Some(quartile(1)), false, "l'État", &targets);
        assert!(outside[0].helps);
        assert_eq!(
            outside[0].text,
            "1er quartile, logement hors QPV : contribue à l'objectif de 25\u{202f}% d'attributions hors QPV au 1er quartile"
        );
        let inside = impacts(true, Some(quartile(1)), false, "l'État", &targets);
        assert!(!inside[0].helps);
        assert!(inside[0].text.starts_with("1er quartile, logement en QPV : ne contribue pas"));
        assert!(impacts(true, Some(quartile(3)), false, "l'État", &targets)[0].helps);
    }

    #[test]
    fn priority_households_help_the_holder_objective() {
        let targets = Targets::default();
        let found = impacts(false, None, true, "Action Logement", &targets);
        assert!(!found[0].helps, "no thresholds: not evaluated");
        assert_eq!(
            found[1],
            Impact {
                helps: true,
                text: "ménage prioritaire : contribue à l'objectif de 25\u{202f}% de ménages prioritaires sur le contingent d'Action Logement".to_owned()
            }
        );
    }
}
