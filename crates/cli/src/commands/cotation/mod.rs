//! `logis cotation`: score every active application, show one application's cotation,
//! compare two grids, evaluate the cotation against a year's allocations.

mod compare;
mod evaluation;
mod grid_file;
mod refresh;
mod show;

use crate::args::{CotationAction, CotationArgs};
use anyhow::Result;
use logis_domain::Clock;
use std::process::ExitCode;

pub async fn run(url: &str, args: CotationArgs, clock: &dyn Clock) -> Result<ExitCode> {
    match args.action {
        None => refresh::run(url, args.grid.as_deref(), args.date, clock).await,
        Some(CotationAction::Show { numero }) => show::run(url, &numero).await,
        Some(CotationAction::Compare { old, new, date, out }) => {
            compare::run(url, &old, &new, date.unwrap_or(clock.today()), out.as_deref()).await
        }
        Some(CotationAction::Evaluation { year, grid, out }) => {
            evaluation::run(url, year, grid.as_deref(), out.as_deref()).await
        }
    }
}
