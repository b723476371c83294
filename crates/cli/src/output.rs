//! The command's standard output: a reader that closes it early (`logis … | head`) ends the
//! command quietly instead of a panic.

use std::io::Write;

/// Writes `text` and a new line to the standard output.
pub fn line(text: std::fmt::Arguments) {
    let mut out = std::io::stdout().lock();
    let written = out.write_fmt(text).and_then(|()| out.write_all(b"\n"));
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => {
            eprintln!("Erreur : impossible d'écrire la sortie ({e}).");
            std::process::exit(1);
        }
    }
}
