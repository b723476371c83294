//! One module per command; each prints French for users and returns the exit code.

mod allocation;
mod bilan;
mod ceilings;
mod cotation;
mod demo;
mod demo_accounts;
mod duplicates;
mod export;
mod flux;
mod generate;
mod import;
mod notices;
mod purge;
mod radiations;
mod serve;
mod user;

use crate::args::{Cli, Command, UserAction};
use logis_domain::Clock;
use std::process::ExitCode;
use std::sync::Arc;

/// Runs the command `cli`, « now » read on `clock` (the system clock: `main` is the binary's
/// edge).
pub async fn run(cli: Cli, clock: Arc<dyn Clock>) -> anyhow::Result<ExitCode> {
    let at = &*clock;
    match cli.command {
        Command::Demo { addr, sans_serveur, courriel } => {
            let serve_on = (!sans_serveur).then_some(addr);
            demo::run(&cli.database, serve_on, courriel.as_deref(), clock.clone()).await
        }
        Command::Serve { addr, territoire, proxies, courriel, adresse_publique } => {
            let site = serve::Site {
                addr,
                territoire: &territoire,
                proxies,
                mail: courriel.as_deref(),
                public_address: adresse_publique,
            };
            serve::run(&cli.database, site, clock.clone()).await
        }
        Command::Import { path, errors, verifier, mesures, tout_relire } => {
            let request = import::Request {
                errors: errors.as_deref(),
                check_only: verifier,
                mesures,
                reread: tout_relire,
            };
            import::run(&cli.database, &path, request, at).await
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
            bilan::run(&cli.database, &request, at).await
        }
        Command::Candidats { logement, reservataire, nombre } => {
            let holder = reservataire.as_deref();
            allocation::candidates(&cli.database, &logement, holder, nombre, at).await
        }
        Command::PourquoiPas { logement, demande, reservataire } => {
            let holder = reservataire.as_deref();
            allocation::why_not(&cli.database, &logement, &demande, holder, at).await
        }
        Command::Objectifs { date } => {
            allocation::objectives(&cli.database, date.as_deref(), at).await
        }
        Command::Cotation(args) => cotation::run(&cli.database, args, at).await,
        Command::Generate { scale, out, seed } => generate::run(scale, &out, seed),
        Command::Purge { simulation, date } => {
            purge::run(&cli.database, simulation, date, at).await
        }
        Command::Plafonds { fichier, verifier } => {
            ceilings::run(&cli.database, &fichier, verifier, at).await
        }
        Command::Radiations { simulation, date } => {
            radiations::run(&cli.database, simulation, date, at).await
        }
        Command::AvisRenouvellement {
            date,
            simulation,
            courriel,
            territoire,
            espace,
            courriers,
        } => {
            let request = notices::Request {
                date,
                simulation,
                mail: courriel.as_deref(),
                territoire: &territoire,
                space: espace.as_deref(),
                letters: courriers.as_deref(),
            };
            notices::run(&cli.database, &request, at).await
        }
        Command::Doublons { date } => duplicates::run(&cli.database, date, at).await,
        Command::User { action } => user_action(&cli.database, action, at).await,
        Command::Flux { action } => flux::run(&cli.database, action).await,
    }
}

async fn user_action(url: &str, action: UserAction, clock: &dyn Clock) -> anyhow::Result<ExitCode> {
    use user::Change;
    match action {
        UserAction::Add { login, role, organisme, commune } => {
            let account = user::NewAccount {
                login: &login,
                role: &role,
                organisme: organisme.as_deref(),
                commune: commune.as_deref(),
            };
            user::add(url, &account, clock).await
        }
        UserAction::Password { login } => user::password(url, &login, clock).await,
        UserAction::Disable { login } => {
            user::change(url, Change::Disable, Some(&login), false, clock).await
        }
        UserAction::Enable { login } => {
            user::change(url, Change::Enable, Some(&login), false, clock).await
        }
        UserAction::Delete { login, demonstration } => {
            user::change(url, Change::Delete, login.as_deref(), demonstration, clock).await
        }
        UserAction::List => user::list(url).await,
    }
}
