//! Typed access to the cells of a row, collecting every problem instead of stopping at the
//! first one.

use crate::report::Issue;
use crate::schema::{Column, FileKind};
use crate::table::Row;
use crate::values::Expected;
use std::cell::Cell;

/// Reads typed values from a row; each problem becomes an [`Issue`].
pub struct RowReader<'a> {
    kind: FileKind,
    file: &'a str,
    row: &'a Row<'a>,
    /// The column found last: records read their columns in the schema's order, so the next
    /// one is found at once instead of by comparing every name before it.
    last: Cell<usize>,
    pub issues: Vec<Issue>,
}

pub const MISSING: &str = "valeur obligatoire manquante";

impl<'a> RowReader<'a> {
    pub fn new(kind: FileKind, file: &'a str, row: &'a Row<'a>) -> Self {
        RowReader { kind, file, row, last: Cell::new(0), issues: Vec::new() }
    }

    pub fn line(&self) -> u64 {
        self.row.line
    }

    fn cell(&self, column: &str) -> Option<&'a str> {
        let columns: &[Column] = self.kind.columns();
        let last = self.last.get();
        let index = (last..columns.len())
            .chain(0..last)
            .find(|&i| columns[i].name == column)
            .expect("column named in schema.rs");
        self.last.set(index);
        self.row.cells[index].as_deref()
    }

    /// An issue on this row and column.
    pub fn issue(
        &mut self,
        column: &str,
        value: Option<&str>,
        message: &str,
        expected: Option<String>,
    ) {
        let mut issue = Issue::row(self.file, self.row.line, message).column(column);
        if let Some(value) = value {
            issue = issue.value(value);
        }
        if let Some(expected) = expected {
            issue = issue.expected(expected);
        }
        self.issues.push(issue);
    }

    /// A value that must be there and valid.
    pub fn required<T>(
        &mut self,
        column: &str,
        parse: impl Fn(&str) -> Result<T, Expected>,
    ) -> Option<T> {
        match self.cell(column) {
            None => {
                self.issue(column, None, MISSING, None);
                None
            }
            Some(raw) => self.parsed(column, raw, &parse),
        }
    }

    /// A value that may be empty; when present it must be valid.
    pub fn optional<T>(
        &mut self,
        column: &str,
        parse: impl Fn(&str) -> Result<T, Expected>,
    ) -> Option<T> {
        self.cell(column).and_then(|raw| self.parsed(column, raw, &parse))
    }

    /// A free text, possibly empty.
    pub fn text(&mut self, column: &str) -> Option<String> {
        self.cell(column).map(str::to_owned)
    }

    /// A free text that must be there.
    pub fn required_text(&mut self, column: &str) -> Option<String> {
        self.required(column, |s| Ok(s.to_owned()))
    }

    /// A `|`-separated list; each invalid item is a problem.
    pub fn list<T>(&mut self, column: &str, parse: impl Fn(&str) -> Result<T, Expected>) -> Vec<T> {
        let Some(raw) = self.cell(column) else { return Vec::new() };
        crate::values::split_list(raw)
            .filter_map(|item| self.parsed(column, item, &parse))
            .collect()
    }

    /// A list that must hold at least one item.
    pub fn required_list<T>(
        &mut self,
        column: &str,
        parse: impl Fn(&str) -> Result<T, Expected>,
    ) -> Vec<T> {
        if self.cell(column).is_none() {
            self.issue(column, None, MISSING, None);
        }
        self.list(column, parse)
    }

    fn parsed<T>(
        &mut self,
        column: &str,
        raw: &str,
        parse: &impl Fn(&str) -> Result<T, Expected>,
    ) -> Option<T> {
        match parse(raw) {
            Ok(value) => Some(value),
            Err(expected) => {
                self.issue(column, Some(raw), "valeur invalide", Some(expected));
                None
            }
        }
    }

    /// The record when the row had no problem (its problems stay in `issues`). `build` may use
    /// `?` on the values read: they are all present when no problem was recorded.
    pub fn finish<T>(&self, build: impl FnOnce() -> Option<T>) -> Option<T> {
        if self.issues.is_empty() {
            Some(build().expect("every required value was read without a problem"))
        } else {
            None
        }
    }
}
