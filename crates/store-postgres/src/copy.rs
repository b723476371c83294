//! Encoding rows in the text format of PostgreSQL's COPY.

use logis_store::Value;
use std::fmt::Write;

/// Appends one row (tab-separated, `\N` for NULL, newline-terminated) to `out`.
pub fn encode_row(row: &[Value], out: &mut String) {
    for (i, value) in row.iter().enumerate() {
        if i > 0 {
            out.push('\t');
        }
        match value {
            Value::Text(Some(text)) => escape(text, out),
            Value::Int(Some(n)) => {
                let _ = write!(out, "{n}");
            }
            Value::Bool(Some(b)) => out.push(if *b { 't' } else { 'f' }),
            Value::Date(Some(d)) => {
                let _ = write!(out, "{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day());
            }
            Value::Bytes(Some(bytes)) => {
                // bytea's hex form, its backslash escaped for COPY's text format.
                out.push_str("\\\\x");
                for byte in bytes {
                    let _ = write!(out, "{byte:02x}");
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

fn escape(text: &str, out: &mut String) {
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
    fn writes_bytes_in_bytea_hex_form() {
        let mut out = String::new();
        encode_row(&[Value::Bytes(Some(vec![0x25, 0xff, 0x0a])), Value::Bytes(None)], &mut out);
        assert_eq!(out, "\\\\x25ff0a\t\\N\n");
    }
}
