//! What a form writes goes through the import: its rows are written as a small file set of
//! format v1 in a temporary folder and imported with exactly the import's checks, all or
//! nothing; a refusal comes back as the French problems of each form field.

use crate::render::Refusal;
use crate::state::AppState;
use logis_domain::spreadsheet::neutralised;
use logis_exchange::{FileKind, Report};
use logis_transfer::{ImportOptions, Mode, Silent};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// French problems by form field (a column's name, `membres` for the household, `general`
/// for the whole file set).
pub type Problems = BTreeMap<String, Vec<String>>;

/// Writes `rows` as the file of `kind` in `dir`, under its header.
pub fn write_file(dir: &Path, kind: FileKind, rows: &[Vec<String>]) -> std::io::Result<()> {
    let mut file =
        csv::WriterBuilder::new().delimiter(b';').from_path(dir.join(kind.file_name()))?;
    file.write_record(kind.columns().iter().map(|c| c.name))?;
    for row in rows {
        file.write_record(row.iter().map(|cell| neutralised(cell).into_owned()))?;
    }
    file.flush()
}

/// Imports the files `write` puts in a temporary folder; the problems by field when the import
/// refuses them (nothing is then written).
pub async fn import_typed(
    state: &AppState,
    write: impl FnOnce(&Path) -> std::io::Result<()>,
) -> Result<Result<(), Problems>, Refusal> {
    let dir =
        tempfile::tempdir().map_err(|e| Refusal::Store(format!("dossier temporaire : {e}")))?;
    write(dir.path()).map_err(|e| Refusal::Store(format!("fichier temporaire : {e}")))?;
    let options = ImportOptions {
        mode: Mode::Write,
        limits: state.privacy().imports.limits,
        register_at: None,
    };
    let outcome = logis_transfer::import_with(&*state.store, dir.path(), Arc::new(Silent), options)
        .await
        .map_err(|e| Refusal::Store(e.to_string()))?;
    if outcome.written { Ok(Ok(())) } else { Ok(Err(problems_by_field(&outcome.report))) }
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
