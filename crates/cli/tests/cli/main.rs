//! Tests of the `logis` binary as users run it (one test binary).

mod commands;
mod interrupted;
mod support;
