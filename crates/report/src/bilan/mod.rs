//! The yearly evaluation as a report — one [`Document`] written as the HTML page and as the
//! PDF — following the seed document's structure: context and the applicant's path, portrait
//! of applicants, evaluation of the objectives, the trend over the years, priorities for next
//! year; and as tables for XLSX and CSV ([`sheets`]). Every number comes from the bilan model;
//! this module only words and draws it.

mod context;
mod flux;
mod labels;
mod objectives;
mod portrait;
mod practice;
mod priorities;
mod sheets;
mod trend;

pub use labels::CommuneNames;
pub use objectives::section as objectives_section;
pub use sheets::sheets;

use crate::document::Document;
use logis_domain::Date;
use logis_domain::french::{date, decimal};
use logis_evaluation::Bilan;

/// What the report of a year is made from.
pub struct ReportInputs<'a> {
    pub bilan: &'a Bilan,
    /// The bilans of every year in the data up to this one, oldest first (for the trend and
    /// the comparison with the year before).
    pub history: &'a [Bilan],
    /// The territory's priorities for next year, in Markdown.
    pub priorities: Option<&'a str>,
    pub communes: CommuneNames<'a>,
    /// The day the report is made.
    pub made_on: Date,
}

impl ReportInputs<'_> {
    /// Whether the year is not over on the day the report is made: its figures are provisional.
    pub fn provisional(&self) -> bool {
        self.made_on.year() <= self.bilan.annee
    }

    /// The day the figures describe: 31 December, or the report's day for a year not over.
    pub fn as_of(&self) -> String {
        if self.provisional() { date(self.made_on) } else { format!("31/12/{}", self.bilan.annee) }
    }

    /// The bilan of the year before, when the data hold it.
    pub fn previous(&self) -> Option<&Bilan> {
        self.history.iter().find(|b| b.annee == self.bilan.annee - 1)
    }
}

/// A ratio with two decimals, `n.d.` when it cannot be computed.
fn ratio(value: Option<f64>) -> String {
    value.map_or_else(|| "n.d.".to_owned(), |v| decimal(v, 2))
}

/// Months with one decimal, `n.d.` when unknown.
fn months(value: Option<f64>) -> String {
    value.map_or_else(|| "n.d.".to_owned(), |v| format!("{} mois", decimal(v, 1)))
}

/// The report of `inputs.bilan`.
pub fn document(inputs: &ReportInputs) -> Document {
    let b = inputs.bilan;
    let nom = &b.territoire.nom;
    let mut context = context::section(inputs);
    if let Some(secrecy) = &b.secret_statistique {
        context.blocks.insert(0, crate::document::Block::Note(secrecy.note.clone()));
    }
    let provisional = if inputs.provisional() {
        context.blocks.insert(
            0,
            crate::document::Block::Note(format!(
                "Bilan provisoire : l'année {} n'est pas terminée. Les chiffres sont ceux du {} ; ils changeront jusqu'au 31 décembre.",
                b.annee,
                date(inputs.made_on)
            )),
        );
        " (provisoire)"
    } else {
        ""
    };
    Document {
        title: format!(
            "Bilan {}{provisional} de la politique intercommunale d'attributions",
            b.annee
        ),
        subtitle: format!("{nom} — situation au {}{provisional}", inputs.as_of()),
        running_head: format!("{nom} · Bilan {} des attributions de logements sociaux", b.annee),
        footer: format!(
            "Établi avec Logis le {} à partir des demandes et des attributions enregistrées · définitions en fin de document",
            date(inputs.made_on)
        ),
        sections: [
            Some(context),
            Some(portrait::section(inputs)),
            Some(objectives::section(inputs)),
            practice::section(inputs),
            Some(trend::section(inputs)),
            Some(priorities::section(inputs)),
            Some(priorities::definitions(b.annee)),
        ]
        .into_iter()
        .flatten()
        .collect(),
    }
}
