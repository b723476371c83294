//! Rows of the binary format of PostgreSQL's COPY, read where they lie: a header, then each row
//! as its field count and each field's length (-1 for NULL) and bytes, then -1 as the trailer.
//! The server writes it with less work than the text format (no number or date turned into
//! text), and it is read without looking for separators or escapes.
//! <https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4>

use logis_domain::Date;
use logis_store::utf8::text_of;
use logis_store::{Cell, ColumnType, StoredRow};

/// The signature the stream begins with, before its flags and the length of its extension.
pub(crate) const SIGNATURE: &[u8; 11] = b"PGCOPY\n\xff\r\n\0";

/// What follows the last row: a count of fields of -1.
pub(crate) const TRAILER: [u8; 2] = (-1i16).to_be_bytes();

/// The Julian day of 1 January 2000, PostgreSQL's day 0.
pub(crate) const POSTGRES_EPOCH: i32 = 2_451_545;

/// The length of the header at the start of `data`; `None` while it is not all there.
pub fn header(data: &[u8]) -> Result<Option<usize>, String> {
    if data.len() < SIGNATURE.len() + 8 {
        return Ok(None);
    }
    if &data[..SIGNATURE.len()] != SIGNATURE {
        return Err("en-tête du format binaire de COPY absent".to_owned());
    }
    // Bits 0 to 15 are critical (unknown: to refuse); bit 16 says each row carries its OID.
    let flags = be_i32(&data[11..15]);
    if flags & 0x0001_ffff != 0 {
        return Err(format!("format binaire de COPY inattendu (options {flags:#x})"));
    }
    let extension = be_i32(&data[15..19]);
    let length = 19 + usize::try_from(extension).map_err(|_| "en-tête illisible".to_owned())?;
    Ok((data.len() >= length).then_some(length))
}

/// What follows a row's start.
#[derive(Debug, PartialEq, Eq)]
pub enum Next {
    /// A whole row, its fields pushed; the next starts at this offset.
    Row(usize),
    /// The trailer: no row follows.
    End,
    /// The row is not all there yet.
    Incomplete,
}

/// Reads the row that starts at `at` in `data`, its fields (`None` for NULL) pushed to
/// `fields` (cleared first).
pub fn next_row<'a>(
    data: &'a [u8],
    at: usize,
    fields: &mut Vec<Option<&'a [u8]>>,
) -> Result<Next, String> {
    fields.clear();
    let Some(count) = data.get(at..at + 2) else { return Ok(Next::Incomplete) };
    let count = i16::from_be_bytes([count[0], count[1]]);
    if count == -1 {
        return Ok(Next::End);
    }
    if count < 0 {
        return Err(format!("nombre de colonnes illisible ({count})"));
    }
    let mut position = at + 2;
    for _ in 0..count {
        let Some(length) = data.get(position..position + 4) else { return Ok(Next::Incomplete) };
        position += 4;
        let length = match be_i32(length) {
            -1 => {
                fields.push(None);
                continue;
            }
            length => usize::try_from(length)
                .map_err(|_| format!("longueur de champ illisible ({length})"))?,
        };
        let Some(bytes) = data.get(position..position + length) else {
            return Ok(Next::Incomplete);
        };
        fields.push(Some(bytes));
        position += length;
    }
    Ok(Next::Row(position))
}

fn be_i32(bytes: &[u8]) -> i32 {
    i32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
}

/// One row of the binary format, its fields read by the stored columns' types.
pub struct BinaryRow<'a> {
    pub columns: &'static [(&'static str, ColumnType)],
    pub fields: &'a [Option<&'a [u8]>],
}

impl StoredRow for BinaryRow<'_> {
    fn cell(&self, index: usize) -> Result<Cell<'_>, String> {
        let (Some(field), Some((_, kind))) = (self.fields.get(index), self.columns.get(index))
        else {
            return Err(format!("colonne {index} absente"));
        };
        let Some(bytes) = *field else { return Ok(Cell::Null) };
        let wrong = |expected: &str| format!("{expected} attendu en colonne {index}");
        Ok(match (kind, bytes.len()) {
            (ColumnType::Text, _) => Cell::Text(text_of(bytes, index)?),
            (ColumnType::Int, 8) => Cell::Int(i64::from_be_bytes(bytes.try_into().expect("8"))),
            (ColumnType::Int, 4) => Cell::Int(be_i32(bytes).into()),
            (ColumnType::Int, 2) => Cell::Int(i16::from_be_bytes([bytes[0], bytes[1]]).into()),
            (ColumnType::Bool, 1) => Cell::Int(i64::from(bytes[0] != 0)),
            (ColumnType::Date, 4) => be_i32(bytes)
                .checked_add(POSTGRES_EPOCH)
                .and_then(|day| Date::from_julian_day(day).ok())
                .map(Cell::Date)
                .ok_or_else(|| wrong("date"))?,
            (ColumnType::Int, _) => return Err(wrong("entier")),
            (ColumnType::Bool, _) => return Err(wrong("booléen")),
            (ColumnType::Date, _) => return Err(wrong("date")),
            (ColumnType::Bytes, _) => return Err(format!("octets en colonne {index}")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row of the binary format: each field's bytes, or NULL.
    fn row(fields: &[Option<&[u8]>]) -> Vec<u8> {
        let mut out = (fields.len() as i16).to_be_bytes().to_vec();
        for field in fields {
            match field {
                None => out.extend_from_slice(&(-1i32).to_be_bytes()),
                Some(bytes) => {
                    out.extend_from_slice(&(bytes.len() as i32).to_be_bytes());
                    out.extend_from_slice(bytes);
                }
            }
        }
        out
    }

    #[test]
    fn the_header_is_read_whole_or_waited_for() {
        let mut data = SIGNATURE.to_vec();
        data.extend_from_slice(&0i32.to_be_bytes());
        data.extend_from_slice(&2i32.to_be_bytes());
        assert_eq!(header(&data), Ok(None), "its extension not there yet");
        data.extend_from_slice(b"xy");
        assert_eq!(header(&data), Ok(Some(21)));
        assert!(header(b"0821;1;enfant;2010-05-01\n").is_err());
        let mut with_oids = SIGNATURE.to_vec();
        with_oids.extend_from_slice(&0x0001_0000i32.to_be_bytes());
        with_oids.extend_from_slice(&0i32.to_be_bytes());
        assert!(header(&with_oids).is_err_and(|e| e.contains("0x10000")));
    }

    #[test]
    fn rows_are_read_where_they_end_and_the_trailer_ends_them() {
        let first = row(&[Some(b"0821"), None]);
        let second = row(&[Some(b"0822"), Some(b"x")]);
        let mut data = [first.clone(), second.clone()].concat();
        data.extend_from_slice(&TRAILER);
        let mut fields = Vec::new();
        assert_eq!(next_row(&data, 0, &mut fields), Ok(Next::Row(first.len())));
        assert_eq!(fields, [Some(&b"0821"[..]), None]);
        let after = first.len() + second.len();
        assert_eq!(next_row(&data, first.len(), &mut fields), Ok(Next::Row(after)));
        assert_eq!(fields, [Some(&b"0822"[..]), Some(&b"x"[..])]);
        assert_eq!(next_row(&data, after, &mut fields), Ok(Next::End));
        let cut = &second[..second.len() - 1];
        assert_eq!(next_row(cut, 0, &mut fields), Ok(Next::Incomplete));
        assert_eq!(next_row(&second[..1], 0, &mut fields), Ok(Next::Incomplete));
        let negative = [2i16.to_be_bytes().as_slice(), &(-2i32).to_be_bytes()].concat();
        assert!(next_row(&negative, 0, &mut fields).is_err_and(|e| e.contains("(-2)")));
        assert!(next_row(&(-3i16).to_be_bytes(), 0, &mut fields).is_err());
    }

    #[test]
    fn cells_follow_the_stored_types() {
        let days =
            (time::macros::date!(2024 - 02 - 29).to_julian_day() - POSTGRES_EPOCH).to_be_bytes();
        let income = 123_450i64.to_be_bytes();
        let fields: [Option<&[u8]>; 4] =
            [Some("Élodie".as_bytes()), Some(&income), None, Some(&days)];
        let columns: &'static [(&'static str, ColumnType)] = &[
            ("nom", ColumnType::Text),
            ("ressources", ColumnType::Int),
            ("pmr", ColumnType::Bool),
            ("date_depot", ColumnType::Date),
        ];
        let row = BinaryRow { columns, fields: &fields };
        assert_eq!(row.cell(0), Ok(Cell::Text("Élodie")));
        assert_eq!(row.cell(1), Ok(Cell::Int(123_450)));
        assert_eq!(row.cell(2), Ok(Cell::Null));
        assert_eq!(row.cell(3), Ok(Cell::Date(time::macros::date!(2024 - 02 - 29))));
        assert!(row.cell(4).is_err());
        let wrong: [Option<&[u8]>; 4] = [Some(b"\xff"), Some(b"123"), Some(b"\x01"), Some(b"1")];
        let row = BinaryRow { columns, fields: &wrong };
        assert!(row.cell(0).is_err_and(|e| e.contains("texte illisible")));
        assert!(row.cell(1).is_err_and(|e| e.contains("entier")));
        assert_eq!(row.cell(2), Ok(Cell::Int(1)));
        assert!(row.cell(3).is_err_and(|e| e.contains("date")));
    }
}
