//! Text-level rules of format v1: encoding detection (UTF-8 with or without BOM, else
//! Windows-1252) and the normalisation used to match column names and codes.

use std::borrow::Cow;
use std::io::{self, Read};
use unicode_normalization::UnicodeNormalization;

/// The encoding of a whole file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Windows1252,
}

/// What sniffing a file found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sniffed {
    pub encoding: Encoding,
    /// Length of the byte-order mark to skip (0 or 3).
    pub bom: usize,
    /// A NUL byte was seen: not a text file.
    pub binary: bool,
    pub empty: bool,
}

pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads a whole stream once, in chunks, to tell its encoding: UTF-8 if every byte sequence is
/// valid UTF-8, else Windows-1252. Memory stays bounded whatever the file size.
pub fn sniff(mut reader: impl Read) -> io::Result<Sniffed> {
    let mut buf = vec![0u8; 1 << 16];
    let mut carry: Vec<u8> = Vec::new();
    let mut utf8 = true;
    let mut binary = false;
    let mut first = true;
    let mut bom = 0;
    let mut total = 0usize;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        total += n;
        let mut chunk = &buf[..n];
        if first {
            first = false;
            if chunk.starts_with(UTF8_BOM) {
                bom = UTF8_BOM.len();
                chunk = &chunk[bom..];
            }
        }
        if chunk.contains(&0) {
            binary = true;
        }
        if utf8 {
            carry.extend_from_slice(chunk);
            match std::str::from_utf8(&carry) {
                Ok(_) => carry.clear(),
                // An incomplete sequence at the end of the chunk: keep it for the next one.
                Err(e) if e.error_len().is_none() => {
                    let keep = carry.split_off(e.valid_up_to());
                    carry = keep;
                }
                Err(_) => {
                    utf8 = false;
                    carry.clear();
                }
            }
        }
    }
    if !carry.is_empty() {
        utf8 = false;
    }
    Ok(Sniffed {
        encoding: if utf8 { Encoding::Utf8 } else { Encoding::Windows1252 },
        bom,
        binary,
        empty: total <= bom,
    })
}

/// Decodes one field's bytes with the file's encoding.
pub fn decode(bytes: &[u8], encoding: Encoding) -> Cow<'_, str> {
    match encoding {
        Encoding::Utf8 => String::from_utf8_lossy(bytes),
        Encoding::Windows1252 => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}

/// Normalises a column name or a code for matching: trims, removes accents, lower-cases, and
/// writes inner spaces and hyphens as `_` (`" Numéro Unique"` → `numero_unique`).
pub fn normalize(raw: &str) -> String {
    raw.trim()
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| if matches!(c, ' ' | '-' | '\u{a0}') { '_' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Shortens a value for a report line, so that a binary field or a huge cell stays readable.
pub fn excerpt(value: &str) -> String {
    const MAX: usize = 60;
    let clean: String =
        value.chars().map(|c| if c.is_control() { '\u{fffd}' } else { c }).take(MAX + 1).collect();
    if clean.chars().count() > MAX {
        format!("{}…", clean.chars().take(MAX).collect::<String>())
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_utf8_with_and_without_bom() {
        let s = sniff("numéro;x\n".as_bytes()).expect("in memory");
        assert_eq!((s.encoding, s.bom, s.binary), (Encoding::Utf8, 0, false));
        let s = sniff(&b"\xEF\xBB\xBFa;b\n"[..]).expect("in memory");
        assert_eq!((s.encoding, s.bom), (Encoding::Utf8, 3));
    }

    #[test]
    fn invalid_utf8_is_windows_1252() {
        let s = sniff(&b"num\xE9ro;x\n"[..]).expect("in memory");
        assert_eq!(s.encoding, Encoding::Windows1252);
        assert_eq!(decode(b"num\xE9ro \x80", s.encoding), "numéro €");
    }

    #[test]
    fn a_sequence_cut_between_chunks_is_still_utf8() {
        let mut data = vec![b'a'; (1 << 16) - 1];
        data.extend_from_slice("é".as_bytes());
        assert_eq!(sniff(&data[..]).expect("in memory").encoding, Encoding::Utf8);
    }

    #[test]
    fn binary_and_empty_files_are_noticed() {
        assert!(sniff(&b"PK\x03\x04\x00\x00"[..]).expect("in memory").binary);
        assert!(sniff(&b""[..]).expect("in memory").empty);
        assert!(sniff(UTF8_BOM).expect("in memory").empty);
    }

    #[test]
    fn names_match_without_case_spaces_or_accents() {
        assert_eq!(normalize(" Numéro_Unique "), "numero_unique");
        assert_eq!(normalize("DATE DÉPÔT"), "date_depot");
        assert_eq!(normalize("Typologies-Souhaitées"), "typologies_souhaitees");
    }
}
