//! Renderers of computed models. Tables are [`Sheet`]s (titled tables of typed cells), written
//! as an XLSX workbook (bold frozen headers, percentages as percentages, fitted columns) or as
//! CSV the way French spreadsheets read it (`;`, UTF-8 with BOM, decimal comma). Reports are
//! [`Document`]s (sections of text, key figures, tables, SVG charts), written as one HTML page
//! or as a PDF typeset by typst. [`bilan`] turns the yearly evaluation into both; [`allocation`]
//! writes a commission session's procès-verbal and letters; [`flux`] the 28-February bilan of
//! reservation rights and the stock → flow inventory.

pub mod allocation;
pub mod bilan;
pub mod chart;
mod csv_file;
pub mod document;
pub mod flux;
mod html;
mod markdown;
mod pdf;
mod sheet;
mod xlsx;

pub use csv_file::{csv_bytes, write_csv};
pub use document::Document;
pub use html::{section_anchor, sections_html, to_html};
pub use markdown::markdown_blocks;
pub use pdf::to_pdf;
pub use sheet::{Cell, Sheet, long_table};
pub use xlsx::{write_xlsx, xlsx_bytes};

/// What can go wrong while writing a file.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("écriture de {path} impossible : {detail}")]
    Write { path: String, detail: String },
    #[error("mise en page du PDF impossible : {0}")]
    Typeset(String),
}

/// Writes `bytes` to `path`.
pub fn write_file(path: &std::path::Path, bytes: impl AsRef<[u8]>) -> Result<(), ReportError> {
    std::fs::write(path, bytes).map_err(|e| ReportError::write(path, e))
}

impl ReportError {
    fn write(path: &std::path::Path, detail: impl ToString) -> Self {
        ReportError::Write { path: path.display().to_string(), detail: detail.to_string() }
    }
}
