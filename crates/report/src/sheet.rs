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
