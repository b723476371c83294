//! Interchange format v1 (`shared/spec/formats.md`): reading file sets (a folder or a .zip of
//! CSV files in any of the encodings and forms French spreadsheets write), validating them into
//! domain values with a French report of every faulty row, and writing them back in canonical
//! form.

mod ahead;
pub mod bounded;
pub mod fileset;
pub mod fingerprint;
pub mod intern;
pub mod limits;
pub mod read;
pub mod records;
pub mod report;
pub mod row;
pub mod schema;
pub mod table;
pub mod text;
pub mod validate;
pub mod values;
pub mod write;
pub mod zip_directory;

pub use fileset::{Entry, FileSet};
pub use fingerprint::{FileFingerprint, Fingerprint, Stamp};
pub use limits::Limits;
pub use read::{read_bytes, read_records};
pub use records::{MembreRow, Record, iso, iso_into};
pub use report::{Issue, Report};
pub use schema::FileKind;
pub use validate::{Checked, RefKind, Validation, Validator, check_file};
pub use write::{Line, RecordWriter};
