//! Reading the answers of the bilan's statements into [`BilanCounts`]: the cube's rows are
//! added up per modality (the marginals of the combinations SQL counted), the grouped rows are
//! taken as they are.

use super::counts::BilanCounts;
use super::sql::CUBE_DIMENSIONS;

/// A row of the cube: whether it counts attributions (else active applications), the
/// modality codes in the order of [`CUBE_DIMENSIONS`] (null when unknown), in a QPV, ANRU
/// rehousing, the reservation holder (attributions), how many facts, their total seniority
/// in days (applications) or their days from filing to lease (attributions; −1 without their
/// application).
pub type CubeRow = (
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
    i64,
    Option<String>,
    i64,
    i64,
);

/// A row of the grouped statement: kind, key, two counts (null over no rows).
pub type GroupedRow = (String, String, Option<i64>, Option<i64>);

fn count(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// The populations of the profiles: who belongs, by the row's modalities (an attribution
/// without an application belongs to none).
fn belongs(population: &str, m: &[Option<String>; 8]) -> bool {
    let is = |k: usize, code: &str| m[k].as_deref() == Some(code);
    match population {
        "bas_revenus" => is(5, "1"),
        "mutation" => is(4, "oui"),
        _ => m[2].is_some(),
    }
}

fn add_cube_row(c: &mut BilanCounts, row: &CubeRow) {
    let (
        dem,
        ref a,
        ref b,
        ref s,
        ref l,
        ref mu,
        ref q,
        ref p,
        ref t,
        en_qpv,
        anru,
        ref holder,
        n,
        days,
    ) = *row;
    let m =
        [a.clone(), b.clone(), s.clone(), l.clone(), mu.clone(), q.clone(), p.clone(), t.clone()];
    let (n, application) = (count(n), dem == 1);
    for (k, dimension) in CUBE_DIMENSIONS.iter().enumerate() {
        if let Some(code) = &m[k] {
            let (d, at) = if application { (n, 0) } else { (0, n) };
            c.add_segment(dimension, code, d, at);
            if !application && days >= 0 {
                c.add_delay(dimension, code, days, n);
            }
        }
    }
    for population in ["ensemble", "bas_revenus", "mutation"] {
        if !belongs(population, &m) {
            continue;
        }
        let p = c.population(population);
        if application {
            p.demandes += n;
            for (k, dimension) in CUBE_DIMENSIONS.iter().enumerate().take(3) {
                if let Some(code) = &m[k] {
                    p.add_modality(dimension, code, n);
                }
            }
        } else {
            p.attributions += n;
        }
    }
    if application {
        c.demandes_actives += n;
        c.anciennete_jours += days;
        return;
    }
    c.attributions += n;
    let o = &mut c.objectifs;
    let quartile = m[5].as_deref();
    if en_qpv == 1 {
        o.en_qpv += n;
        o.q234_en_qpv += if matches!(quartile, Some("2" | "3" | "4")) { n } else { 0 };
    } else {
        o.hors_qpv += n;
        o.q1_hors_qpv += if anru == 1 || quartile == Some("1") { n } else { 0 };
    }
    let priority = if m[6].as_deref() == Some("oui") { n } else { 0 };
    o.prioritaires += priority;
    if let Some(holder) = holder {
        let (all, priorities) = o.par_reservataire.entry(holder.clone()).or_default();
        *all += n;
        *priorities += priority;
    }
}

/// The counts from the two statements' answers.
pub fn counts(cube: &[CubeRow], grouped: &[GroupedRow]) -> BilanCounts {
    let mut c = BilanCounts::default();
    for row in cube {
        add_cube_row(&mut c, row);
    }
    c.demandes_mutation =
        c.segments.get("mutation").and_then(|m| m.get("oui")).map_or(0, |m| m.demandes);
    for (kind, key, n1, n2) in grouped {
        let (n1, n2) = (n1.unwrap_or(0), n2.unwrap_or(0));
        match kind.as_str() {
            "commune" => c.add_segment("commune", key, count(n1), count(n2)),
            "delai_median" if n2 > 0 => c.delai_median_jours = Some(n1 as f64 / n2 as f64),
            "delai_commune" => c.add_delay("commune", key, n1, count(n2)),
            "demandes" => {
                c.demandes_nouvelles = count(n1);
                c.demandes_satisfaites = count(n2);
            }
            "seuils" => c.seuils_disponibles = n1 > 0,
            _ => {}
        }
    }
    c
}
