//! Encoding rows in the text format of PostgreSQL's COPY.

use logis_domain::iso_date::IsoDate;
use logis_store::Value;

/// Appends one row (tab-separated, `\N` for NULL, newline-terminated) to `out`.
pub fn encode_row(row: &[Value], out: &mut String) {
    for (i, value) in row.iter().enumerate() {
        if i > 0 {
            out.push('\t');
        }
        match value {
            Value::Text(Some(text)) => escape(text, out),
            Value::Int(Some(n)) => out.push_str(itoa::Buffer::new().format(*n)),
            Value::Bool(Some(b)) => out.push(if *b { 't' } else { 'f' }),
            Value::Date(Some(d)) => out.push_str(IsoDate::new(*d).as_str()),
            Value::Bytes(Some(bytes)) => {
                // bytea's hex form, its backslash escaped for COPY's text format.
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\\\x");
                out.reserve(2 * bytes.len());
                for byte in bytes {
                    out.push(char::from(HEX[usize::from(byte >> 4)]));
                    out.push(char::from(HEX[usize::from(byte & 0xf)]));
                }
            }
            Value::Text(None)
            | Value::Int(None)
            | Value::Bool(None)
            | Value::Date(None)
            | Value::Bytes(None) => out.push_str("\\N"),
        }
    }
    out.push('\n');
}

/// Appends `text` with COPY's special characters escaped; most texts have none and are copied
/// whole.
fn escape(text: &str, out: &mut String) {
    let special = |b: &u8| matches!(b, b'\\' | b'\t' | b'\n' | b'\r');
    if !text.as_bytes().iter().any(special) {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_copy_specials() {
        let mut out = String::new();
        encode_row(
            &[Value::Text(Some("a\tb\\c\nd".into())), Value::Int(None), Value::Bool(Some(true))],
            &mut out,
        );
        assert_eq!(out, "a\\tb\\\\c\\nd\t\\N\tt\n");
    }

    #[test]
    fn writes_numbers_dates_and_plain_texts_as_they_read() {
        let mut out = String::new();
        let date = time::macros::date!(2025 - 03 - 07);
        encode_row(
            &[
                Value::Int(Some(-1_234_567)),
                Value::Int(Some(i64::MIN)),
                Value::Date(Some(date)),
                Value::Text(Some("Élodie Dupré".into())),
                Value::Bool(Some(false)),
            ],
            &mut out,
        );
        assert_eq!(out, "-1234567\t-9223372036854775808\t2025-03-07\tÉlodie Dupré\tf\n");
    }

    #[test]
    fn writes_bytes_in_bytea_hex_form() {
        let mut out = String::new();
        encode_row(&[Value::Bytes(Some(vec![0x25, 0xff, 0x0a])), Value::Bytes(None)], &mut out);
        assert_eq!(out, "\\\\x25ff0a\t\\N\n");
    }
}
