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
    csv: csv::Writer<W>,
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
        writer.csv.write_record(kind.columns().iter().map(|c| c.name))?;
        Ok(writer)
    }

    /// Lines of a file without its header: a part of a file written elsewhere.
    pub fn lines(out: W) -> Self {
        let csv = csv::WriterBuilder::new()
            .delimiter(b';')
            .quote_style(csv::QuoteStyle::Necessary)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(out);
        RecordWriter { csv }
    }

    pub fn write<T: Record>(&mut self, record: &T) -> io::Result<()> {
        self.write_cells(record.cells())
    }

    /// Writes one line of canonical cells, in the order of the kind's columns.
    pub fn write_cells<S: AsRef<str>>(
        &mut self,
        cells: impl IntoIterator<Item = S>,
    ) -> io::Result<()> {
        for cell in cells {
            self.csv.write_field(neutralised(cell.as_ref()).as_bytes())?;
        }
        Ok(self.csv.write_record(None::<&[u8]>)?)
    }

    /// Flushes and returns the underlying writer.
    pub fn finish(self) -> io::Result<W> {
        self.csv.into_inner().map_err(|e| e.into_error())
    }
}
