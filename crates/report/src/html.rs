//! A document as one self-contained HTML page (`lang="fr"`, styles inline, charts as inline
//! SVG, nothing fetched), readable on screen and printable.

use crate::document::{Block, Document, Span, Table, escape_markup};
use std::fmt::Write;

const STYLE: &str = "
:root { color-scheme: light; }
body { font-family: Inter, 'DejaVu Sans', system-ui, sans-serif; color: #1e1e1e; margin: 0; line-height: 1.5; background: #f6f6f6; }
header.tete { background: #1d4e9e; color: #fff; padding: .6rem 1.5rem; font-size: .95rem; }
main { max-width: 50rem; margin: 0 auto; background: #fff; padding: 2rem 2.5rem 3rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: .5rem 0; color: #1d4e9e; }
.sous-titre { color: #555; margin-top: 0; }
h2 { font-size: 1.4rem; border-bottom: 3px solid #1d4e9e; padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { font-size: 1.1rem; margin-top: 1.8rem; }
.chiffres { display: grid; grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr)); gap: .8rem; margin: 1rem 0; }
.chiffre { border-left: 4px solid #1d4e9e; background: #eef2fa; padding: .5rem .8rem; }
.chiffre strong { display: block; font-size: 1.6rem; color: #1d4e9e; }
table { border-collapse: collapse; width: 100%; margin: .8rem 0; font-size: .92rem; }
th { background: #1d4e9e; color: #fff; text-align: left; padding: .35rem .5rem; }
td { border-bottom: 1px solid #ddd; padding: .3rem .5rem; }
tr:nth-child(even) td { background: #f7f7f7; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th.num { white-space: normal; }
.defile-tableau { overflow-x: auto; }
.cle { font-style: italic; color: #333; border-left: 3px solid #d9730d; padding-left: .6rem; }
.note { background: #fff4e5; border-left: 4px solid #d9730d; padding: .5rem .8rem; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-weight: 600; margin-bottom: .3rem; }
.signatures { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: .8rem; margin: 1rem 0; }
.signature { border: 1px solid #999; border-radius: 3px; padding: .5rem .8rem; min-height: 7rem; }
.signature p { color: #555; font-size: .9rem; margin: .3rem 0 1.5rem; }
footer { text-align: center; color: #666; font-size: .85rem; padding: 1rem; }
@media print { body { background: #fff; } main { padding: 0; max-width: none; } h2 { break-before: page; } figure, table { break-inside: avoid; } }
";

fn spans(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| match s {
            Span::Text(t) => escape_markup(t),
            Span::Strong(t) => format!("<strong>{}</strong>", escape_markup(t)),
            Span::Emphasis(t) => format!("<em>{}</em>", escape_markup(t)),
        })
        .collect()
}

/// A table, in a region that scrolls sideways on a narrow screen (named by its columns, and
/// reachable from the keyboard).
fn table(out: &mut String, t: &Table) {
    let _ = write!(
        out,
        "<div class=\"defile-tableau\" role=\"region\" tabindex=\"0\" aria-label=\"Tableau : {}\">\n<table>\n<thead><tr>",
        escape_markup(&t.headers.join(", "))
    );
    for (i, h) in t.headers.iter().enumerate() {
        let class = if t.numeric.get(i) == Some(&true) { " class=\"num\"" } else { "" };
        let _ = write!(out, "<th scope=\"col\"{class}>{}</th>", escape_markup(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let class = if t.numeric.get(i) == Some(&true) { " class=\"num\"" } else { "" };
            let _ = write!(out, "<td{class}>{}</td>", escape_markup(cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

/// The document as a complete HTML page.
pub fn to_html(doc: &Document) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header class=\"tete\">{}</header>\n<main>\n<h1>{}</h1>\n<p class=\"sous-titre\">{}</p>\n",
        escape_markup(&doc.title),
        escape_markup(&doc.running_head),
        escape_markup(&doc.title),
        escape_markup(&doc.subtitle)
    );
    out.push_str(&sections_html(doc));
    let _ =
        write!(out, "</main>\n<footer>{}</footer>\n</body>\n</html>\n", escape_markup(&doc.footer));
    out
}

/// The anchor of the `i`-th section (`partie-1`…), for a table of contents.
pub fn section_anchor(i: usize) -> String {
    format!("partie-{}", i + 1)
}

/// The document's sections alone, for a page that has its own layout and style sheet (the
/// classes are `chiffres`, `chiffre`, `num`, `cle`, `note`; charts are inline SVG); each
/// section's id is [`section_anchor`].
pub fn sections_html(doc: &Document) -> String {
    let mut out = String::new();
    for (i, section) in doc.sections.iter().enumerate() {
        let _ = writeln!(
            out,
            "<section id=\"{}\">\n<h2>{}</h2>",
            section_anchor(i),
            escape_markup(&section.title)
        );
        for block in &section.blocks {
            match block {
                Block::Paragraph(s) => {
                    let _ = writeln!(out, "<p>{}</p>", spans(s));
                }
                Block::Subheading(t) => {
                    let _ = writeln!(out, "<h3>{}</h3>", escape_markup(t));
                }
                Block::List(items) => {
                    out.push_str("<ul>\n");
                    for item in items {
                        let _ = writeln!(out, "<li>{}</li>", spans(item));
                    }
                    out.push_str("</ul>\n");
                }
                Block::Figures(figures) => {
                    out.push_str("<div class=\"chiffres\">\n");
                    for f in figures {
                        let _ = writeln!(
                            out,
                            "<div class=\"chiffre\"><strong>{}</strong> {}</div>",
                            escape_markup(&f.value),
                            escape_markup(&f.label)
                        );
                    }
                    out.push_str("</div>\n");
                }
                Block::Table(t) => table(&mut out, t),
                // A chart keeps a readable size on a phone: its figure scrolls sideways, and
                // takes the focus so that the keyboard scrolls it too.
                Block::Chart(c) => {
                    let _ = writeln!(
                        out,
                        "<figure class=\"graphique-rapport\" tabindex=\"0\">\n<figcaption>{}</figcaption>\n{}</figure>",
                        escape_markup(&c.title),
                        c.svg
                    );
                }
                Block::ReadingKey(t) => {
                    let _ =
                        writeln!(out, "<p class=\"cle\">Clé de lecture : {}</p>", escape_markup(t));
                }
                Block::Note(t) => {
                    let _ = writeln!(out, "<p class=\"note\">{}</p>", escape_markup(t));
                }
                Block::Signatures(names) => {
                    out.push_str("<div class=\"signatures\">\n");
                    for name in names {
                        let _ = writeln!(
                            out,
                            "<div class=\"signature\"><strong>{}</strong><p>Nom et qualité du signataire :</p><p>Signature :</p></div>",
                            escape_markup(name)
                        );
                    }
                    out.push_str("</div>\n");
                }
            }
        }
        out.push_str("</section>\n");
    }
    out
}
