//! CSV records read under a length limit, whatever the input: the parser (csv-core, the
//! machine of the `csv` crate, with the same quoting rules) writes each record's fields into a
//! buffer that grows only up to [`Limits::record_bytes`](crate::Limits), so a field without
//! end — a gigabyte without a newline, an unclosed quote — is reported as a record too long
//! instead of filling the memory.

use std::io::{self, Read};

/// The most fields one record may have (format v1 has about thirty columns).
pub const MAX_FIELDS: usize = 4_096;

/// Bytes read from the input at a time.
const CHUNK: usize = 1 << 16;

/// One record: its fields' bytes one after the other, where each field ends, and the line of
/// the file it starts on.
#[derive(Debug, Default)]
pub struct Record {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    line: u64,
}

impl Record {
    /// How many fields it has.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The bytes of field `i`.
    pub fn get(&self, i: usize) -> Option<&[u8]> {
        self.bytes.get(self.range(i)?)
    }

    /// Where field `i` lies in [`Record::bytes`].
    pub fn range(&self, i: usize) -> Option<std::ops::Range<usize>> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(start..end)
    }

    /// Every field's bytes, one after the other.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Every field, in order.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// The line of the file where the record starts (from 1).
    pub fn line(&self) -> u64 {
        self.line
    }
}

/// What reading the next record gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// A record (in the caller's [`Record`]).
    Record,
    /// The end of the file.
    End,
    /// A record longer than the limit, starting on this line: reading stops there.
    TooLong { line: u64 },
    /// A record of more than [`MAX_FIELDS`] fields, starting on this line: reading stops there.
    TooManyFields { line: u64 },
}

/// The records of a CSV input, one at a time.
pub struct Records<R> {
    core: csv_core::Reader,
    input: R,
    buffer: Vec<u8>,
    position: usize,
    filled: usize,
    exhausted: bool,
    limit: usize,
}

impl<R: Read> Records<R> {
    /// Records separated by `delimiter`, each at most `limit` bytes long.
    pub fn new(input: R, delimiter: u8, limit: u64) -> Self {
        Records {
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            input,
            buffer: vec![0; CHUNK],
            position: 0,
            filled: 0,
            exhausted: false,
            limit: usize::try_from(limit).unwrap_or(usize::MAX).max(1),
        }
    }

    /// Reads the next record into `record`.
    pub fn next(&mut self, record: &mut Record) -> io::Result<Next> {
        let line = self.core.line();
        record.line = line;
        record.bytes.clear();
        record.ends.clear();
        let (mut written, mut ended) = (0, 0);
        loop {
            if self.position == self.filled && !self.exhausted {
                self.filled = self.input.read(&mut self.buffer)?;
                self.position = 0;
                self.exhausted = self.filled == 0;
            }
            if written == record.bytes.len() {
                if written >= self.limit {
                    return Ok(Next::TooLong { line });
                }
                let grown = (written * 2).max(1024).min(self.limit);
                record.bytes.resize(grown, 0);
            }
            if ended == record.ends.len() {
                if ended >= MAX_FIELDS {
                    return Ok(Next::TooManyFields { line });
                }
                record.ends.resize((ended * 2).clamp(32, MAX_FIELDS), 0);
            }
            let input = &self.buffer[self.position..self.filled];
            let (result, read, wrote, ends) = self.core.read_record(
                input,
                &mut record.bytes[written..],
                &mut record.ends[ended..],
            );
            self.position += read;
            // csv-core gives field ends from the start of the record: nothing to shift.
            written += wrote;
            ended += ends;
            match result {
                csv_core::ReadRecordResult::InputEmpty
                | csv_core::ReadRecordResult::OutputFull
                | csv_core::ReadRecordResult::OutputEndsFull => {}
                csv_core::ReadRecordResult::Record => {
                    record.bytes.truncate(written);
                    record.ends.truncate(ended);
                    return Ok(Next::Record);
                }
                csv_core::ReadRecordResult::End => return Ok(Next::End),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &[u8], limit: u64) -> (Vec<(u64, Vec<String>)>, Next) {
        let mut records = Records::new(text, b';', limit);
        let mut record = Record::default();
        let mut out = Vec::new();
        loop {
            match records.next(&mut record).expect("in memory") {
                Next::Record => out.push((
                    record.line(),
                    record.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect(),
                )),
                other => return (out, other),
            }
        }
    }

    /// What the `csv` crate reads of `text` (the reader Logis used before): records with
    /// their line.
    fn as_the_csv_crate(text: &[u8]) -> Vec<(u64, Vec<String>)> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .has_headers(false)
            .flexible(true)
            .from_reader(text);
        let mut record = csv::ByteRecord::new();
        let mut out = Vec::new();
        while reader.read_byte_record(&mut record).expect("in memory") {
            let line = record.position().map_or(0, |p| p.line());
            out.push((
                line,
                record.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect(),
            ));
        }
        out
    }

    #[test]
    fn records_are_read_as_the_csv_crate_reads_them() {
        let text = b"a;b;c\n\"x;y\";\"say \"\"hi\"\"\";\n\"multi\nline\";2;3\r\nlast;1;2";
        let (records, end) = all(text, 1 << 20);
        assert_eq!(end, Next::End);
        assert_eq!(records[3].1, ["last", "1", "2"]);
        assert_eq!(records, as_the_csv_crate(text));
    }

    proptest::proptest! {
        #[test]
        fn any_input_is_read_as_the_csv_crate_reads_it(text in proptest::collection::vec(
            proptest::sample::select(b"ab;\"\n\r \xC3\xA9".to_vec()), 0..300)
        ) {
            let (records, end) = all(&text, 1 << 20);
            proptest::prop_assert_eq!(end, Next::End);
            proptest::prop_assert_eq!(records, as_the_csv_crate(&text));
        }
    }

    #[test]
    fn a_record_past_the_limit_stops_the_reading_at_its_line() {
        let mut text = b"a;b\n1;2\n".to_vec();
        text.extend(std::iter::repeat_n(b'x', 10_000));
        text.extend(b"\n3;4\n");
        let (records, end) = all(&text, 4_096);
        assert_eq!(records.len(), 2);
        assert_eq!(end, Next::TooLong { line: 3 });
        let mut unclosed = b"a;b\n\"jamais ferme;".to_vec();
        unclosed.extend(b"1;2\n".repeat(1_000));
        assert_eq!(all(&unclosed, 1_000).1, Next::TooLong { line: 2 }, "an unclosed quote");
        let many = b";".repeat(10_000);
        assert_eq!(all(&many, 1 << 20).1, Next::TooManyFields { line: 1 });
    }

    #[test]
    fn a_field_cut_between_chunks_is_whole() {
        let mut text = vec![b'y'; CHUNK - 2];
        text.extend("z;é\n".as_bytes());
        let (records, _) = all(&text, 1 << 20);
        assert_eq!(records[0].1[0].len(), CHUNK - 1);
        assert_eq!(records, as_the_csv_crate(&text));
        assert_eq!(records[0].1[1], "é");
    }
}
