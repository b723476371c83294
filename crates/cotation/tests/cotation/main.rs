//! Integration tests of the cotation crate: one binary, one module per subject.

mod conditions;
mod doc_examples;
mod evaluation;
mod grid_errors;
mod properties;
mod stored;
mod support;
