//! One module per command; each prints French for users and returns the exit code.

mod allocation;
mod bilan;
mod ceilings;
mod cotation;
mod demo;
mod demo_accounts;
mod duplicates;
mod export;
mod generate;
mod import;
mod purge;
mod radiations;
mod serve;
mod user;

use crate::args::{Cli, Command, UserAction};
use std::process::ExitCode;

pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Demo { addr, sans_serveur } => {
            demo::run(&cli.database, (!sans_serveur).then_some(addr)).await
        }
        Command::Serve { addr, territoire, proxies } => {
            serve::run(&cli.database, addr, &territoire, proxies).await
        }
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
        Command::Candidats { logement, reservataire, nombre } => {
            allocation::candidates(&cli.database, &logement, reservataire.as_deref(), nombre).await
        }
        Command::PourquoiPas { logement, demande, reservataire } => {
            allocation::why_not(&cli.database, &logement, &demande, reservataire.as_deref()).await
        }
        Command::Objectifs { date } => allocation::objectives(&cli.database, date.as_deref()).await,
        Command::Cotation(args) => cotation::run(&cli.database, args).await,
        Command::Generate { scale, out, seed } => generate::run(scale, &out, seed),
        Command::Purge { simulation, date } => purge::run(&cli.database, simulation, date).await,
        Command::Plafonds { fichier, verifier } => {
            ceilings::run(&cli.database, &fichier, verifier).await
        }
        Command::Radiations { simulation, date } => {
            radiations::run(&cli.database, simulation, date).await
        }
        Command::Doublons { date } => duplicates::run(&cli.database, date).await,
        Command::User { action } => user_action(&cli.database, action).await,
    }
}

async fn user_action(url: &str, action: UserAction) -> anyhow::Result<ExitCode> {
    use user::Change;
    match action {
        UserAction::Add { login, role, organisme, commune } => {
            let account = user::NewAccount {
                login: &login,
                role: &role,
                organisme: organisme.as_deref(),
                commune: commune.as_deref(),
            };
            user::add(url, &account).await
        }
        UserAction::Password { login } => user::password(url, &login).await,
        UserAction::Disable { login } => {
            user::change(url, Change::Disable, Some(&login), false).await
        }
        UserAction::Enable { login } => {
            user::change(url, Change::Enable, Some(&login), false).await
        }
        UserAction::Delete { login, demonstration } => {
            user::change(url, Change::Delete, login.as_deref(), demonstration).await
        }
        UserAction::List => user::list(url).await,
    }
}
