//! `logis generate`: a synthetic territory in format v1.

use crate::args::ScaleArg;
use crate::progress::counted;
use anyhow::{Context, Result};
use logis_domain::french::int;
use logis_synth::Scale;
use std::path::Path;
use std::process::ExitCode;

pub fn run(scale: ScaleArg, out: &Path, seed: u64) -> Result<ExitCode> {
    let scale = match scale {
        ScaleArg::Cctc => Scale::Cctc,
        ScaleArg::National => Scale::National,
    };
    let bar = counted(0, "Génération (années de dépôt)");
    let summary = logis_synth::generate(scale, seed, out, &|done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })
    .with_context(|| format!("écriture dans {}", out.display()))?;
    bar.finish_and_clear();
    say!("Territoire synthétique écrit dans {} (graine {seed}) :", out.display());
    say!("  organismes.csv    {:>12}", int(summary.organismes));
    say!("  seuils.csv        {:>12}", int(summary.seuils));
    say!("  logements.csv     {:>12}", int(summary.logements));
    say!(
        "  demandes.csv      {:>12}  dont {} actives à la fin de l'historique",
        int(summary.demandes),
        int(summary.actives_fin)
    );
    say!("  membres.csv       {:>12}", int(summary.membres));
    say!("  attributions.csv  {:>12}", int(summary.attributions));
    Ok(ExitCode::SUCCESS)
}
