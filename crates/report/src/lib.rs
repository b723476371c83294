//! Renderers of computed models. A model is turned into [`Sheet`]s (titled tables of typed
//! cells) by its owner; this crate writes them as an XLSX workbook (bold frozen headers,
//! percentages as percentages, fitted columns) or as CSV the way French spreadsheets read it
//! (`;`, UTF-8 with BOM, decimal comma).

mod csv_file;
mod sheet;
mod xlsx;

pub use csv_file::write_csv;
pub use sheet::{Cell, Sheet};
pub use xlsx::write_xlsx;

/// What can go wrong while writing a file.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("écriture de {path} impossible : {detail}")]
    Write { path: String, detail: String },
}

impl ReportError {
    fn write(path: &std::path::Path, detail: impl ToString) -> Self {
        ReportError::Write { path: path.display().to_string(), detail: detail.to_string() }
    }
}
