//! Integration tests of import and export (one test binary), on SQLite always and on
//! PostgreSQL when LOGIS_TEST_POSTGRES_URL is set.

mod awkward;
mod backends;
mod bad_input;
pub(crate) mod bilan;
mod conventions;
mod derived;
mod flux_reads;
mod hostile;
mod households;
mod reimported;
mod round_trip;
mod same_files;
mod save;
mod support;
