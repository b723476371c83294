//! A document as a PDF, typeset by typst used as a library: A4 pages with the running head
//! (territory and year) and page numbers on every page, fonts embedded, charts as vector
//! images. The document's text enters the markup only as typst string literals, so no
//! character of the data can be read as markup.

mod world;

use crate::ReportError;
use crate::document::{Block, Document, Span, Table};
use std::fmt::Write;
use typst_layout::PagedDocument;
use world::ReportWorld;

/// A typst string literal.
fn lit(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A typst array of `items` (`()`, `(a,)`, `(a, b)`).
fn array(items: &[String]) -> String {
    match items {
        [] => "()".to_owned(),
        [one] => format!("({one},)"),
        _ => format!("({})", items.join(", ")),
    }
}

/// Spans as a content block.
fn spans(spans: &[Span]) -> String {
    let parts: Vec<String> = spans
        .iter()
        .map(|s| match s {
            Span::Text(t) => lit(t),
            Span::Strong(t) => format!("strong({})", lit(t)),
            Span::Emphasis(t) => format!("emph({})", lit(t)),
        })
        .collect();
    format!("[#{{ {} }}]", if parts.is_empty() { "\"\"".to_owned() } else { parts.join(" + ") })
}

const PREAMBLE: &str = r##"
#let bleu = rgb("#1d4e9e")
#let orange = rgb("#d9730d")
#set text(font: "Inter", size: 10pt, lang: "fr", fill: rgb("#1e1e1e"))
#set par(leading: 0.62em, spacing: 0.9em)
#show heading.where(level: 1): it => {
  pagebreak(weak: true)
  block(width: 100%, below: 1em, stroke: (bottom: 2.5pt + bleu), inset: (bottom: 5pt),
    text(17pt, weight: "bold", fill: bleu, it.body))
}
#show heading.where(level: 2): it => block(above: 1.4em, below: 0.7em, text(12.5pt, weight: "bold", it.body))
#let chiffres(items) = grid(columns: (1fr,) * calc.min(items.len(), 4), gutter: 8pt,
  ..items.map(((valeur, libelle)) => block(width: 100%, fill: rgb("#eef2fa"), inset: 8pt,
    stroke: (left: 3pt + bleu), [#text(17pt, weight: "bold", fill: bleu, valeur) \ #text(8.5pt, libelle)])))
#let cle(body) = block(stroke: (left: 2pt + orange), inset: (left: 8pt, y: 3pt), emph([Clé de lecture : ] + body))
#let note(body) = block(width: 100%, fill: rgb("#fff4e5"), stroke: (left: 3pt + orange), inset: 8pt, body)
#let tableau(colonnes, alignements, entetes, cellules) = {
  set text(8.5pt)
  table(columns: colonnes, align: alignements, stroke: none,
    fill: (x, y) => if y == 0 { bleu } else if calc.even(y) { rgb("#f3f3f3") },
    inset: (x: 5pt, y: 4pt),
    table.header(..entetes.map(h => text(fill: white, weight: "bold", h))),
    ..cellules)
}
#let signatures(noms) = grid(columns: (1fr, 1fr), gutter: 10pt,
  ..noms.map(nom => block(breakable: false, width: 100%, height: 3.4cm, inset: 8pt,
    stroke: 0.6pt + rgb("#999999"), radius: 2pt,
    [#text(weight: "bold", nom) \ #text(8.5pt, fill: rgb("#555555"))[Nom et qualité du signataire :] #v(1fr) #text(8.5pt, fill: rgb("#555555"))[Signature :]])))
#let graphique(titre, fichier, description) = block(breakable: false, width: 100%, {
  text(weight: "bold", titre)
  v(2pt)
  image(fichier, width: 100%, alt: description)
})
"##;

fn table(out: &mut String, t: &Table) {
    let numeric = |i: usize| t.numeric.get(i) == Some(&true);
    // Each column gets room in proportion to its longest cell or header word (headers wrap
    // between words), so that no number and no word is broken; a column of single words (an
    // identifier, a numéro unique) takes exactly its width, which a long sentence beside it
    // cannot squeeze.
    let width = |i: usize| {
        let cells = t.rows.iter().filter_map(|r| r.get(i)).map(|c| c.chars().count());
        let words = t.headers[i].split_whitespace().map(|w| w.chars().count() + 1);
        cells.chain(words).max().unwrap_or(4).clamp(4, 40)
    };
    let single_words = |i: usize| {
        t.rows.iter().filter_map(|r| r.get(i)).all(|c| !c.contains(char::is_whitespace))
            && t.rows.iter().filter_map(|r| r.get(i)).any(|c| c.chars().count() > 12)
    };
    let columns: Vec<String> = (0..t.headers.len())
        .map(|i| if single_words(i) { "auto".to_owned() } else { format!("{}fr", width(i)) })
        .collect();
    let aligns: Vec<&str> =
        (0..t.headers.len()).map(|i| if numeric(i) { "right" } else { "left" }).collect();
    let headers: Vec<String> = t.headers.iter().map(|h| lit(h)).collect();
    let cells: Vec<String> = t.rows.iter().flatten().map(|c| lit(c)).collect();
    let _ = writeln!(
        out,
        "#tableau({}, {}, {}, {})",
        array(&columns),
        array(&aligns.iter().map(|a| a.to_string()).collect::<Vec<_>>()),
        array(&headers),
        array(&cells)
    );
}

/// The typst markup of `doc`, and the chart files it refers to.
fn markup(doc: &Document) -> (String, Vec<(String, Vec<u8>)>) {
    let mut out = String::new();
    let mut files = Vec::new();
    let _ = writeln!(out, "#set document(title: {}, author: \"Logis\")", lit(&doc.title));
    let _ = writeln!(
        out,
        "#set page(paper: \"a4\", margin: (top: 2.3cm, bottom: 2cm, x: 1.8cm), header: context {{ set text(8pt, fill: rgb(\"#555555\")); {} ; h(1fr); [page #counter(page).display() / #counter(page).final().first()]; v(-4pt); line(length: 100%, stroke: 0.5pt + rgb(\"#999999\")) }}, footer: {{ set text(7.5pt, fill: rgb(\"#777777\")); align(center, {}) }})",
        lit(&doc.running_head),
        lit(&doc.footer)
    );
    out.push_str(PREAMBLE);
    let _ = writeln!(
        out,
        "#block(below: 1.6em)[#text(21pt, weight: \"bold\", fill: bleu, {}) \\ #v(2pt) #text(11pt, fill: rgb(\"#555555\"), {})]",
        lit(&doc.title),
        lit(&doc.subtitle)
    );
    for (s, section) in doc.sections.iter().enumerate() {
        if s == 0 {
            let _ = writeln!(
                out,
                "#block(below: 1em, stroke: (bottom: 2.5pt + bleu), inset: (bottom: 5pt), text(17pt, weight: \"bold\", fill: bleu, {}))",
                lit(&section.title)
            );
        } else {
            let _ = writeln!(out, "#heading(level: 1, {})", lit(&section.title));
        }
        for block in &section.blocks {
            match block {
                Block::Paragraph(s) => {
                    let _ = writeln!(out, "#par({})", spans(s));
                }
                Block::Subheading(t) => {
                    let _ = writeln!(out, "#heading(level: 2, {})", lit(t));
                }
                Block::List(items) => {
                    let items: Vec<String> = items.iter().map(|i| spans(i)).collect();
                    let _ = writeln!(out, "#list(..{})", array(&items));
                }
                Block::Figures(figures) => {
                    let items: Vec<String> = figures
                        .iter()
                        .map(|f| format!("({}, {})", lit(&f.value), lit(&f.label)))
                        .collect();
                    let _ = writeln!(out, "#chiffres({})", array(&items));
                }
                Block::Table(t) => table(&mut out, t),
                Block::Chart(c) => {
                    let path = format!("/graphique-{}.svg", files.len() + 1);
                    let _ = writeln!(
                        out,
                        "#graphique({}, {}, {})",
                        lit(&c.title),
                        lit(&path),
                        lit(&c.description)
                    );
                    files.push((path, c.svg.clone().into_bytes()));
                }
                Block::ReadingKey(t) => {
                    let _ = writeln!(out, "#cle({})", lit(t));
                }
                Block::Note(t) => {
                    let _ = writeln!(out, "#note({})", lit(t));
                }
                Block::Signatures(names) => {
                    let names: Vec<String> = names.iter().map(|n| lit(n)).collect();
                    let _ = writeln!(out, "#signatures({})", array(&names));
                }
            }
        }
    }
    (out, files)
}

/// The document as PDF bytes.
pub fn to_pdf(doc: &Document) -> Result<Vec<u8>, ReportError> {
    let (source, files) = markup(doc);
    let world = ReportWorld::new(source, files);
    let fail = |diagnostics: &[typst::diag::SourceDiagnostic]| {
        let messages: Vec<String> = diagnostics.iter().map(|d| d.message.to_string()).collect();
        ReportError::Typeset(messages.join(" ; "))
    };
    let document: PagedDocument = typst::compile(&world).output.map_err(|e| fail(&e))?;
    typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default()).map_err(|e| fail(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::document::{Chart, Section, paragraph};

    fn sample() -> Document {
        let svg = crate::chart::lines(&[2024, 2025], &[], "nombre", "test");
        Document {
            title: "Titre \"entre guillemets\" #set".into(),
            subtitle: "sous-titre".into(),
            running_head: "Territoire · Bilan 2025".into(),
            footer: "pied".into(),
            sections: vec![Section {
                title: "Une section".into(),
                blocks: vec![
                    paragraph("Du texte avec $ et [crochets] et *étoiles*."),
                    Block::Chart(Chart { title: "G".into(), description: "d".into(), svg }),
                ],
            }],
        }
    }

    #[test]
    fn the_pdf_and_the_html_page_draw_the_same_chart() {
        let doc = sample();
        let Block::Chart(chart) = &doc.sections[0].blocks[1] else { unreachable!() };
        let (_, files) = markup(&doc);
        assert_eq!(files, vec![("/graphique-1.svg".to_owned(), chart.svg.clone().into_bytes())]);
        assert!(crate::to_html(&doc).contains(&chart.svg));
        let pdf = to_pdf(&doc).expect("typeset");
        assert!(pdf.starts_with(b"%PDF-"));
    }

    #[test]
    fn string_literals_escape_what_typst_would_read() {
        assert_eq!(lit(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(lit("#set [x] $y$ *z*"), "\"#set [x] $y$ *z*\"");
    }
}
