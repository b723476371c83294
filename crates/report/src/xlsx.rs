//! Sheets as an XLSX workbook: a title line when given, bold headers frozen on scroll,
//! integers, decimals, percentages and dates as numbers with their format (dates `jj/mm/aaaa`), fitted column widths.

use crate::{Cell, ReportError, Sheet};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// Longest tab name XLSX accepts.
const MAX_TAB_NAME: usize = 31;

/// Writes every sheet as one tab of a workbook.
pub fn write_xlsx(sheets: &[Sheet], path: &Path) -> Result<(), ReportError> {
    let mut workbook = workbook(sheets).map_err(|e| ReportError::write(path, e))?;
    workbook.save(path).map_err(|e| ReportError::write(path, e))
}

/// Every sheet as one tab of a workbook, as the bytes of an XLSX file (a download).
pub fn xlsx_bytes(sheets: &[Sheet]) -> Result<Vec<u8>, ReportError> {
    let fail = |e: XlsxError| ReportError::Write { path: "classeur".into(), detail: e.to_string() };
    workbook(sheets).and_then(|mut w| w.save_to_buffer()).map_err(fail)
}

fn workbook(sheets: &[Sheet]) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    for sheet in sheets {
        fill(workbook.add_worksheet(), sheet)?;
    }
    Ok(workbook)
}

fn fill(ws: &mut Worksheet, sheet: &Sheet) -> Result<(), XlsxError> {
    let name: String =
        sheet.name.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(MAX_TAB_NAME).collect();
    ws.set_name(name)?;
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(13);
    let percent = Format::new().set_num_format("0.0%");
    let day = Format::new().set_num_format("dd/mm/yyyy");
    let decimals: Vec<Format> = (0..5)
        .map(|d| {
            Format::new().set_num_format(if d == 0 {
                "0".to_owned()
            } else {
                format!("0.{}", "0".repeat(d))
            })
        })
        .collect();
    let mut row = 0u32;
    if let Some(text) = &sheet.title {
        ws.write_string_with_format(row, 0, text, &title)?;
        row += 2;
    }
    for (col, header) in sheet.headers.iter().enumerate() {
        ws.write_string_with_format(row, col as u16, header, &bold)?;
    }
    ws.set_freeze_panes(row + 1, 0)?;
    for cells in &sheet.rows {
        row += 1;
        for (col, cell) in cells.iter().enumerate() {
            let col = col as u16;
            match cell {
                Cell::Empty => {}
                Cell::Text(t) => {
                    ws.write_string(row, col, t)?;
                }
                Cell::Int(i) => {
                    ws.write_number(row, col, *i as f64)?;
                }
                Cell::Decimal(v, d) => {
                    ws.write_number_with_format(row, col, *v, &decimals[usize::from(*d).min(4)])?;
                }
                Cell::Percent(v) => {
                    ws.write_number_with_format(row, col, *v, &percent)?;
                }
                Cell::Date(d) => {
                    let date =
                        ExcelDateTime::from_ymd(d.year() as u16, u8::from(d.month()), d.day())?;
                    ws.write_datetime_with_format(row, col, &date, &day)?;
                }
            }
        }
    }
    ws.autofit();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_is_written_with_every_sheet() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("t.xlsx");
        let mut a = Sheet::new("Synthèse", &["libellé", "part"]).titled("Titre");
        a.push(vec!["x".into(), Cell::Percent(0.5)]);
        let b = Sheet::new("Un nom d'onglet beaucoup trop long pour Excel", &["n"]);
        write_xlsx(&[a, b], &path).expect("written");
        let file = std::fs::File::open(&path).expect("read");
        let mut archive = zip::ZipArchive::new(file).expect("an XLSX file is a zip archive");
        let mut workbook = String::new();
        std::io::Read::read_to_string(
            &mut archive.by_name("xl/workbook.xml").expect("workbook part"),
            &mut workbook,
        )
        .expect("UTF-8");
        assert!(workbook.contains(r#"name="Synthèse""#), "{workbook}");
        let cut: String =
            "Un nom d'onglet beaucoup trop long pour Excel".chars().take(31).collect();
        assert!(
            workbook.contains(&format!(r#"name="{cut}""#)),
            "tab names are cut to 31 characters"
        );
        let mut first = String::new();
        std::io::Read::read_to_string(
            &mut archive.by_name("xl/worksheets/sheet1.xml").expect("first sheet"),
            &mut first,
        )
        .expect("UTF-8");
        assert!(
            first.contains("<pane") && first.contains(r#"state="frozen""#),
            "frozen header row"
        );
    }
}
