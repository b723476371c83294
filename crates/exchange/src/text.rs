//! Text-level rules of format v1: encoding detection — UTF-8 with or without BOM; Windows-1252
//! when the file holds no valid UTF-8 sequence of accented letters at all; UTF-16 with its
//! BOM, transcoded as it is read ([`Utf16ToUtf8`]) — and the normalisation used to match column
//! names and codes. A file written in UTF-8 whose few bytes are not is *not* read as
//! Windows-1252 (that would turn every « é » of the file into « Ã© »): where its first broken
//! byte is (line, byte) is reported instead ([`BrokenUtf8`]).

use std::borrow::Cow;
use std::io::{self, Read};
use unicode_normalization::UnicodeNormalization;

/// The encoding of a whole file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Windows1252,
    /// UTF-16 little-endian (BOM `FF FE`), transcoded to UTF-8 as it is read.
    Utf16Le,
    /// UTF-16 big-endian (BOM `FE FF`), transcoded to UTF-8 as it is read.
    Utf16Be,
}

/// The first byte of a UTF-8 file that is not UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BrokenUtf8 {
    /// Its line (from 1).
    pub line: u64,
    /// Its position in the line, in bytes (from 1).
    pub byte: u64,
    /// Its value.
    pub value: u8,
    /// How many broken sequences the file holds.
    pub count: u64,
}

/// What sniffing a file found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sniffed {
    pub encoding: Encoding,
    /// Length of the byte-order mark to skip (0, 2 or 3).
    pub bom: usize,
    /// A NUL byte was seen: not a text file.
    pub binary: bool,
    pub empty: bool,
    /// Valid UTF-8 mixed with bytes that are not: where the first one is.
    pub broken_utf8: Option<BrokenUtf8>,
}

pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const UTF16_LE_BOM: &[u8] = b"\xFF\xFE";
const UTF16_BE_BOM: &[u8] = b"\xFE\xFF";

/// Where the reading of a stream is, to locate a byte: its offset and its lines so far.
#[derive(Default)]
struct Cursor {
    offset: u64,
    lines: u64,
    line_start: u64,
}

impl Cursor {
    /// Moves over `bytes`.
    fn pass(&mut self, bytes: &[u8]) {
        // Counted first (a loop the compiler runs on many bytes at once), then the last one
        // found from the end: the sniffing of a national file reads a gigabyte and more.
        let newlines = bytes.iter().filter(|&&b| b == b'\n').count();
        if let Some(last) = bytes.iter().rposition(|&b| b == b'\n') {
            self.lines += newlines as u64;
            self.line_start = self.offset + last as u64 + 1;
        }
        self.offset += bytes.len() as u64;
    }
}

/// Reads a whole stream once, in chunks, to tell its encoding (see the module's documentation).
/// Memory stays bounded whatever the file size. It stops at a line longer than `line_limit`
/// bytes: its record is too long, and the file will be read no further than it.
pub fn sniff(mut reader: impl Read, line_limit: u64) -> io::Result<Sniffed> {
    let mut buf = vec![0u8; 1 << 16];
    let mut carry: Vec<u8> = Vec::new();
    let (mut binary, mut first, mut bom, mut total) = (false, true, 0, 0usize);
    let (mut accented, mut broken): (bool, Option<BrokenUtf8>) = (false, None);
    let mut cursor = Cursor::default();
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        total += n;
        let mut chunk = &buf[..n];
        if first {
            first = false;
            for (mark, encoding) in
                [(UTF16_LE_BOM, Encoding::Utf16Le), (UTF16_BE_BOM, Encoding::Utf16Be)]
            {
                if chunk.starts_with(mark) {
                    let empty = total <= mark.len() && reader.read(&mut buf[..1])? == 0;
                    return Ok(Sniffed {
                        encoding,
                        bom: mark.len(),
                        binary: false,
                        empty,
                        broken_utf8: None,
                    });
                }
            }
            if chunk.starts_with(UTF8_BOM) {
                bom = UTF8_BOM.len();
                chunk = &chunk[bom..];
                cursor.offset = bom as u64;
            }
        }
        binary |= chunk.contains(&0);
        carry.extend_from_slice(chunk);
        let mut rest: &[u8] = &carry;
        loop {
            match std::str::from_utf8(rest) {
                Ok(valid) => {
                    accented |= !valid.is_ascii();
                    cursor.pass(rest);
                    rest = &[];
                    break;
                }
                Err(e) => {
                    let (valid, after) = rest.split_at(e.valid_up_to());
                    accented |= !valid.is_ascii();
                    cursor.pass(valid);
                    let Some(len) = e.error_len() else {
                        rest = after; // an incomplete sequence: kept for the next chunk
                        break;
                    };
                    match &mut broken {
                        Some(b) => b.count += 1,
                        None => {
                            broken = Some(BrokenUtf8 {
                                line: cursor.lines + 1,
                                byte: cursor.offset - cursor.line_start + 1,
                                value: after[0],
                                count: 1,
                            })
                        }
                    }
                    cursor.pass(&after[..len]);
                    rest = &after[len..];
                }
            }
        }
        carry = rest.to_vec();
        if cursor.offset - cursor.line_start > line_limit {
            break;
        }
    }
    if !carry.is_empty() {
        let at = BrokenUtf8 {
            line: cursor.lines + 1,
            byte: cursor.offset - cursor.line_start + 1,
            value: carry[0],
            count: 1,
        };
        broken = Some(broken.map_or(at, |b| BrokenUtf8 { count: b.count + 1, ..b }));
    }
    // Broken bytes in a file that is otherwise UTF-8 (accented letters written as UTF-8, or a
    // UTF-8 BOM) are reported; a file with no UTF-8 at all is Windows-1252.
    let utf8_elsewhere = accented || bom > 0;
    let (encoding, broken_utf8) = match broken {
        None => (Encoding::Utf8, None),
        Some(b) if utf8_elsewhere => (Encoding::Utf8, Some(b)),
        Some(_) => (Encoding::Windows1252, None),
    };
    Ok(Sniffed { encoding, bom, binary, empty: total <= bom, broken_utf8 })
}

/// Decodes one field's bytes with the file's encoding (UTF-16 files reach the fields already
/// transcoded to UTF-8).
pub fn decode(bytes: &[u8], encoding: Encoding) -> Cow<'_, str> {
    match encoding {
        // Valid UTF-8 (nearly every cell) is checked by the standard library's fast path first.
        Encoding::Utf8 | Encoding::Utf16Le | Encoding::Utf16Be => {
            match std::str::from_utf8(bytes) {
                Ok(text) => Cow::Borrowed(text),
                Err(_) => String::from_utf8_lossy(bytes),
            }
        }
        Encoding::Windows1252 => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}

/// A UTF-16 stream (after its BOM) read as UTF-8.
pub struct Utf16ToUtf8<R> {
    input: R,
    decoder: encoding_rs::Decoder,
    raw: Vec<u8>,
    decoded: Vec<u8>,
    position: usize,
    finished: bool,
}

impl<R: Read> Utf16ToUtf8<R> {
    pub fn new(input: R, encoding: Encoding) -> Self {
        let decoder = match encoding {
            Encoding::Utf16Be => encoding_rs::UTF_16BE.new_decoder_without_bom_handling(),
            _ => encoding_rs::UTF_16LE.new_decoder_without_bom_handling(),
        };
        Utf16ToUtf8 {
            input,
            decoder,
            raw: vec![0; 1 << 15],
            decoded: Vec::new(),
            position: 0,
            finished: false,
        }
    }
}

impl<R: Read> Read for Utf16ToUtf8<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.position == self.decoded.len() {
            if self.finished {
                return Ok(0);
            }
            let n = self.input.read(&mut self.raw)?;
            let last = n == 0;
            // Up to three UTF-8 bytes for each UTF-16 code unit, plus a pending one.
            self.decoded.resize(n / 2 * 3 + 8, 0);
            let (_, _, written, _) =
                self.decoder.decode_to_utf8(&self.raw[..n], &mut self.decoded, last);
            self.decoded.truncate(written);
            self.position = 0;
            self.finished = last;
        }
        let n = out.len().min(self.decoded.len() - self.position);
        out[..n].copy_from_slice(&self.decoded[self.position..self.position + n]);
        self.position += n;
        Ok(n)
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
    use proptest::prelude::*;

    /// Bytes with many line breaks among them.
    fn lines_of_bytes() -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(prop_oneof![Just(b'\n'), any::<u8>()], 0..300)
    }

    proptest! {
        /// The cursor counts lines and finds where the last one starts as a byte-by-byte walk
        /// does, however the stream is cut into chunks.
        #[test]
        fn the_cursor_locates_lines_across_chunks(bytes in lines_of_bytes(), cut in 0usize..300) {
            let cut = cut.min(bytes.len());
            let mut cursor = Cursor::default();
            cursor.pass(&bytes[..cut]);
            cursor.pass(&bytes[cut..]);
            let (mut lines, mut line_start) = (0, 0);
            for (i, b) in bytes.iter().enumerate() {
                if *b == b'\n' {
                    lines += 1;
                    line_start = i as u64 + 1;
                }
            }
            prop_assert_eq!((cursor.offset, cursor.lines, cursor.line_start), (bytes.len() as u64, lines, line_start));
        }
    }

    #[test]
    fn sniffs_utf8_with_and_without_bom() {
        let s = sniff("numéro;x\n".as_bytes(), u64::MAX).expect("in memory");
        assert_eq!((s.encoding, s.bom, s.binary, s.broken_utf8), (Encoding::Utf8, 0, false, None));
        let s = sniff(&b"\xEF\xBB\xBFa;b\n"[..], u64::MAX).expect("in memory");
        assert_eq!((s.encoding, s.bom), (Encoding::Utf8, 3));
    }

    #[test]
    fn a_file_without_utf8_is_windows_1252() {
        let s = sniff(&b"num\xE9ro;x\n"[..], u64::MAX).expect("in memory");
        assert_eq!((s.encoding, s.broken_utf8), (Encoding::Windows1252, None));
        assert_eq!(decode(b"num\xE9ro \x80", s.encoding), "numéro €");
    }

    #[test]
    fn a_utf8_file_with_a_few_broken_bytes_says_where_the_first_one_is() {
        let mut text = "nom;prénom\nHélène;Zoé\nab".as_bytes().to_vec();
        text.extend(b"\xE9c;");
        text.extend("Noël\nx".as_bytes());
        text.extend(b"\xFF;y\n");
        let s = sniff(&text[..], u64::MAX).expect("in memory");
        assert_eq!(s.encoding, Encoding::Utf8);
        let broken = s.broken_utf8.expect("reported");
        assert_eq!((broken.line, broken.byte, broken.value, broken.count), (3, 3, 0xE9, 2));
        let with_bom = sniff(&b"\xEF\xBB\xBFa;b\n\xE9;c\n"[..], u64::MAX).expect("in memory");
        assert_eq!(
            with_bom.broken_utf8.map(|b| (b.line, b.byte)),
            Some((2, 1)),
            "the BOM says UTF-8"
        );
    }

    #[test]
    fn a_broken_byte_after_a_chunk_boundary_is_located() {
        let mut data = "é\n".as_bytes().to_vec();
        data.extend(vec![b'a'; (1 << 16) + 10]);
        data.push(0xC3); // a sequence cut by the end of the file
        let s = sniff(&data[..], u64::MAX).expect("in memory");
        let broken = s.broken_utf8.expect("reported");
        assert_eq!((broken.line, broken.byte), (2, (1 << 16) + 11));
    }

    #[test]
    fn utf16_files_are_transcoded() {
        for (bom, encode) in [
            (&b"\xFF\xFE"[..], u16::to_le_bytes as fn(u16) -> [u8; 2]),
            (&b"\xFE\xFF"[..], u16::to_be_bytes as fn(u16) -> [u8; 2]),
        ] {
            let mut data = bom.to_vec();
            data.extend("numéro;€\n".encode_utf16().flat_map(encode));
            let s = sniff(&data[..], u64::MAX).expect("in memory");
            assert_eq!((s.bom, s.binary, s.broken_utf8), (2, false, None));
            let mut text = String::new();
            Utf16ToUtf8::new(&data[2..], s.encoding).read_to_string(&mut text).expect("read");
            assert_eq!(text, "numéro;€\n");
        }
    }

    #[test]
    fn a_sequence_cut_between_chunks_is_still_utf8() {
        let mut data = vec![b'a'; (1 << 16) - 1];
        data.extend_from_slice("é".as_bytes());
        assert_eq!(sniff(&data[..], u64::MAX).expect("in memory").encoding, Encoding::Utf8);
    }

    #[test]
    fn binary_and_empty_files_are_noticed() {
        assert!(sniff(&b"PK\x03\x04\x00\x00"[..], u64::MAX).expect("in memory").binary);
        assert!(sniff(&b""[..], u64::MAX).expect("in memory").empty);
        assert!(sniff(UTF8_BOM, u64::MAX).expect("in memory").empty);
    }

    #[test]
    fn names_match_without_case_spaces_or_accents() {
        assert_eq!(normalize(" Numéro_Unique "), "numero_unique");
        assert_eq!(normalize("DATE DÉPÔT"), "date_depot");
        assert_eq!(normalize("Typologies-Souhaitées"), "typologies_souhaitees");
    }
}
