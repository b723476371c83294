//! The `logis` command: a thin binary over the library crates.

mod args;
mod commands;
mod communes;
mod database;
mod progress;
mod table;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let args = args::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("Erreur : impossible de démarrer ({e}).");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(args)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("Erreur : {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
