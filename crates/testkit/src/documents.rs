//! What a reader sees of the documents Logis writes: a PDF's text as poppler's `pdftotext`
//! (Debian poppler-utils, installed by scripts/tools-up) extracts it, whitespace folded.

use std::io::Write;
use std::process::{Command, Stdio};

/// The text of `pdf` in layout order, its whitespace folded to single spaces (pdftotext breaks
/// lines where the PDF does).
pub fn pdf_text(pdf: &[u8]) -> String {
    assert!(pdf.starts_with(b"%PDF-"), "a PDF file");
    let mut child = Command::new("pdftotext")
        .args(["-layout", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("pdftotext (poppler-utils) runs");
    child.stdin.take().expect("stdin").write_all(pdf).expect("write the PDF");
    let out = child.wait_with_output().expect("pdftotext ends");
    assert!(out.status.success(), "pdftotext reads the PDF");
    String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}
