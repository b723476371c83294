//! Encoding rows for PostgreSQL's COPY: in its binary format, which the server stores without
//! parsing a number, a date or an escape (about 30 % less of the server's time for the national
//! applications and members: benchmarks.md, issue 21), when every value of a batch is of its
//! column's type; in its text format otherwise, which the server reads by the column's type
//! whatever the value.
//! <https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4>

use crate::binary_rows::{POSTGRES_EPOCH, SIGNATURE};
use logis_domain::iso_date::IsoDate;
use logis_store::{ColumnType, Row, Value};

/// The format of one COPY.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Binary,
    Text,
}

impl Format {
    /// The binary format when every value of `rows` fits its column of `columns` (or is NULL);
    /// else the text format, the first column that does not fit named in the log (a value of
    /// another type is a fault of the code that made the row, never of the data).
    pub fn for_rows(table: &str, columns: &[(&str, ColumnType)], rows: &[Row]) -> Format {
        let misfit = rows.iter().find_map(|row| {
            if row.len() != columns.len() {
                return Some("(nombre de colonnes)");
            }
            let mut pairs = row.iter().zip(columns);
            pairs.find(|(value, (_, kind))| !fits(value, *kind)).map(|(_, (column, _))| *column)
        });
        match misfit {
            None => Format::Binary,
            Some(column) => {
                tracing::warn!(table, column, "valeur d'un autre type : COPY au format texte");
                Format::Text
            }
        }
    }

    /// The options of the COPY statement, with `more` (`FREEZE`, say) if any.
    pub fn options(self, more: Option<&str>) -> String {
        match (self, more) {
            (Format::Binary, None) => " WITH (FORMAT binary)".to_owned(),
            (Format::Binary, Some(more)) => format!(" WITH (FORMAT binary, {more})"),
            (Format::Text, None) => String::new(),
            (Format::Text, Some(more)) => format!(" WITH ({more})"),
        }
    }

    /// What the data of one COPY begins with.
    pub fn start(self, out: &mut Vec<u8>) {
        if self == Format::Binary {
            out.extend_from_slice(SIGNATURE);
            out.extend_from_slice(&0_i32.to_be_bytes()); // flags
            out.extend_from_slice(&0_i32.to_be_bytes()); // header extension's length
        }
    }

    /// Appends one row to `out`.
    pub fn row(self, row: &[Value], out: &mut Vec<u8>) {
        match self {
            Format::Binary => binary_row(row, out),
            Format::Text => text_row(row, out),
        }
    }

    /// What the data of one COPY ends with.
    pub fn end(self, out: &mut Vec<u8>) {
        if self == Format::Binary {
            out.extend_from_slice(&(-1_i16).to_be_bytes());
        }
    }
}

/// A field's length past which the binary format is not used (PostgreSQL refuses a value
/// over a gigabyte in either format, with its own message).
const LONGEST: usize = 1 << 30;

/// Whether `value` can be sent in the binary format to a column of type `kind`.
fn fits(value: &Value, kind: ColumnType) -> bool {
    match (value, kind) {
        (Value::Text(Some(text)), ColumnType::Text) => text.len() < LONGEST,
        (Value::Bytes(Some(bytes)), ColumnType::Bytes) => bytes.len() < LONGEST,
        (Value::Int(Some(_)), ColumnType::Int)
        | (Value::Bool(Some(_)), ColumnType::Bool)
        | (Value::Date(Some(_)), ColumnType::Date) => true,
        (Value::Text(None), _)
        | (Value::Int(None), _)
        | (Value::Bool(None), _)
        | (Value::Date(None), _)
        | (Value::Bytes(None), _) => true,
        _ => false,
    }
}

/// One row in the binary format: its field count, then each field's length (-1 for NULL) and
/// bytes: texts as they are, integers on 8 bytes (`bigint`), booleans on one, dates as days
/// since 1 January 2000 on 4, all big-endian.
fn binary_row(row: &[Value], out: &mut Vec<u8>) {
    let count = i16::try_from(row.len()).expect("a table has fewer than 32 768 columns");
    out.extend_from_slice(&count.to_be_bytes());
    let field = |out: &mut Vec<u8>, bytes: &[u8]| {
        let length = i32::try_from(bytes.len()).expect("checked by `fits`");
        out.extend_from_slice(&length.to_be_bytes());
        out.extend_from_slice(bytes);
    };
    for value in row {
        match value {
            Value::Text(Some(text)) => field(out, text.as_bytes()),
            Value::Int(Some(n)) => field(out, &n.to_be_bytes()),
            Value::Bool(Some(b)) => field(out, &[u8::from(*b)]),
            Value::Date(Some(d)) => {
                field(out, &(d.to_julian_day() - POSTGRES_EPOCH).to_be_bytes());
            }
            Value::Bytes(Some(bytes)) => field(out, bytes),
            Value::Text(None)
            | Value::Int(None)
            | Value::Bool(None)
            | Value::Date(None)
            | Value::Bytes(None) => out.extend_from_slice(&(-1_i32).to_be_bytes()),
        }
    }
}

/// One row in the text format (tab-separated, `\N` for NULL, newline-terminated).
fn text_row(row: &[Value], out: &mut Vec<u8>) {
    for (i, value) in row.iter().enumerate() {
        if i > 0 {
            out.push(b'\t');
        }
        match value {
            Value::Text(Some(text)) => escape(text, out),
            Value::Int(Some(n)) => out.extend_from_slice(itoa::Buffer::new().format(*n).as_bytes()),
            Value::Bool(Some(b)) => out.push(if *b { b't' } else { b'f' }),
            Value::Date(Some(d)) => out.extend_from_slice(IsoDate::new(*d).as_bytes()),
            Value::Bytes(Some(bytes)) => {
                // bytea's hex form, its backslash escaped for COPY's text format.
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\\\x");
                out.reserve(2 * bytes.len());
                for byte in bytes {
                    out.push(HEX[usize::from(byte >> 4)]);
                    out.push(HEX[usize::from(byte & 0xf)]);
                }
            }
            Value::Text(None)
            | Value::Int(None)
            | Value::Bool(None)
            | Value::Date(None)
            | Value::Bytes(None) => out.extend_from_slice(b"\\N"),
        }
    }
    out.push(b'\n');
}

/// Appends `text` with COPY's special characters escaped; most texts have none and are copied
/// whole.
fn escape(text: &str, out: &mut Vec<u8>) {
    let special = |b: &u8| matches!(b, b'\\' | b'\t' | b'\n' | b'\r');
    if !text.as_bytes().iter().any(special) {
        out.extend_from_slice(text.as_bytes());
        return;
    }
    for &byte in text.as_bytes() {
        match byte {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            byte => out.push(byte),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use logis_store::ColumnType::{Bool, Bytes, Date, Int, Text};

    /// `row` in the text format, as a string.
    fn text(row: &[Value]) -> String {
        let mut out = Vec::new();
        Format::Text.row(row, &mut out);
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn escapes_the_copy_specials() {
        let row =
            [Value::Text(Some("a\tb\\c\nd".into())), Value::Int(None), Value::Bool(Some(true))];
        assert_eq!(text(&row), "a\\tb\\\\c\\nd\t\\N\tt\n");
    }

    #[test]
    fn writes_numbers_dates_and_plain_texts_as_they_read() {
        let date = time::macros::date!(2025 - 03 - 07);
        let row = [
            Value::Int(Some(-1_234_567)),
            Value::Int(Some(i64::MIN)),
            Value::Date(Some(date)),
            Value::Text(Some("Élodie Dupré".into())),
            Value::Bool(Some(false)),
        ];
        assert_eq!(text(&row), "-1234567\t-9223372036854775808\t2025-03-07\tÉlodie Dupré\tf\n");
    }

    #[test]
    fn writes_bytes_in_bytea_hex_form() {
        let row = [Value::Bytes(Some(vec![0x25, 0xff, 0x0a])), Value::Bytes(None)];
        assert_eq!(text(&row), "\\\\x25ff0a\t\\N\n");
    }

    #[test]
    fn the_binary_format_frames_each_field_by_its_length_in_network_order() {
        // The bytes written out from the format's description, field by field.
        let row = [
            Value::Text(Some("Dupré".into())),
            Value::Int(Some(-2)),
            Value::Bool(Some(true)),
            Value::Date(Some(time::macros::date!(2000 - 01 - 02))),
            Value::Date(Some(time::macros::date!(1999 - 12 - 31))),
            Value::Bytes(Some(vec![0, 0xff])),
            Value::Text(None),
        ];
        let mut out = Vec::new();
        Format::Binary.start(&mut out);
        Format::Binary.row(&row, &mut out);
        Format::Binary.end(&mut out);
        let mut expected = b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0".to_vec();
        expected.extend_from_slice(&[0, 7]);
        expected.extend_from_slice(&[0, 0, 0, 6, b'D', b'u', b'p', b'r', 0xc3, 0xa9]);
        expected.extend_from_slice(&[0, 0, 0, 8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe]);
        expected.extend_from_slice(&[0, 0, 0, 1, 1]);
        expected.extend_from_slice(&[0, 0, 0, 4, 0, 0, 0, 1]);
        expected.extend_from_slice(&[0, 0, 0, 4, 0xff, 0xff, 0xff, 0xff]);
        expected.extend_from_slice(&[0, 0, 0, 2, 0, 0xff]);
        expected.extend_from_slice(&[0xff, 0xff, 0xff, 0xff]);
        expected.extend_from_slice(&[0xff, 0xff]);
        assert_eq!(out, expected);
    }

    #[test]
    fn the_binary_format_is_kept_for_rows_whose_values_fit_their_columns() {
        let columns =
            [("nom", Text), ("revenu", Int), ("dalo", Bool), ("depot", Date), ("doc", Bytes)];
        let fitting = vec![
            Value::Text(Some("Martin".into())),
            Value::Int(Some(120_000)),
            Value::Bool(None),
            Value::Date(Some(time::macros::date!(2024 - 05 - 01))),
            Value::Text(None),
        ];
        assert_eq!(Format::for_rows("t", &columns, std::slice::from_ref(&fitting)), Format::Binary);
        let mut text_in_a_number = fitting.clone();
        text_in_a_number[1] = Value::Text(Some("120000".into()));
        let rows = [fitting.clone(), text_in_a_number];
        assert_eq!(Format::for_rows("t", &columns, &rows), Format::Text);
        assert_eq!(Format::for_rows("t", &columns, &[fitting[..4].to_vec()]), Format::Text);
        assert_eq!(Format::for_rows("t", &columns, &[]), Format::Binary);
        assert_eq!(Format::Binary.options(Some("FREEZE")), " WITH (FORMAT binary, FREEZE)");
        assert_eq!(Format::Text.options(None), "");
    }
}
