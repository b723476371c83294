//! What partners learn about an application after filing: the current rent when the household
//! pays one, suitable offers it refused, and the facts a partner has checked on documents.

use crate::random::{Rand, chance, pick};
use logis_domain::{Amount, Piece, SituationLogement};
use rand::Rng;

/// Monthly rent with charges of the current housing: known for most tenants, unknown for
/// households without a rent of their own.
pub fn current_rent(
    rng: &mut Rand,
    situation: SituationLogement,
    ressources: Amount,
) -> Option<Amount> {
    use SituationLogement::*;
    let paying = matches!(situation, LocataireHlm | LocatairePrive | LogementTemporaire | Hotel);
    if !paying || !chance(rng, 0.75) {
        return None;
    }
    // Effort rates of applicants spread widely; private tenants pay the most.
    let share = match situation {
        LocatairePrive => rng.random_range(0.20..0.65),
        Hotel => rng.random_range(0.30..0.80),
        _ => rng.random_range(0.12..0.40),
    };
    let floor = 180.0;
    Some(Amount::from_euros((ressources.as_f64() * share).max(floor).round() as i64))
}

/// Suitable offers refused without a legitimate reason: rare, and known only once an offer
/// was made.
pub fn refused_offers(rng: &mut Rand) -> Option<u16> {
    if chance(rng, 0.9) {
        return None;
    }
    Some(pick(rng, &[(0, 0.5), (1, 0.4), (2, 0.1)]))
}

/// Facts checked on documents: the longer an application has been followed, the more of it
/// a partner has seen.
pub fn verified_pieces(rng: &mut Rand, months_followed: i64, priority: bool) -> Vec<Piece> {
    let p = (0.25 + months_followed as f64 / 48.0).min(0.9);
    Piece::ALL
        .iter()
        .copied()
        .filter(|piece| match piece {
            Piece::CriteresPrioritaires => priority && chance(rng, p),
            _ => chance(rng, p),
        })
        .collect()
}
