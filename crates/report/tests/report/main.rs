//! The renderers read back with the tools people use: PDF text through poppler's pdftotext,
//! workbooks unzipped and their cells read.

mod flux;
mod support;
