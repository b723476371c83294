//! One module per command; each prints French for users and returns the exit code.

mod bilan;
mod cotation;
mod demo;
mod export;
mod generate;
mod import;
mod user;

use crate::args::{Cli, Command, UserAction};
use std::process::ExitCode;

pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Demo => demo::run(&cli.database).await,
        Command::Import { path, errors, verifier } => {
            import::run(&cli.database, &path, errors.as_deref(), verifier).await
        }
        Command::Export { dir } => export::run(&cli.database, &dir).await,
        Command::Bilan { year, format, out, parametres, priorities } => {
            let request = bilan::Request {
                year,
                format,
                out: out.as_deref(),
                parametres: parametres.as_deref(),
                priorities: priorities.as_deref(),
            };
            bilan::run(&cli.database, &request).await
        }
        Command::Cotation(args) => cotation::run(&cli.database, args).await,
        Command::Generate { scale, out, seed } => generate::run(scale, &out, seed),
        Command::User { action: UserAction::Add { login, role, organisme, commune } } => {
            let account = user::NewAccount {
                login: &login,
                role: &role,
                organisme: organisme.as_deref(),
                commune: commune.as_deref(),
            };
            user::add(&cli.database, &account).await
        }
    }
}
