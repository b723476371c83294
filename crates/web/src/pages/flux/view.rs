//! The lines and the chart the flux pages share: a holder's line of a bilan in French figures,
//! the received-against-entitlement chart.

use logis_flux::bilan::HolderLine;
use logis_report::chart;

/// One holder's line of a bilan, as a page shows it.
pub struct HolderRow {
    pub id: String,
    pub name: String,
    pub part: String,
    pub droit: String,
    /// The entitlement as a number (the chart's mark).
    pub droit_value: f64,
    pub recus: u64,
    pub ecart: String,
    /// The holder received fewer dwellings than its entitlement.
    pub owed: bool,
}

impl HolderRow {
    pub fn of(line: &HolderLine, name: String) -> Self {
        HolderRow {
            id: line.reservataire.clone(),
            name,
            part: share(line.part),
            droit: logis_domain::french::decimal(line.droit, 1),
            droit_value: line.droit,
            recus: line.recus,
            ecart: signed(line.ecart),
            owed: line.ecart < 0.0,
        }
    }
}

/// A share in percent in French, without useless decimals: `25 %`, `15,5 %`, `48,25 %`.
pub fn share(percent: f64) -> String {
    let text = logis_domain::french::decimal(percent, 2);
    let text = match text.split_once(',') {
        Some((whole, decimals)) => match decimals.trim_end_matches('0') {
            "" => whole.to_owned(),
            decimals => format!("{whole},{decimals}"),
        },
        None => text,
    };
    format!("{text} %")
}

/// A gap with its sign: `+2,5`, `−3,8`, `0`.
pub fn signed(value: f64) -> String {
    let text = logis_domain::french::decimal(value.abs(), 1);
    if value > 0.0 {
        format!("+{text}")
    } else if value < 0.0 {
        format!("−{text}")
    } else {
        text
    }
}

/// Bars of what each one received, with its entitlement marked across the bar (nothing when
/// no one is owed or received anything).
pub fn received_chart(lines: &[(String, u64, f64)], title: &str) -> String {
    if lines.iter().all(|(_, recus, droit)| *recus == 0 && *droit == 0.0) {
        return String::new();
    }
    let bars: Vec<chart::Bar> = lines
        .iter()
        .map(|(name, recus, droit)| chart::Bar {
            label: name.clone(),
            value: Some(*recus as f64),
            text: format!("{recus} / {}", logis_domain::french::decimal(*droit, 1)),
            mark: Some(*droit),
            colour: chart::BLUE,
        })
        .collect();
    let description = lines
        .iter()
        .map(|(name, recus, droit)| {
            format!(
                "{name} : {recus} reçu(s) pour un droit de {}",
                logis_domain::french::decimal(*droit, 1)
            )
        })
        .collect::<Vec<_>>()
        .join(" ; ");
    chart::bars(&bars, "logements", "", None, &format!("{title} — {description}"))
}
