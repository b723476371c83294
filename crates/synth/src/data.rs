//! The public data the generator embeds: the CCTC's communes, QPVs and published thresholds;
//! every commune of France comes from the product's own list (`logis_domain::communes`).

use logis_domain::{Amount, Seuils};

const CCTC_COMMUNES: &str = include_str!("../data/cctc_communes.csv");
const QPV_CCTC: &str = include_str!("../data/qpv_cctc.csv");
const THRESHOLDS: &str = include_str!("../data/q1_thresholds_epci.csv");

/// A commune of the embedded lists.
#[derive(Debug, Clone)]
pub struct Commune {
    pub insee: String,
    pub name: String,
    pub population: u32,
    /// Département code (`82`, `2A`, `971`).
    pub departement: String,
}

/// A priority neighbourhood.
#[derive(Debug, Clone)]
pub struct Qpv {
    pub code: String,
    pub insee: String,
}

fn records(text: &'static str) -> impl Iterator<Item = csv::StringRecord> {
    csv::Reader::from_reader(text.as_bytes())
        .into_records()
        .map(|r| r.expect("embedded CSV is valid"))
}

fn population(raw: &str) -> u32 {
    raw.parse().unwrap_or(0)
}

pub fn cctc_communes() -> Vec<Commune> {
    records(CCTC_COMMUNES)
        .map(|r| Commune {
            insee: r[0].to_owned(),
            name: r[1].to_owned(),
            population: population(&r[2]),
            departement: "82".to_owned(),
        })
        .collect()
}

pub fn all_communes() -> Vec<Commune> {
    logis_domain::communes::all()
        .map(|c| Commune {
            insee: c.insee.to_owned(),
            name: c.nom.to_owned(),
            population: c.population,
            departement: c.departement.to_owned(),
        })
        .collect()
}

pub fn cctc_qpvs() -> Vec<Qpv> {
    records(QPV_CCTC).map(|r| Qpv { code: r[0].to_owned(), insee: r[2].to_owned() }).collect()
}

/// The published thresholds of one EPCI for 2024–2026.
pub fn epci_thresholds(siren: &str) -> Vec<Seuils> {
    records(THRESHOLDS).find(|r| &r[0] == siren).map(|r| thresholds_of(&r)).unwrap_or_default()
}

/// The medians over every EPCI of Q1, Q2 and Q3 for 2024–2026 (the national set's thresholds).
pub fn national_median_thresholds() -> Vec<Seuils> {
    let rows: Vec<Vec<Seuils>> = records(THRESHOLDS).map(|r| thresholds_of(&r)).collect();
    (0..3)
        .map(|y| {
            let median = |f: fn(&Seuils) -> Amount| {
                let mut v: Vec<i64> =
                    rows.iter().filter_map(|r| r.get(y)).map(|s| f(s).cents()).collect();
                v.sort_unstable();
                Amount::from_cents(v[v.len() / 2])
            };
            Seuils {
                annee: 2024 + y as i32,
                q1: median(|s| s.q1),
                q2: median(|s| s.q2),
                q3: median(|s| s.q3),
            }
        })
        .collect()
}

fn thresholds_of(r: &csv::StringRecord) -> Vec<Seuils> {
    (0..3)
        .filter_map(|y| {
            let euros =
                |i: usize| r.get(4 + 3 * y + i)?.parse::<i64>().ok().map(Amount::from_euros);
            Some(Seuils { annee: 2024 + y as i32, q1: euros(0)?, q2: euros(1)?, q3: euros(2)? })
        })
        .collect()
}

/// The published thresholds preceded by plausible ones from 2015 (the history's first filings).
pub fn with_history(published: Vec<Seuils>) -> Vec<Seuils> {
    let mut seuils = backcast(&published[0], 2015..published[0].annee);
    seuils.extend(published);
    seuils
}

/// Plausible thresholds for the years before the first published one: about 2.5 % lower
/// each year back, rounded to the euro.
pub fn backcast(first: &Seuils, years: std::ops::Range<i32>) -> Vec<Seuils> {
    years
        .map(|year| {
            let factor = 1.0 - 0.025 * f64::from(first.annee - year);
            let scaled = |a: Amount| Amount::from_euros((a.as_f64() * factor).round() as i64);
            Seuils { annee: year, q1: scaled(first.q1), q2: scaled(first.q2), q3: scaled(first.q3) }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_is_complete() {
        assert_eq!(cctc_communes().len(), 22);
        assert_eq!(all_communes().len(), 34_969);
        assert_eq!(cctc_qpvs().len(), 2);
        let cctc = epci_thresholds("200066322");
        assert_eq!(cctc.len(), 3);
        assert_eq!(cctc[2].q1, Amount::from_euros(8449));
        assert_eq!(national_median_thresholds().len(), 3);
    }
}
