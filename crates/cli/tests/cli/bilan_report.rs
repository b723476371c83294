//! `logis bilan` as a report and as files for spreadsheets, opened with the programs people
//! use: the PDF read back by poppler (text of every page, embedded fonts), the HTML page
//! compared with it, the XLSX and CSV files converted by LibreOffice.

use crate::support::{logis, stderr, stdout};
use std::path::Path;
use std::process::Command;

/// A program of `scripts/tools-up`, run to completion.
fn run(program: &str, args: &[&str], dir: &Path) -> String {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{program} is missing ({e}): run scripts/tools-up"));
    assert!(out.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text of an HTML page, without its tags.
fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&")
}

/// Whitespace folded to single spaces (pdftotext breaks lines where the PDF does).
fn folded(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

const PRIORITIES: &str = "## Former les guichets\n\nUn **plan de formation** au SNE, *avant juin*.\n\n- relancer la conférence intercommunale\n";

#[test]
fn the_pdf_and_the_html_page_say_the_same_thing_on_every_page() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let d = dir.path();
    assert!(logis(d, &["demo", "--sans-serveur"]).status.success());
    std::fs::write(d.join("priorites.md"), PRIORITIES).expect("priorities");
    let json = logis(d, &["bilan", "--year", "2022"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&json)).expect("JSON");
    for format in ["pdf", "html"] {
        let out = logis(
            d,
            &[
                "bilan",
                "--year",
                "2022",
                "--format",
                format,
                "--out",
                &format!("bilan.{format}"),
                "--priorities",
                "priorites.md",
            ],
        );
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let pdf = std::fs::read(d.join("bilan.pdf")).expect("PDF");
    assert!(pdf.starts_with(b"%PDF-"));

    // The territory and the year head every page.
    let text = run("pdftotext", &["bilan.pdf", "-"], d);
    let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert!(pages.len() >= 6, "{} pages", pages.len());
    for (i, page) in pages.iter().enumerate() {
        let head = folded(page.lines().next().unwrap_or_default());
        assert!(
            head.contains("Communauté de communes Terres des Confluences")
                && head.contains("Bilan 2022"),
            "page {}: {head}",
            i + 1
        );
    }

    // Every font is embedded.
    let fonts = run("pdffonts", &["bilan.pdf"], d);
    let rows: Vec<&str> = fonts.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
    assert!(!rows.is_empty());
    for row in rows {
        let fields: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(fields[fields.len() - 5], "yes", "font not embedded: {row}");
        assert!(row.contains("Inter"), "{row}");
    }

    // The HTML page and the PDF carry the same sections, reading keys and priorities, with the
    // numbers of the JSON written the French way.
    let html = std::fs::read_to_string(d.join("bilan.html")).expect("HTML");
    assert!(html.contains("<html lang=\"fr\">"));
    let pdf_text = folded(&text);
    let between = |text: &str, open: &str, close: &str| -> Vec<String> {
        text.split(open)
            .skip(1)
            .map(|s| s.split(close).next().unwrap_or_default().to_owned())
            .collect()
    };
    let sections = between(&html, "<h2>", "</h2>");
    assert_eq!(sections.len(), 7, "{sections:?}");
    let keys = between(&html, "<p class=\"cle\">", "</p>");
    assert!(keys.len() >= 10, "one reading key per table: {}", keys.len());
    for phrase in sections.iter().chain(&keys) {
        let phrase = folded(&phrase.replace("&#39;", "'").replace("&quot;", "\""));
        let start: String = phrase.chars().take(60).collect();
        assert!(pdf_text.contains(&start), "missing from the PDF: {start}");
    }
    assert_eq!(
        html.matches("<svg").count(),
        13,
        "charts: profiles + 9 segments + objectives + 2 trends"
    );
    for text in [&pdf_text, &folded(&text_of(&html))] {
        assert!(text.contains("Former les guichets") && text.contains("plan de formation"));
        assert!(text.contains("Objectifs non atteints en 2022"));
        let k = &json["chiffres_cles"];
        let pressure =
            format!("{:.2}", k["pression"].as_f64().expect("pressure")).replace('.', ",");
        assert!(text.contains(&format!("{pressure} demandes pour 1 attribution")), "{pressure}");
        let attributions = k["attributions"].as_u64().expect("count").to_string();
        // Key figures are a grid: poppler reads its values and labels in separate runs.
        assert!(
            text.contains(&attributions) && text.contains("attributions (baux signés en 2022)")
        );
        assert!(text.contains("31/12/2022"));
    }
    assert!(text.contains("2019") && text.contains("2021"), "the trend covers every year");

    // A year without data gives an empty report that says so, not an error.
    let out = logis(d, &["bilan", "--year", "2010", "--format", "pdf", "--out", "vide.pdf"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let empty = folded(&run("pdftotext", &["vide.pdf", "-"], d));
    assert!(empty.contains("ce bilan est vide"), "{empty}");
}

#[test]
fn libreoffice_opens_the_workbook_and_the_csv_file() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let d = dir.path();
    assert!(logis(d, &["demo", "--sans-serveur"]).status.success());
    for format in ["xlsx", "csv"] {
        let out = logis(
            d,
            &["bilan", "--year", "2022", "--format", format, "--out", &format!("bilan.{format}")],
        );
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let json = logis(d, &["bilan", "--year", "2022"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&json)).expect("JSON");
    let active = json["chiffres_cles"]["demandes_actives"].as_u64().expect("count");
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", d.display());
    // The workbook's first sheet, back as comma-separated UTF-8 text.
    std::fs::create_dir(d.join("from-xlsx")).expect("folder");
    run(
        "soffice",
        &[
            &profile,
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            "from-xlsx",
            "bilan.xlsx",
        ],
        d,
    );
    let sheet = std::fs::read_to_string(d.join("from-xlsx/bilan.csv")).expect("converted sheet");
    assert!(sheet.contains(&format!("Demandes actives au 31 décembre,{active}")), "{sheet}");
    // The CSV file read as French spreadsheets read it (`;`, UTF-8), written back with commas:
    // columns split where we meant them, accents intact, the BOM not taken for text.
    std::fs::create_dir(d.join("from-csv")).expect("folder");
    run(
        "soffice",
        &[
            &profile,
            "--headless",
            "--infilter=CSV:59,34,76,1",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            "from-csv",
            "bilan.csv",
        ],
        d,
    );
    let table = std::fs::read_to_string(d.join("from-csv/bilan.csv")).expect("converted CSV");
    let mut lines = table.lines();
    assert_eq!(lines.next(), Some("tableau,ligne,indicateur,valeur"));
    assert!(
        table.contains(&format!("Chiffres clés,Demandes actives au 31 décembre,valeur,{active}")),
        "{table}"
    );
    assert!(table.contains("Âge,moins de 25 ans,demandes actives,"), "{table}");
}
