//! The import report: every faulty row (file, line, column, value, what is wrong, what is
//! expected), in French, on the terminal and as a CSV file for a spreadsheet.

use crate::text::excerpt;
use logis_domain::spreadsheet::neutralised;
use std::fmt;
use std::io::{self, Write};

/// One problem found in a file set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub file: String,
    /// Line number in the file (the header is line 1), when the problem is on a row.
    pub line: Option<u64>,
    pub column: Option<String>,
    pub value: Option<String>,
    pub message: String,
    pub expected: Option<String>,
}

impl Issue {
    /// A problem with a whole file.
    pub fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Issue {
            file: file.into(),
            line: None,
            column: None,
            value: None,
            message: message.into(),
            expected: None,
        }
    }

    /// A problem on a row.
    pub fn row(file: impl Into<String>, line: u64, message: impl Into<String>) -> Self {
        Issue { line: Some(line), ..Issue::file(file, message) }
    }

    pub fn column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }

    pub fn value(mut self, value: &str) -> Self {
        self.value = Some(excerpt(value));
        self
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", ligne {line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", colonne {column}")?;
        }
        if let Some(value) = &self.value {
            write!(f, ", valeur « {value} »")?;
        }
        write!(f, " : {}", self.message)?;
        if let Some(expected) = &self.expected {
            write!(f, " (attendu : {expected})")?;
        }
        Ok(())
    }
}

/// Errors kept in memory at most; beyond, they are counted. A file set this wrong needs
/// fixing at its source, and the first errors say how.
pub const MAX_KEPT_ERRORS: usize = 100_000;

/// Errors (the set is refused) and warnings (it is loaded) of one import.
#[derive(Debug, Default, Clone)]
pub struct Report {
    pub errors: Vec<Issue>,
    /// Errors found but not kept (beyond [`MAX_KEPT_ERRORS`]).
    pub omitted_errors: u64,
    pub warnings: Vec<Issue>,
}

impl Report {
    pub fn error(&mut self, issue: Issue) {
        if self.errors.len() < MAX_KEPT_ERRORS {
            self.errors.push(issue);
        } else {
            self.omitted_errors += 1;
        }
    }

    pub fn warning(&mut self, issue: Issue) {
        if self.warnings.len() < MAX_KEPT_ERRORS {
            self.warnings.push(issue);
        }
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn error_count(&self) -> u64 {
        self.errors.len() as u64 + self.omitted_errors
    }

    /// Writes the errors then the warnings as a CSV file that French spreadsheets open as is:
    /// UTF-8 with BOM, `;` separator, any text that would read as a formula neutralised.
    pub fn write_csv(&self, out: impl Write) -> io::Result<()> {
        let mut out = out;
        out.write_all(crate::text::UTF8_BOM)?;
        let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(out);
        w.write_record([
            "gravite", "fichier", "ligne", "colonne", "valeur", "probleme", "attendu",
        ])?;
        let rows = self
            .errors
            .iter()
            .map(|i| ("erreur", i))
            .chain(self.warnings.iter().map(|i| ("avertissement", i)));
        for (gravity, issue) in rows {
            // Every text cell may carry the file's own words (a name in an archive, a column
            // of its header, a value): none may read as a formula.
            let text = |t: Option<&str>| neutralised(t.unwrap_or("")).into_owned();
            w.write_record([
                gravity.to_owned(),
                text(Some(&issue.file)),
                issue.line.map(|l| l.to_string()).unwrap_or_default(),
                text(issue.column.as_deref()),
                text(issue.value.as_deref()),
                text(Some(&issue.message)),
                text(issue.expected.as_deref()),
            ])?;
        }
        w.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_issue_reads_as_a_french_sentence() {
        let issue = Issue::row("demandes.csv", 12, "date invalide")
            .column("date_depot")
            .value("31/02/2022")
            .expected("une date AAAA-MM-JJ");
        assert_eq!(
            issue.to_string(),
            "demandes.csv, ligne 12, colonne date_depot, valeur « 31/02/2022 » : date invalide (attendu : une date AAAA-MM-JJ)"
        );
    }

    #[test]
    fn the_csv_report_opens_in_french_spreadsheets() {
        let mut report = Report::default();
        report.error(Issue::row("membres.csv", 3, "rang en double ; vérifiez").value("2"));
        let mut out = Vec::new();
        report.write_csv(&mut out).expect("in memory");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(text.starts_with('\u{feff}'));
        assert!(text.contains("erreur;membres.csv;3;;2;\"rang en double ; vérifiez\";"));
    }

    #[test]
    fn no_cell_of_the_csv_report_reads_as_a_formula() {
        let mut report = Report::default();
        let issue = Issue::row("=HYPERLINK(x)/demandes.csv", 3, "+colonne inconnue")
            .column("@SUM(1)")
            .value("-1+1")
            .expected("=2");
        report.warning(issue);
        let mut out = Vec::new();
        report.write_csv(&mut out).expect("in memory");
        let text = String::from_utf8(out).expect("utf-8");
        let line = text.lines().nth(1).expect("the warning");
        assert_eq!(
            line,
            "avertissement;'=HYPERLINK(x)/demandes.csv;3;'@SUM(1);'-1+1;'+colonne inconnue;'=2"
        );
    }
}
