//! Tests of the `logis` binary as users run it (one test binary).

mod allocation;
mod bilan;
mod bilan_report;
mod ceilings;
mod commands;
mod cotation;
mod demo_accounts;
mod flux;
mod interrupted;
mod memory;
mod purge;
mod radiations;
mod support;
mod user;
