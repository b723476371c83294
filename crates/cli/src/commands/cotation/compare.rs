//! `logis cotation compare OLD NEW`: what adopting a new grid would change, on the terminal
//! and in a workbook or CSV file, clear enough to show in the meeting that votes it.

use super::grid_file;
use crate::database;
use crate::table::{self, decimal, percent, places};
use anyhow::{Context, Result};
use logis_cotation::Applicant;
use logis_cotation::compare::{Comparison, LARGEST, Move, compare};
use logis_cotation::facts::commune_str;
use logis_cotation::stored::Snapshot;
use logis_domain::Date;
use logis_domain::french::{date as french_date, int, signed};
use logis_report::{Cell, Sheet, write_csv, write_xlsx};
use std::path::Path;
use std::process::ExitCode;

pub async fn run(
    url: &str,
    old: &Path,
    new: &Path,
    at: Date,
    out: Option<&Path>,
) -> Result<ExitCode> {
    let files = (old.display().to_string(), new.display().to_string());
    let (old, new) = (grid_file::read(old)?, grid_file::read(new)?);
    let store = database::open(url).await?;
    let snapshot = Snapshot::for_date(&*store, at).await;
    store.close().await;
    let snapshot = snapshot?;
    let comparison = compare(&old, &new, &snapshot.applicants, &snapshot.thresholds, at);
    let applicants = &snapshot.applicants;
    print(&comparison, applicants, &files);
    if let Some(path) = out {
        write(&comparison, applicants, path)?;
        say!("");
        say!("Comparaison écrite dans {}.", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn print(c: &Comparison, applicants: &[Applicant], files: &(String, String)) {
    let n = c.moves.len();
    say!("Comparaison de deux grilles de cotation au {}", french_date(c.date));
    say!("  grille actuelle : « {} » ({})", c.old_name, files.0);
    say!("  grille proposée : « {} » ({})", c.new_name, files.1);
    say!("");
    if n == 0 {
        say!("Aucune demande active à cette date : rien à comparer.");
        return;
    }
    say!(
        "{} demandes actives : {} changent de rang parmi les demandes comparables ({}) — {} gagnent des places, {} en perdent.",
        int(n as u64),
        int(c.changed_rank as u64),
        percent(c.changed_rank as f64 / n as f64),
        int(c.gaining as u64),
        int(c.losing as u64)
    );
    let (gains, losses) = c.headline();
    let say = |g: &logis_cotation::compare::GroupImpact| {
        let sign = if g.mean_places > 0.0 { "+" } else { "" };
        format!(
            "{} — {} ({sign}{} place en moyenne, {} demandes)",
            g.dimension.to_lowercase(),
            g.value,
            decimal(g.mean_places),
            int(g.count as u64)
        )
    };
    if let Some(g) = gains {
        say!("Groupe qui gagne le plus : {}.", say(g));
    }
    if let Some(g) = losses {
        say!("Groupe qui perd le plus : {}.", say(g));
    }
    say!("");
    say!("Mouvements de rang");
    let rows: Vec<Vec<String>> = c
        .buckets
        .iter()
        .map(|b| vec![b.label.to_owned(), int(b.count as u64), percent(b.count as f64 / n as f64)])
        .collect();
    table::print(&["demandes qui…", "nombre", "part"], &[false, true, true], &rows);
    say!("");
    say!("Qui gagne, qui perd (mouvement moyen : positif = gagne des places)");
    let rows: Vec<Vec<String>> = c
        .groups
        .iter()
        .map(|g| {
            vec![
                g.dimension.to_owned(),
                g.value.clone(),
                int(g.count as u64),
                decimal(g.mean_old_score),
                decimal(g.mean_new_score),
                decimal(g.mean_places),
                percent(g.share_gaining),
                percent(g.share_losing),
            ]
        })
        .collect();
    table::print(
        &[
            "dimension",
            "groupe",
            "demandes",
            "score moyen avant",
            "après",
            "mouvement moyen",
            "gagnent",
            "perdent",
        ],
        &[false, false, true, true, true, true, true, true],
        &rows,
    );
    say!("");
    say!("Les {LARGEST} plus grands mouvements");
    let rows: Vec<Vec<String>> = c
        .largest
        .iter()
        .map(|&i| {
            let m = &c.moves[i];
            let (numero, commune, typologie) = identity(&applicants[m.applicant as usize]);
            vec![
                numero,
                commune,
                typologie,
                format!("{} → {}", signed(i64::from(m.old_score)), signed(i64::from(m.new_score))),
                format!("{} → {}", m.old_rank, m.new_rank),
                int(u64::from(m.comparables)),
                places(m.places()),
            ]
        })
        .collect();
    table::print(
        &["numéro unique", "commune", "typologie", "score", "rang", "sur", "places"],
        &[false, false, false, true, true, true, true],
        &rows,
    );
}

/// Numéro unique, first desired commune and typology of an application.
fn identity(a: &Applicant) -> (String, String, String) {
    (
        a.numero.to_string(),
        a.first_commune().map(|c| commune_str(&c).to_owned()).unwrap_or_default(),
        a.first_typologie.map(|t| t.code().to_owned()).unwrap_or_default(),
    )
}

/// The moves as a sheet: one row per application.
fn moves_sheet<'a>(
    name: &str,
    moves: impl Iterator<Item = &'a Move>,
    applicants: &[Applicant],
) -> Sheet {
    let mut sheet = Sheet::new(
        name,
        &[
            "numéro unique",
            "commune",
            "typologie",
            "composition",
            "quartile",
            "situation",
            "prioritaire",
            "mutation",
            "âge du titulaire",
            "score avant",
            "score après",
            "rang avant",
            "rang après",
            "demandes comparables",
            "places gagnées",
        ],
    );
    let yes_no = |b: bool| Cell::from(if b { "oui" } else { "non" });
    for m in moves {
        let (numero, commune, typologie) = identity(&applicants[m.applicant as usize]);
        sheet.push(vec![
            numero.into(),
            commune.into(),
            typologie.into(),
            m.composition.label().into(),
            m.quartile.map_or(Cell::Empty, |q| Cell::Int(i64::from(q))),
            m.situation.label().into(),
            yes_no(m.prioritaire),
            yes_no(m.mutation),
            m.age_band.map_or(Cell::Empty, |a| a.label().into()),
            Cell::Int(i64::from(m.old_score)),
            Cell::Int(i64::from(m.new_score)),
            Cell::Int(i64::from(m.old_rank)),
            Cell::Int(i64::from(m.new_rank)),
            Cell::Int(i64::from(m.comparables)),
            Cell::Int(m.places()),
        ]);
    }
    sheet
}

fn write(c: &Comparison, applicants: &[Applicant], path: &Path) -> Result<()> {
    let is_csv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        return write_csv(&moves_sheet("Détail", c.moves.iter(), applicants), path)
            .context("écriture du fichier CSV");
    }
    let n = c.moves.len().max(1) as f64;
    let title = format!("« {} » → « {} », au {}", c.old_name, c.new_name, french_date(c.date));
    let mut summary = Sheet::new("Synthèse", &["indicateur", "demandes", "part"]).titled(title);
    summary.push(vec![
        "demandes actives comparées".into(),
        Cell::Int(c.moves.len() as i64),
        Cell::Empty,
    ]);
    summary.push(vec![
        "changent de rang".into(),
        Cell::Int(c.changed_rank as i64),
        Cell::Percent(c.changed_rank as f64 / n),
    ]);
    for b in &c.buckets {
        summary.push(vec![
            b.label.into(),
            Cell::Int(b.count as i64),
            Cell::Percent(b.count as f64 / n),
        ]);
    }
    let mut groups = Sheet::new(
        "Groupes",
        &[
            "dimension",
            "groupe",
            "demandes",
            "score moyen avant",
            "score moyen après",
            "mouvement moyen (places)",
            "gagnent",
            "perdent",
        ],
    )
    .titled("Mouvement moyen : positif = le groupe gagne des places");
    for g in &c.groups {
        groups.push(vec![
            g.dimension.into(),
            g.value.clone().into(),
            Cell::Int(g.count as i64),
            Cell::Decimal(g.mean_old_score, 1),
            Cell::Decimal(g.mean_new_score, 1),
            Cell::Decimal(g.mean_places, 1),
            Cell::Percent(g.share_gaining),
            Cell::Percent(g.share_losing),
        ]);
    }
    let largest =
        moves_sheet("Plus grands mouvements", c.largest.iter().map(|&i| &c.moves[i]), applicants);
    let detail = moves_sheet("Détail", c.moves.iter(), applicants);
    write_xlsx(&[summary, groups, largest, detail], path).context("écriture du classeur")
}
