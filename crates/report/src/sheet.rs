//! A table ready to render: a name, an optional title line, headers and typed cells.

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    /// A number shown with this many decimals.
    Decimal(f64, u8),
    /// A share between 0 and 1, shown as a percentage with one decimal.
    Percent(f64),
    /// A day: a date cell (`31/12/2022`) in a workbook, `31/12/2022` in CSV.
    Date(logis_domain::Date),
}

impl From<&str> for Cell {
    fn from(v: &str) -> Self {
        Cell::Text(v.to_owned())
    }
}

impl From<String> for Cell {
    fn from(v: String) -> Self {
        Cell::Text(v)
    }
}

impl From<i64> for Cell {
    fn from(v: i64) -> Self {
        Cell::Int(v)
    }
}

/// A table of one sheet (or one CSV file).
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// Tab name (at most 31 characters in XLSX).
    pub name: String,
    /// A sentence above the table (XLSX only).
    pub title: Option<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    pub fn new(name: &str, headers: &[&str]) -> Self {
        Sheet {
            name: name.to_owned(),
            title: None,
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn titled(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        self.rows.push(row);
    }
}

/// Several tables as one long table of `tableau ; ligne ; indicateur ; valeur`: one row per
/// cell after the first column of each table (the line's label), for a single CSV file that a
/// spreadsheet filters and pivots.
pub fn long_table(name: &str, sheets: &[Sheet]) -> Sheet {
    let mut long = Sheet::new(name, &["tableau", "ligne", "indicateur", "valeur"]);
    for sheet in sheets {
        for row in &sheet.rows {
            let label = match row.first() {
                Some(Cell::Text(t)) => t.clone(),
                _ => String::new(),
            };
            for (header, cell) in sheet.headers.iter().zip(row).skip(1) {
                long.push(vec![
                    sheet.name.clone().into(),
                    label.clone().into(),
                    header.clone().into(),
                    cell.clone(),
                ]);
            }
        }
    }
    long
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_table_has_one_row_per_value() {
        let mut a = Sheet::new("Âge", &["modalité", "demandes", "pression"]);
        a.push(vec!["moins de 25 ans".into(), Cell::Int(12), Cell::Decimal(1.5, 2)]);
        a.push(vec!["25-34 ans".into(), Cell::Int(30), Cell::Empty]);
        let mut b = Sheet::new("Objectifs", &["objectif", "taux"]);
        b.push(vec!["Prioritaires".into(), Cell::Percent(0.25)]);
        let long = long_table("bilan", &[a, b]);
        assert_eq!(long.headers, ["tableau", "ligne", "indicateur", "valeur"]);
        assert_eq!(long.rows.len(), 5);
        assert_eq!(
            long.rows[1],
            vec![
                Cell::from("Âge"),
                "moins de 25 ans".into(),
                "pression".into(),
                Cell::Decimal(1.5, 2)
            ]
        );
        assert_eq!(
            long.rows[4],
            vec![
                Cell::from("Objectifs"),
                "Prioritaires".into(),
                "taux".into(),
                Cell::Percent(0.25)
            ]
        );
    }
}
