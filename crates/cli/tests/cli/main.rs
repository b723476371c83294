//! Tests of the `logis` binary as users run it (one test binary).

mod commands;
mod cotation;
mod interrupted;
mod support;
