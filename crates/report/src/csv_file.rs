//! CSV the way French spreadsheets open it: `;` separator, UTF-8 with BOM, decimal comma,
//! percentages written `12,5 %`, dates `31/12/2022`, text that would read as a formula neutralised
//! (`logis_domain::spreadsheet`).

use crate::{Cell, ReportError, Sheet};
use logis_domain::spreadsheet::neutralised;
use std::io::Write;
use std::path::Path;

fn french_decimal(value: f64, decimals: u8) -> String {
    format!("{value:.*}", usize::from(decimals)).replace('.', ",")
}

fn text(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(t) => neutralised(t).into_owned(),
        Cell::Int(i) => i.to_string(),
        Cell::Decimal(v, d) => french_decimal(*v, *d),
        Cell::Percent(v) => format!("{} %", french_decimal(v * 100.0, 1)),
        Cell::Date(d) => logis_domain::french::date(*d),
    }
}

/// Writes one sheet as a CSV file.
pub fn write_csv(sheet: &Sheet, path: &Path) -> Result<(), ReportError> {
    let fail = |e: &dyn std::fmt::Display| ReportError::write(path, e);
    let file = std::io::BufWriter::new(std::fs::File::create(path).map_err(|e| fail(&e))?);
    write_to(sheet, file).map_err(|e| fail(&e))
}

/// One sheet as the bytes of a CSV file (a download).
pub fn csv_bytes(sheet: &Sheet) -> Vec<u8> {
    let mut bytes = Vec::new();
    write_to(sheet, &mut bytes).expect("writing to memory does not fail");
    bytes
}

fn write_to(sheet: &Sheet, mut out: impl Write) -> std::io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(out);
    writer.write_record(&sheet.headers)?;
    for row in &sheet.rows {
        writer.write_record(row.iter().map(text))?;
    }
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_csv_has_bom_semicolons_and_commas() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("t.csv");
        let mut sheet = Sheet::new("t", &["nom", "part", "moyenne"]);
        sheet.push(vec!["Moissac; centre".into(), Cell::Percent(0.125), Cell::Decimal(3.25, 1)]);
        write_csv(&sheet, &path).expect("written");
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(text, "\u{feff}nom;part;moyenne\n\"Moissac; centre\";12,5 %;3,2\n");
    }

    #[test]
    fn text_that_reads_as_a_formula_is_neutralised_and_numbers_are_not() {
        let mut sheet = Sheet::new("t", &["nom", "solde"]);
        sheet.push(vec!["=HYPERLINK(\"http://x\";\"ici\")".into(), Cell::Int(-12)]);
        sheet.push(vec!["@SOMME(A1)".into(), Cell::Decimal(-1.5, 1)]);
        let text = String::from_utf8(csv_bytes(&sheet)).expect("UTF-8");
        assert_eq!(
            text,
            "\u{feff}nom;solde\n\"'=HYPERLINK(\"\"http://x\"\";\"\"ici\"\")\";-12\n'@SOMME(A1);-1,5\n"
        );
    }
}
