//! What a command says: its output on the standard output, where a reader that closes it early
//! (`logis … | head`) ends the command quietly instead of a panic; and its messages to the user
//! (progress, warnings, refusals, in French) on the error output. Those messages are what the
//! command says, not a log: the log goes through `tracing`, and `eprintln!` is refused
//! everywhere else (clippy.toml).

use std::io::Write;

/// Writes `text` and a new line to the standard output.
pub fn line(text: std::fmt::Arguments) {
    let mut out = std::io::stdout().lock();
    let written = out.write_fmt(text).and_then(|()| out.write_all(b"\n"));
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => {
            message(format_args!("Erreur : impossible d'écrire la sortie ({e})."));
            std::process::exit(1);
        }
    }
}

/// Writes `text` and a new line to the error output, for the user who runs the command (a
/// failure to write it is ignored: there is nowhere left to say it).
#[allow(clippy::disallowed_macros)] // The one place the command's messages are written.
pub fn message(text: std::fmt::Arguments) {
    eprintln!("{text}");
}
