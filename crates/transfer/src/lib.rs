//! Moving data between files of format v1 and a store: [`import`] validates a whole file set
//! (values, keys, households, references against the set and the store) and writes it in one
//! transaction only when every row is valid (a whole load derives the bilan's projection and
//! the duplicates' keys as it reads: `derived`); [`follow_up`] brings the derived data up to date
//! after it; [`export`] writes a store back as a file set; [`bilan`] reads the yearly
//! evaluation of a year from a store; [`save`] writes a form's few rows under the import's
//! rules, without the import's locks; [`progress`] is how long work tells its progress; [`timing`] measures each
//! phase of an import.

mod batches;
pub mod bilan;
mod compared;
mod conventions;
mod derived;
pub mod export;
mod file_cells;
pub mod flux;
pub mod follow_up;
pub mod import;
pub mod last_files;
pub mod progress;
pub mod save;
pub mod timing;

pub use export::export;
pub use import::{ImportOptions, ImportOutcome, Mode, import, import_with};
pub use progress::{Phase, Progress, Silent};
