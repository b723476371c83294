//! Errors of a grid: French messages located by line and column of the TOML document.

use std::fmt;

/// One problem of a grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridError {
    /// 1-based line and column (in characters).
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl GridError {
    /// An error at byte `offset` of `text`.
    pub fn at(text: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, column) = logis_domain::french::line_column(text, offset);
        GridError { line, column, message: message.into() }
    }
}

impl fmt::Display for GridError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ligne {}, colonne {} : {}", self.line, self.column, self.message)
    }
}

/// Every problem found in a grid, in the order of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridErrors(pub Vec<GridError>);

impl fmt::Display for GridErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        writeln!(f, "grille refusée : {n} problème{}", if n > 1 { "s" } else { "" })?;
        for error in &self.0 {
            writeln!(f, "  {error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for GridErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "a = 1\nbé = 2\n";
        let e = GridError::at(text, text.find('2').expect("present"), "x");
        assert_eq!((e.line, e.column), (2, 6));
        assert_eq!(GridError::at(text, 0, "x").line, 1);
    }
}
