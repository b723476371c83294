//! Reading rendered files back: a PDF's text (poppler's `pdftotext`), a workbook's sheets and
//! cells (the XLSX parts read from its zip archive).

use std::collections::HashMap;
use std::io::{Read, Write};
use std::process::{Command, Stdio};

pub use logis_testkit::documents::pdf_text;

/// Whether the PDF's `text` says `said`, a space before `%` or not (pdftotext's layout drops
/// a narrow one where the column is tight).
pub fn says(text: &str, said: &str) -> bool {
    text.replace(" %", "%").contains(&said.replace(" %", "%"))
}

/// The text of each page of a PDF (pdftotext ends each with a form feed).
pub fn pdf_pages(pdf: &[u8]) -> Vec<String> {
    let mut child = Command::new("pdftotext")
        .args(["-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("pdftotext (poppler-utils) runs");
    child.stdin.take().expect("stdin").write_all(pdf).expect("write the PDF");
    let out = child.wait_with_output().expect("pdftotext ends");
    String::from_utf8_lossy(&out.stdout)
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// A cell as read back: a number or a text.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Number(f64),
    Text(String),
}

/// One sheet: its tab name and its cells by row and column (0-based).
#[derive(Debug)]
pub struct SheetRead {
    pub name: String,
    pub cells: HashMap<(u32, u32), Value>,
}

impl SheetRead {
    /// The row whose first cell is `label`.
    pub fn row_of(&self, label: &str) -> u32 {
        let mut rows: Vec<u32> = self
            .cells
            .iter()
            .filter(|((_, c), v)| *c == 0 && **v == Value::Text(label.to_owned()))
            .map(|((r, _), _)| *r)
            .collect();
        rows.sort();
        *rows.first().unwrap_or_else(|| panic!("no row « {label} » in {}", self.name))
    }

    /// The column of the header `header` (in the header row, the first holding `first`).
    pub fn column_of(&self, header: &str) -> u32 {
        self.cells
            .iter()
            .find(|(_, v)| **v == Value::Text(header.to_owned()))
            .map(|((_, c), _)| *c)
            .unwrap_or_else(|| panic!("no column « {header} » in {}", self.name))
    }

    /// The number at the row labelled `row` and the column headed `column`.
    pub fn number(&self, row: &str, column: &str) -> f64 {
        match self.cells.get(&(self.row_of(row), self.column_of(column))) {
            Some(Value::Number(n)) => *n,
            other => panic!("{}: « {row} » × « {column} » is {other:?}, not a number", self.name),
        }
    }

    /// The text at the row labelled `row` and the column headed `column`.
    pub fn text(&self, row: &str, column: &str) -> Option<&Value> {
        self.cells.get(&(self.row_of(row), self.column_of(column)))
    }
}

/// Text between `open` and `close` after each `open`.
fn between<'a>(text: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    text.split(open).skip(1).map(|s| s.split(close).next().unwrap_or_default()).collect()
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The value of attribute `name` in an opening tag's text.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[start..].split('"').next()
}

/// `B12` → (11, 1).
fn position(reference: &str) -> (u32, u32) {
    let letters: String = reference.chars().take_while(char::is_ascii_alphabetic).collect();
    let row: u32 = reference[letters.len()..].parse().expect("a row number");
    let column = letters.bytes().fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1)) - 1;
    (row - 1, column)
}

/// Every sheet of an XLSX workbook, in tab order.
pub fn workbook(bytes: &[u8]) -> Vec<SheetRead> {
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("an XLSX file is a zip archive");
    let mut part = |name: &str| -> String {
        let mut text = String::new();
        if let Ok(mut file) = archive.by_name(name) {
            file.read_to_string(&mut text).expect("UTF-8 XML");
        }
        text
    };
    let book = part("xl/workbook.xml");
    let shared: Vec<String> = between(&part("xl/sharedStrings.xml"), "<si>", "</si>")
        .iter()
        .map(|si| {
            between(si, "<t", "</t>")
                .iter()
                .map(|t| unescape(&t[t.find('>').map_or(0, |i| i + 1)..]))
                .collect()
        })
        .collect();
    between(&book, "<sheet ", "/>")
        .iter()
        .enumerate()
        .map(|(i, tag)| {
            let name = unescape(attribute(&format!(" {tag}"), "name").expect("a tab name"));
            let xml = part(&format!("xl/worksheets/sheet{}.xml", i + 1));
            let mut cells = HashMap::new();
            for cell in between(&xml, "<c ", "</c>") {
                let (tag, body) = cell.split_once('>').unwrap_or((cell, ""));
                let tag = format!(" {tag}");
                let Some(value) = between(body, "<v>", "</v>").first().copied() else { continue };
                let value = match attribute(&tag, "t") {
                    Some("s") => {
                        Value::Text(shared[value.parse::<usize>().expect("index")].clone())
                    }
                    Some("str" | "inlineStr") => Value::Text(unescape(value)),
                    _ => Value::Number(value.parse().expect("a number")),
                };
                cells.insert(position(attribute(&tag, "r").expect("a reference")), value);
            }
            SheetRead { name, cells }
        })
        .collect()
}
