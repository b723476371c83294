//! What a commission may decide (rules.md « The commission »): one decision per candidate
//! examined — attribution, attribution with a rank, attribution under suspensive condition,
//! non-attribution, rejection as inadmissible —, at least three candidates per dwelling unless
//! an exception is stated, and a reason whenever the order departs from the score. Checked here
//! before anything is written; every refusal in French.

use logis_domain::NumeroUnique;
use time::Date;

pub use logis_domain::allocation::{Exception, Nature};

/// One decision as the commission states it, before it is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposed {
    pub numero_unique: NumeroUnique,
    /// The candidate's place in the score order (1 = highest score).
    pub position_score: i64,
    pub nature: Nature,
    pub rang: Option<i64>,
    pub piece_manquante: Option<String>,
    pub echeance: Option<Date>,
    pub motif: Option<String>,
    pub motif_ecart: Option<String>,
    /// The officer states the household's income was checked against the published ceiling
    /// (needed to allocate when Logis could not check it).
    pub plafond_verifie: bool,
}

impl Proposed {
    /// A decision of `nature` (at `rang`) on application `numero`, without missing document,
    /// deadline or reason; its place in the score order is set when it is recorded.
    pub fn new(numero: &NumeroUnique, nature: Nature, rang: Option<i64>) -> Self {
        Proposed {
            numero_unique: numero.clone(),
            position_score: 0,
            nature,
            rang,
            piece_manquante: None,
            echeance: None,
            motif: None,
            motif_ecart: None,
            plafond_verifie: false,
        }
    }

    /// The rank at which the candidate may get the dwelling (`None` when it may not): 1 for
    /// an attribution, the stated rank otherwise.
    pub fn allocation_rank(&self) -> Option<i64> {
        match self.nature {
            Nature::Attribution => Some(1),
            n if n.allocates() => self.rang.or(Some(1)),
            _ => None,
        }
    }
}

/// What the audit line of `decisions` adds when the officer stated some incomes were checked
/// against the published ceiling (empty otherwise).
pub fn officer_statements(decisions: &[Proposed]) -> String {
    let checked: Vec<&str> =
        decisions.iter().filter(|d| d.plafond_verifie).map(|d| d.numero_unique.as_str()).collect();
    if checked.is_empty() {
        String::new()
    } else {
        format!(
            " ; revenu vérifié au regard du plafond publié, selon l'agent : {}",
            checked.join(", ")
        )
    }
}

fn filled(value: &Option<String>) -> bool {
    value.as_deref().is_some_and(|v| !v.trim().is_empty())
}

/// Checks the decisions on one dwelling: every French reason they cannot be recorded, each
/// with the numéro it is about (`None`: the dwelling as a whole).
pub fn check(
    decisions: &[Proposed],
    exception: Option<Exception>,
    session: Date,
) -> Vec<(Option<NumeroUnique>, String)> {
    let mut errors = Vec::new();
    let mut whole = |message: String| errors.push((None, message));
    if decisions.len() < 3 && exception.is_none() {
        whole(format!(
            "{} candidat(s) examiné(s) : au moins trois candidats sont présentés pour chaque logement, sauf exception à indiquer (moins de trois candidats, ménage DALO désigné par le préfet, PLAI adapté)",
            decisions.len()
        ));
    }
    let mut ranks: Vec<i64> = decisions.iter().filter_map(Proposed::allocation_rank).collect();
    ranks.sort_unstable();
    if ranks.windows(2).any(|w| w[0] == w[1]) {
        whole(
            "deux candidats ont le même rang d'attribution : chaque rang est donné une fois"
                .to_owned(),
        );
    }
    if !ranks.is_empty() && ranks[0] != 1 {
        whole(
            "aucun candidat n'est au premier rang : l'attribution va d'abord au rang 1".to_owned(),
        );
    }
    for d in decisions {
        let mut about = |message: String| errors.push((Some(d.numero_unique.clone()), message));
        match d.nature {
            Nature::AttributionRang if d.rang.is_none_or(|r| r < 1) => {
                about("une attribution en rang indique le rang (1, 2, 3…)".to_owned())
            }
            Nature::ConditionSuspensive => {
                if !filled(&d.piece_manquante) {
                    about(
                        "une attribution sous condition suspensive indique la pièce manquante"
                            .to_owned(),
                    );
                }
                match d.echeance {
                    None => about("une attribution sous condition suspensive indique la date limite de la pièce".to_owned()),
                    Some(deadline) if deadline <= session => about(
                        "la date limite de la pièce manquante est postérieure à la séance".to_owned(),
                    ),
                    Some(_) => {}
                }
            }
            Nature::NonAttribution | Nature::Irrecevable if !filled(&d.motif) => about(format!(
                "une décision de {} est motivée : indiquez le motif",
                d.nature.label()
            )),
            _ => {}
        }
        if departs_from_score(d, decisions) && !filled(&d.motif_ecart) {
            about(format!(
                "ce candidat passe devant un candidat mieux classé par la cotation (position {}) : indiquez le motif de l'écart",
                d.position_score
            ));
        }
    }
    errors
}

/// Whether `d` gets a better outcome than some candidate with a better score: it may get the
/// dwelling at a rank before theirs, or while they may not get it at all.
fn departs_from_score(d: &Proposed, all: &[Proposed]) -> bool {
    let Some(rank) = d.allocation_rank() else { return false };
    all.iter().any(|other| {
        other.position_score < d.position_score
            && other.allocation_rank().is_none_or(|theirs| theirs > rank)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn proposed(numero: &str, position: i64, nature: Nature, rang: Option<i64>) -> Proposed {
        let numero = NumeroUnique::parse(numero).expect("a numéro");
        Proposed { position_score: position, ..Proposed::new(&numero, nature, rang) }
    }

    const SESSION: Date = date!(2026 - 03 - 10);

    #[test]
    fn three_candidates_in_score_order_pass() {
        let decisions = [
            proposed("A", 1, Nature::Attribution, None),
            proposed("B", 2, Nature::AttributionRang, Some(2)),
            proposed("C", 3, Nature::AttributionRang, Some(3)),
        ];
        assert_eq!(check(&decisions, None, SESSION), vec![]);
    }

    #[test]
    fn fewer_than_three_need_a_stated_exception() {
        let decisions = [proposed("A", 1, Nature::Attribution, None)];
        let errors = check(&decisions, None, SESSION);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].1.contains("au moins trois candidats"), "{errors:?}");
        assert_eq!(check(&decisions, Some(Exception::DaloDesigne), SESSION), vec![]);
    }

    #[test]
    fn departing_from_the_score_needs_a_reason() {
        let mut decisions = vec![
            proposed("A", 1, Nature::AttributionRang, Some(2)),
            proposed("B", 2, Nature::Attribution, None),
            proposed("C", 3, Nature::NonAttribution, None),
        ];
        decisions[2].motif = Some("ressources insuffisantes pour le loyer".to_owned());
        let errors = check(&decisions, None, SESSION);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].0.as_ref().map(NumeroUnique::as_str), Some("B"));
        assert!(errors[0].1.contains("motif de l'écart"));
        decisions[1].motif_ecart = Some("rapprochement du lieu de travail".to_owned());
        assert_eq!(check(&decisions, None, SESSION), vec![]);
    }

    #[test]
    fn a_better_scored_candidate_left_out_is_a_departure_too() {
        let mut decisions = vec![
            proposed("A", 1, Nature::NonAttribution, None),
            proposed("B", 2, Nature::Attribution, None),
            proposed("C", 3, Nature::AttributionRang, Some(2)),
        ];
        decisions[0].motif = Some("logement inadapté au handicap".to_owned());
        let errors = check(&decisions, None, SESSION);
        let about: Vec<_> =
            errors.iter().map(|(n, _)| n.as_ref().map(NumeroUnique::as_str)).collect();
        assert_eq!(about, vec![Some("B"), Some("C")], "{errors:?}");
    }

    #[test]
    fn each_nature_says_what_it_needs() {
        let mut suspensive = proposed("A", 1, Nature::ConditionSuspensive, None);
        suspensive.echeance = Some(date!(2026 - 03 - 01));
        let decisions = [
            suspensive,
            proposed("B", 2, Nature::NonAttribution, None),
            proposed("C", 3, Nature::Irrecevable, None),
            proposed("D", 4, Nature::AttributionRang, None),
        ];
        let messages: Vec<String> =
            check(&decisions, None, SESSION).into_iter().map(|(_, m)| m).collect();
        assert!(messages.iter().any(|m| m.contains("pièce manquante")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("postérieure à la séance")));
        assert!(messages.iter().any(|m| m.contains("non-attribution est motivée")));
        assert!(messages.iter().any(|m| m.contains("irrecevabilité est motivée")));
        assert!(messages.iter().any(|m| m.contains("indique le rang")));
        assert!(messages.iter().any(|m| m.contains("même rang")), "D is at rank 1 like A");
    }
}
