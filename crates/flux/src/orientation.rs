//! The holder proposed for a dwelling of landlord B freed in year N (flux.md, « deficit
//! rule »): the one furthest below its share so far, `part × (oriented so far + 1) / 100 −
//! oriented to it`, over the holders whose convention for N covers the dwelling's commune and
//! the landlord's own share; ties go to the convention signed first, then to the identifier
//! order, the landlord last. The figures that led to it come with the proposal, for the
//! landlord who confirms or overrides it.

use crate::{ConventionIndex, Register};
use logis_domain::{CodeInsee, Convention, Date, OrganismeId, Part};
use std::collections::{BTreeMap, HashMap};

/// One candidate holder's position when the dwelling frees up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub holder: OrganismeId,
    /// Its share of the dwellings of this commune.
    pub part: Part,
    /// The dwellings oriented to it so far this year.
    pub oriented: u64,
    /// `part × (oriented so far + 1) / 100 − oriented`, in millionths of a dwelling.
    pub deficit_millionths: i128,
    /// Its convention's earliest signature, for ties.
    signed: Option<Date>,
    /// The landlord's own share (last in ties).
    own: bool,
}

/// What Logis proposes: the holder, and every candidate's position (the proposed one first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub holder: OrganismeId,
    pub positions: Vec<Position>,
}

/// The holder proposed for a dwelling of `landlord` in `commune` freed in `year`, the
/// dwellings already oriented this year being `oriented` (by holder, the landlord's own
/// included).
pub fn propose(
    year: i32,
    landlord: &OrganismeId,
    commune: &CodeInsee,
    register: &Register,
    oriented: &HashMap<OrganismeId, u64>,
) -> Proposal {
    deficit_rule(landlord, commune, register.conventions_of(landlord, year), oriented)
}

/// The same proposal as [`propose`], the landlord's conventions read from `index` (built once
/// for the many dwellings of a year) rather than from every convention of the register.
pub fn propose_in(
    year: i32,
    landlord: &OrganismeId,
    commune: &CodeInsee,
    index: &ConventionIndex<'_>,
    oriented: &HashMap<OrganismeId, u64>,
) -> Proposal {
    deficit_rule(landlord, commune, index.of(landlord, year).iter().copied(), oriented)
}

/// The deficit rule over `conventions`, the landlord's rows of the year.
fn deficit_rule<'a>(
    landlord: &OrganismeId,
    commune: &CodeInsee,
    conventions: impl Iterator<Item = &'a Convention>,
    oriented: &HashMap<OrganismeId, u64>,
) -> Proposal {
    let mut shares: BTreeMap<&OrganismeId, (u32, Option<Date>)> = BTreeMap::new();
    for c in conventions.filter(|c| c.covers(commune)) {
        let (part, signed) = shares.entry(&c.reservataire).or_default();
        *part += c.part.ten_thousandths();
        *signed = match (*signed, c.date_signature) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    let held: u32 = shares.values().map(|(p, _)| *p).sum();
    let own_part = Part::WHOLE.ten_thousandths().saturating_sub(held);
    let so_far: u64 = oriented.values().sum();
    let position = |holder: &OrganismeId, part: u32, signed: Option<Date>, own: bool| {
        let count = oriented.get(holder).copied().unwrap_or(0);
        Position {
            holder: holder.clone(),
            part: Part::from_ten_thousandths(part),
            oriented: count,
            // part (1e-4 %) × (so far + 1) / 100 − count, all × 1 000 000.
            deficit_millionths: i128::from(part) * i128::from(so_far + 1)
                - i128::from(count) * 1_000_000,
            signed,
            own,
        }
    };
    let mut positions: Vec<Position> =
        shares.iter().map(|(h, (part, signed))| position(h, *part, *signed, false)).collect();
    positions.push(position(landlord, own_part, None, true));
    // Largest deficit first; then signed earliest (unsigned after), identifier order, the
    // landlord last.
    positions.sort_by(|a, b| {
        b.deficit_millionths
            .cmp(&a.deficit_millionths)
            .then(a.own.cmp(&b.own))
            .then_with(|| match (a.signed, b.signed) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| a.holder.cmp(&b.holder))
    });
    Proposal { holder: positions[0].holder.clone(), positions }
}
