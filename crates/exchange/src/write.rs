//! Writing files of format v1 in canonical form: UTF-8 without BOM, `;` separator, ISO
//! dates, `.` decimals, columns in the order of formats.md, quoted only when needed, a text
//! that a spreadsheet would read as a formula neutralised by a leading `'` (the readers take
//! it away: `logis_domain::spreadsheet`).

use crate::records::Record;
use crate::schema::FileKind;
use logis_domain::spreadsheet::neutralised;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// A file of one kind being written.
pub struct RecordWriter<W: Write> {
    out: W,
}

impl RecordWriter<BufWriter<File>> {
    /// Creates `dir/<kind's file name>` and writes its header.
    pub fn create(dir: &Path, kind: FileKind) -> io::Result<Self> {
        let file = File::create(dir.join(kind.file_name()))?;
        RecordWriter::new(BufWriter::with_capacity(1 << 16, file), kind)
    }
}

impl<W: Write> RecordWriter<W> {
    pub fn new(out: W, kind: FileKind) -> io::Result<Self> {
        let mut writer = Self::lines(out);
        writer.write_cells(kind.columns().iter().map(|c| c.name))?;
        Ok(writer)
    }

    /// Lines of a file without its header: a part of a file written elsewhere.
    pub fn lines(out: W) -> Self {
        RecordWriter { out }
    }

    pub fn write<T: Record>(&mut self, record: &T) -> io::Result<()> {
        self.write_cells(record.cells())
    }

    /// Writes one line of canonical cells, in the order of the kind's columns (at least two:
    /// every kind has more).
    pub fn write_cells<S: AsRef<str>>(
        &mut self,
        cells: impl IntoIterator<Item = S>,
    ) -> io::Result<()> {
        let mut line = self.line();
        for cell in cells {
            line.cell(cell.as_ref())?;
        }
        line.end()
    }

    /// A line written cell by cell, without gathering its cells first.
    pub fn line(&mut self) -> Line<'_, W> {
        Line { out: &mut self.out, first: true }
    }

    /// Flushes and returns the underlying writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// A line being written, one canonical cell after the other.
pub struct Line<'a, W: Write> {
    out: &'a mut W,
    first: bool,
}

impl<W: Write> Line<'_, W> {
    /// Writes the next cell.
    pub fn cell(&mut self, text: &str) -> io::Result<()> {
        if !std::mem::take(&mut self.first) {
            self.out.write_all(b";")?;
        }
        write_field(self.out, neutralised(text).as_bytes())
    }

    /// Ends the line.
    pub fn end(self) -> io::Result<()> {
        self.out.write_all(b"\n")
    }
}

/// One field, quoted only when it holds the separator, a quote or a line break (its quotes
/// doubled): what the `csv` crate writes with `QuoteStyle::Necessary`, without its state
/// machine for each byte (an export writes a hundred million fields).
fn write_field(out: &mut impl Write, field: &[u8]) -> io::Result<()> {
    // Looked for without stopping at the first found, so that many bytes are compared at once.
    let special = |b: &u8| matches!(b, b';' | b'"' | b'\n' | b'\r');
    if !field.chunks(64).any(|chunk| chunk.iter().fold(false, |found, b| found | special(b))) {
        return out.write_all(field);
    }
    out.write_all(b"\"")?;
    for (i, part) in field.split(|b| *b == b'"').enumerate() {
        if i > 0 {
            out.write_all(b"\"\"")?;
        }
        out.write_all(part)?;
    }
    out.write_all(b"\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The line the `csv` crate writes for `cells`, configured as format v1 says.
    fn by_the_csv_crate(cells: &[String]) -> Vec<u8> {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .quote_style(csv::QuoteStyle::Necessary)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        writer.write_record(cells.iter().map(|c| neutralised(c).into_owned())).expect("line");
        writer.into_inner().expect("bytes")
    }

    proptest! {
        #[test]
        fn a_line_is_the_one_the_csv_crate_writes(
            cells in proptest::collection::vec("[a-zé;\"\\r\\n '=+@-]{0,6}", 2..6)
        ) {
            let mut ours = RecordWriter::lines(Vec::new());
            ours.write_cells(&cells).expect("line");
            prop_assert_eq!(ours.finish().expect("bytes"), by_the_csv_crate(&cells));
        }
    }

    #[test]
    fn quotes_are_doubled_inside_quotes_and_formulas_neutralised() {
        let mut ours = RecordWriter::lines(Vec::new());
        ours.write_cells(["dit \"oui\"", "a;b", "", "=1+1", "deux\nlignes"]).expect("line");
        let line = String::from_utf8(ours.finish().expect("bytes")).expect("UTF-8");
        assert_eq!(line, "\"dit \"\"oui\"\"\";\"a;b\";;'=1+1;\"deux\nlignes\"\n");
    }
}
