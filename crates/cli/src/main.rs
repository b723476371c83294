//! The `logis` command: a thin binary over the library crates.

/// `println!` for the command's output, quiet when its reader has gone ([`output::line`]).
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::output::line(format_args!($($arg)*))
    };
}

/// A message to the user on the error output ([`output::message`]): progress, a warning, a
/// refusal, in French.
macro_rules! tell {
    ($($arg:tt)*) => {
        $crate::output::message(format_args!($($arg)*))
    };
}

mod allocator;
mod args;
mod clock;
mod commands;
mod communes;
mod database;
mod output;
mod progress;
mod table;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let args = args::Cli::parse();
    // The server's log (requests by route pattern, failures by kind) on the error output;
    // `RUST_LOG` chooses what is shown (`info` by default; the database driver's own notices
    // about slow statements only as errors).
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=error")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            tell!("Erreur : impossible de démarrer ({e}).");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(args, std::sync::Arc::new(clock::SystemClock))) {
        Ok(code) => code,
        Err(e) => {
            tell!("Erreur : {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
