//! What a form writes is checked by the import's rules: its rows are given as the files of
//! format v1 they make (in memory) to [`logis_transfer::save`], which checks them exactly as
//! the import does and writes them in one ordinary transaction, all or nothing; a refusal
//! comes back as the French problems of each form field.

use crate::render::Refusal;
use crate::state::AppState;
use logis_domain::spreadsheet::neutralised;
use logis_exchange::{FileKind, Report};
use logis_transfer::save::Saved;
use std::collections::BTreeMap;

/// French problems by form field (a column's name, `membres` for the household, `general`
/// for the whole file set).
pub type Problems = BTreeMap<String, Vec<String>>;

/// The file of `kind` holding `rows`, under its header (format v1: `;`-separated, UTF-8).
pub fn file_of(kind: FileKind, rows: &[Vec<String>]) -> (FileKind, Vec<u8>) {
    let mut file = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    // Writing into memory cannot fail.
    let _ = file.write_record(kind.columns().iter().map(|c| c.name));
    for row in rows {
        let _ = file.write_record(row.iter().map(|cell| neutralised(cell).into_owned()));
    }
    (kind, file.into_inner().unwrap_or_default())
}

/// Saves the rows of `files` under the import's rules; the problems by field when they are
/// refused (nothing is then written).
pub async fn save_typed(
    state: &AppState,
    files: Vec<(FileKind, Vec<u8>)>,
    steps: Vec<logis_store::Statement>,
) -> Result<Result<(), Problems>, Refusal> {
    let limits = state.privacy().imports.limits;
    match logis_transfer::save::save(&*state.store, files, limits, steps).await {
        Ok(Saved::Written) => Ok(Ok(())),
        Ok(Saved::Refused(report)) => Ok(Err(problems_by_field(&report))),
        Err(logis_transfer::save::SaveError::Store(e)) => Err(e.into()),
        Err(e) => Err(Refusal::Store(e.to_string())),
    }
}

/// The French problems of a refused file set, by the form field they are about.
pub fn problems_by_field(report: &Report) -> Problems {
    let mut problems = Problems::new();
    let application_refused = report.errors.iter().any(|i| i.file == "demandes.csv");
    for issue in &report.errors {
        let field = match (issue.file.as_str(), issue.column.as_deref()) {
            ("membres.csv", _) => "membres".to_owned(),
            (_, Some(column)) => column.to_owned(),
            _ => "general".to_owned(),
        };
        let unattached =
            issue.file == "membres.csv" && issue.column.as_deref() == Some("numero_unique");
        let message = match (&issue.expected, unattached) {
            // The household's members wait for their application: its own problems say why.
            (_, true) if application_refused => continue,
            (_, true) => UNATTACHED.to_owned(),
            (Some(expected), false) => format!("{} (attendu : {expected})", issue.message),
            (None, false) => issue.message.clone(),
        };
        problems.entry(field).or_default().push(in_a_form_s_words(&message));
    }
    problems
}

/// Why the household's members were not saved when their application was.
const UNATTACHED: &str =
    "les personnes du ménage n'ont pas pu être rattachées à la demande : vérifiez le numéro unique";

/// An import's message in the words of a form: the files of the format become what they hold.
fn in_a_form_s_words(message: &str) -> String {
    message
        .replace("demandes.csv", "la demande")
        .replace("membres.csv", "la composition du ménage")
        .replace("logements.csv", "le logement")
        .replace("organismes.csv", "la liste des organismes")
}
