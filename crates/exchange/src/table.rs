//! Reading one CSV file of a set: separator detection, header matching, and rows decoded with
//! the file's encoding, in bounded memory (a record longer than the limit ends the reading of
//! its file with an error: [`crate::bounded`]).

use crate::bounded::{Next, Record, Records};
use crate::limits::Limits;
use crate::report::{Issue, Report};
use crate::schema::{Column, FileKind};
use crate::text::{self, Encoding, Sniffed, Utf16ToUtf8, normalize};
use logis_domain::spreadsheet::restored;
use std::borrow::Cow;
use std::io::{self, Read};

/// A header matched against the columns of its file kind.
pub struct Header {
    /// For each column of the kind, its index in the file's records.
    pub positions: Vec<Option<usize>>,
    pub width: usize,
}

/// One data row: the cells of the kind's columns (trimmed, empty = `None`), with its line.
/// Cells borrow the record being read when it is valid UTF-8 (no copy).
pub struct Row<'a> {
    pub line: u64,
    pub cells: Vec<Option<Cow<'a, str>>>,
}

/// Detects the separator from the header line: the one of `;` and `,` that appears more often
/// outside quotes (`;` on a tie).
pub fn detect_separator(header_line: &[u8]) -> u8 {
    let (mut semicolons, mut commas, mut quoted) = (0, 0, false);
    for &b in header_line {
        match b {
            b'"' => quoted = !quoted,
            b';' if !quoted => semicolons += 1,
            b',' if !quoted => commas += 1,
            _ => {}
        }
    }
    if commas > semicolons { b',' } else { b';' }
}

/// Reads the first line (up to 64 KiB) of a stream to detect its separator; returns the bytes
/// read so that they can be replayed.
fn peek_header(reader: &mut dyn Read) -> io::Result<Vec<u8>> {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while head.len() < (1 << 16) {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buf[..n]);
        if buf[..n].contains(&b'\n') {
            break;
        }
    }
    Ok(head)
}

fn match_header(
    kind: FileKind,
    file: &str,
    names: &[String],
    report: &mut Report,
) -> Option<Header> {
    let columns = kind.columns();
    let mut positions: Vec<Option<usize>> = vec![None; columns.len()];
    let mut ok = true;
    for (index, raw) in names.iter().enumerate() {
        let name = normalize(raw);
        match columns.iter().position(|c| c.name == name) {
            Some(col) if positions[col].is_some() => {
                report.error(
                    Issue::row(file, 1, "colonne présente deux fois dans l'en-tête")
                        .column(columns[col].name),
                );
                ok = false;
            }
            Some(col) => positions[col] = Some(index),
            None if name.is_empty() => {}
            None => report.warning(
                Issue::row(file, 1, "colonne inconnue, ignorée").value(raw).expected(format!(
                    "les colonnes de {} décrites dans le format d'échange v1",
                    kind.file_name()
                )),
            ),
        }
    }
    for (col, position) in columns.iter().zip(&positions) {
        if position.is_none() && (col.required || kind.must_be_present(col.name)) {
            report.error(
                Issue::file(
                    file,
                    format!("colonne obligatoire absente de l'en-tête : {}", col.name),
                )
                .expected(header_hint(columns)),
            );
            ok = false;
        }
    }
    ok.then_some(Header { positions, width: names.len() })
}

fn header_hint(columns: &[Column]) -> String {
    let names: Vec<&str> = columns.iter().filter(|c| c.required).map(|c| c.name).collect();
    format!("un en-tête avec au moins {}", names.join(";"))
}

/// What the splitting thread made of one record, for the checking thread.
enum Split<P> {
    /// A blank line, skipped.
    Blank,
    /// A record whose cells are not as many as the header's columns: its problem.
    Misshapen(Issue),
    /// A well-formed row, parsed.
    Parsed(P),
}

/// A file about to be read: its kind, its name in reports, what its sniffing found and the
/// limits its records are read under.
pub struct FileToRead<'a> {
    pub kind: FileKind,
    pub name: &'a str,
    pub sniffed: Sniffed,
    pub limits: &'a Limits,
}

/// Streams the rows of one file. File-level problems (empty, binary, broken UTF-8, missing
/// columns, a record too long) are reported and end the reading; row-level problems are
/// reported and the row skipped. Every well-formed row is given to `parse` on the thread that
/// splits the file into records, then what it made of it to `each`, in the file's order, on a
/// thread that checks them meanwhile ([`crate::ahead`]).
pub fn read_rows<P: Send>(
    to_read: FileToRead<'_>,
    reader: &mut dyn Read,
    report: &mut Report,
    mut parse: impl FnMut(Row<'_>) -> P,
    mut each: impl FnMut(P, &mut Report) + Send,
) -> io::Result<()> {
    let FileToRead { kind, name: file, sniffed, limits } = to_read;
    if sniffed.empty {
        report.error(Issue::file(
            file,
            "fichier vide : il doit au moins contenir la ligne d'en-tête",
        ));
        return Ok(());
    }
    if sniffed.binary {
        report.error(Issue::file(
            file,
            "ce fichier n'est pas un texte CSV (il contient des octets binaires) : \
             enregistrez-le au format CSV depuis votre tableur",
        ));
        return Ok(());
    }
    if let Some(broken) = sniffed.broken_utf8 {
        let more = match broken.count {
            1 => String::new(),
            n => format!(" (et {} autres plus loin)", n - 1),
        };
        report.error(
            Issue::row(
                file,
                broken.line,
                format!(
                    "octet {:#04X} au {} octet de la ligne : ce n'est pas de l'UTF-8, alors que le reste du fichier l'est{more}",
                    broken.value,
                    logis_domain::french::ordinal(broken.byte, logis_domain::french::Gender::Masculine)
                ),
            )
            .expected("un fichier entièrement en UTF-8 : corrigez ces caractères, ou enregistrez de nouveau le fichier en « CSV UTF-8 » depuis votre tableur"),
        );
        return Ok(());
    }
    let mut bom = [0u8; 3];
    reader.read_exact(&mut bom[..sniffed.bom])?;
    let mut transcoded;
    let reader: &mut dyn Read = match sniffed.encoding {
        Encoding::Utf16Le | Encoding::Utf16Be => {
            transcoded = Utf16ToUtf8::new(reader, sniffed.encoding);
            &mut transcoded
        }
        _ => reader,
    };
    let head = peek_header(reader)?;
    let separator = detect_separator(&head);
    let chained = io::Cursor::new(head).chain(reader);
    let mut records = Records::new(chained, separator, limits.record_bytes);
    let mut record = Record::default();
    if !read_record(&mut records, &mut record, file, limits, report)? {
        if !report.has_errors() {
            report.error(Issue::file(
                file,
                "fichier vide : il doit au moins contenir la ligne d'en-tête",
            ));
        }
        return Ok(());
    }
    let names: Vec<String> =
        record.iter().map(|f| text::decode(f, sniffed.encoding).into_owned()).collect();
    let Some(header) = match_header(kind, file, &names, report) else {
        return Ok(());
    };
    let mut rows = 0u64;
    let encoding = sniffed.encoding;
    let ended = crate::ahead::each_record(
        &mut records,
        |record| {
            let line = record.line();
            if record.len() == 1
                && record.get(0).is_some_and(|f| f.iter().all(u8::is_ascii_whitespace))
            {
                return Split::Blank;
            }
            if record.len() != header.width {
                return Split::Misshapen(
                    Issue::row(file, line, format!("{} colonnes au lieu de {}", record.len(), header.width))
                        .expected("autant de cellules que de colonnes dans l'en-tête ; un texte qui contient le séparateur doit être entre guillemets"),
                );
            }
            let whole = whole_text(record, encoding);
            let cells =
                header.positions.iter().map(|p| cell(record, whole, (*p)?, encoding)).collect();
            Split::Parsed(parse(Row { line, cells }))
        },
        |split| {
            if !matches!(split, Split::Blank) {
                rows += 1;
            }
            match split {
                Split::Blank => {}
                Split::Misshapen(issue) => report.error(issue),
                Split::Parsed(parsed) => each(parsed, report),
            }
        },
    );
    report_end(ended?, file, limits, report);
    if rows == 0 && !report.has_errors() {
        report.warning(Issue::file(
            file,
            "aucune ligne de données : le fichier ne contient que l'en-tête",
        ));
    }
    Ok(())
}

/// The record's fields as one text, when they are valid UTF-8 all together: one check for the
/// whole record instead of one per cell. A field is then read from it when it starts and ends
/// on characters' bounds; one that does not is decoded alone, by [`trimmed`] (defensive: a
/// file whose separator splits a character is refused by the sniffing before it is read).
fn whole_text(record: &Record, encoding: Encoding) -> Option<&str> {
    match encoding {
        Encoding::Utf8 | Encoding::Utf16Le | Encoding::Utf16Be => {
            std::str::from_utf8(record.bytes()).ok()
        }
        Encoding::Windows1252 => None,
    }
}

/// Field `i` of `record` as a cell, read from the record's `whole` text when it has one.
fn cell<'r>(
    record: &'r Record,
    whole: Option<&'r str>,
    i: usize,
    encoding: Encoding,
) -> Option<Cow<'r, str>> {
    match whole.and_then(|text| text.get(record.range(i)?)) {
        Some(text) => kept(text).map(Cow::Borrowed),
        None => trimmed(record.get(i)?, encoding),
    }
}

/// A cell decoded with the file's encoding, then [`kept`].
fn trimmed(bytes: &[u8], encoding: Encoding) -> Option<Cow<'_, str>> {
    match text::decode(bytes, encoding) {
        Cow::Borrowed(s) => kept(s).map(Cow::Borrowed),
        Cow::Owned(s) => kept(&s).map(|s| Cow::Owned(s.to_owned())),
    }
}

/// A cell's text, a spreadsheet's neutralising quote taken away (`logis_domain::spreadsheet`),
/// trimmed; `None` when empty.
fn kept(cell: &str) -> Option<&str> {
    Some(trim(restored(cell))).filter(|s| !s.is_empty())
}

/// `text` without the white space around it. Most cells have none, which their first and last
/// bytes tell: an ASCII character that is not white space.
fn trim(text: &str) -> &str {
    let plain =
        |byte: Option<&u8>| byte.is_some_and(|b| b.is_ascii() && !char::from(*b).is_whitespace());
    let bytes = text.as_bytes();
    if plain(bytes.first()) && plain(bytes.last()) { text } else { text.trim() }
}

/// Reads the next record; a record too long is an error that ends the file's reading (the
/// rest is not read: a hostile file may hold gigabytes more), an IO error ends the file.
fn read_record(
    records: &mut Records<impl Read>,
    record: &mut Record,
    file: &str,
    limits: &Limits,
    report: &mut Report,
) -> io::Result<bool> {
    let next = records.next(record)?;
    Ok(report_end(next, file, limits, report))
}

/// Whether `next` is a record; a record over the limits is reported (the reading stops there).
fn report_end(next: Next, file: &str, limits: &Limits, report: &mut Report) -> bool {
    match next {
        Next::Record => true,
        Next::End => false,
        Next::TooLong { line } => {
            report.error(
                Issue::row(
                    file,
                    line,
                    format!(
                        "ligne de plus de {} Ko : la lecture du fichier s'arrête là",
                        limits.record_bytes / 1024
                    ),
                )
                .expected("des lignes de quelques centaines de caractères ; un guillemet ouvert et jamais fermé fait souvent d'un fichier une seule ligne"),
            );
            false
        }
        Next::TooManyFields { line } => {
            report.error(
                Issue::row(
                    file,
                    line,
                    format!(
                        "ligne de plus de {} colonnes : la lecture du fichier s'arrête là",
                        crate::bounded::MAX_FIELDS
                    ),
                )
                .expected("autant de cellules que de colonnes dans l'en-tête"),
            );
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The shortcut for cells without white space around them trims as `str::trim` does.
        #[test]
        fn cells_are_trimmed_as_the_standard_library_trims(text in "[ \t\u{0B}\u{A0}\u{2003}aé;]{0,8}") {
            prop_assert_eq!(trim(&text), text.trim());
        }
    }

    #[test]
    fn cells_are_read_whole_or_alone_when_a_character_straddles_two_fields() {
        let read = |bytes: &[u8]| {
            let mut records = Records::new(bytes, b';', 1 << 20);
            let mut record = Record::default();
            records.next(&mut record).expect("in memory");
            let whole = whole_text(&record, Encoding::Utf8);
            let cells: Vec<Option<String>> = (0..record.len())
                .map(|i| cell(&record, whole, i, Encoding::Utf8).map(Cow::into_owned))
                .collect();
            (whole.is_some(), cells)
        };
        let (whole, cells) = read(" é ;'=1; \n".as_bytes());
        assert!(whole);
        assert_eq!(cells, [Some("é".to_owned()), Some("=1".to_owned()), None]);
        // \xC3 ends the first field and \xA9 starts the second: together they are « é », valid
        // UTF-8 for the record as a whole, not for either field.
        let (whole, cells) = read(b"a\xC3;\xA9b\n");
        assert!(whole);
        assert_eq!(cells, [Some("a\u{FFFD}".to_owned()), Some("\u{FFFD}b".to_owned())]);
    }

    #[test]
    fn separator_is_detected_outside_quotes() {
        assert_eq!(detect_separator(b"a;b;c\n"), b';');
        assert_eq!(detect_separator(b"a,b,c\n"), b',');
        assert_eq!(detect_separator(b"\"a;b\",c,d\n"), b',');
        assert_eq!(detect_separator(b"single\n"), b';');
    }
}
