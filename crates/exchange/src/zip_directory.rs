//! What an archive announces at its end, read before its central directory is: how many
//! entries it holds and how large its directory is, from every end record found (the classic
//! one and the Zip64 one), so that a crafted archive cannot hide its size behind either.

use std::io::{self, Read, Seek, SeekFrom};

/// The largest central directory accepted: some 10 000 entries' worth, where format v1 has six.
pub const MAX_DIRECTORY_BYTES: u64 = 1 << 20;

/// What the end records of an archive announce (the largest of what each says).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Announced {
    pub entries: u64,
    pub directory_bytes: u64,
}

const END: &[u8; 4] = b"PK\x05\x06";
const ZIP64_LOCATOR: &[u8; 4] = b"PK\x06\x07";
const ZIP64_END: &[u8; 4] = b"PK\x06\x06";
/// The classic end record without its comment.
const END_LENGTH: u64 = 22;
const LOCATOR_LENGTH: usize = 20;
const ZIP64_END_LENGTH: usize = 56;

fn u16_at(bytes: &[u8], at: usize) -> Option<u64> {
    bytes.get(at..at + 2).map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u64> {
    bytes.get(at..at + 4).map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    bytes.get(at..at + 8).map(|b| u64::from_le_bytes(b.try_into().expect("eight bytes")))
}

/// What the archive `file` announces; `None` when it has no end record (not an archive).
pub fn announced<F: Read + Seek>(file: &mut F) -> io::Result<Option<Announced>> {
    let length = file.seek(SeekFrom::End(0))?;
    let tail_length = length.min(END_LENGTH + u64::from(u16::MAX));
    let tail_start = length - tail_length;
    file.seek(SeekFrom::Start(tail_start))?;
    let mut tail = vec![0; tail_length as usize];
    file.read_exact(&mut tail)?;
    let mut found: Option<Announced> = None;
    // Every candidate counts: a reader might take any of them for the real one.
    let candidates: Vec<usize> =
        tail.windows(4).enumerate().filter(|(_, w)| w == END).map(|(at, _)| at).collect();
    for at in candidates {
        let mut seen = Announced {
            entries: u16_at(&tail, at + 8).unwrap_or(0).max(u16_at(&tail, at + 10).unwrap_or(0)),
            directory_bytes: u32_at(&tail, at + 12).unwrap_or(0),
        };
        if let Some(zip64) = zip64_end(file, &tail, tail_start, at)? {
            // The classic record's all-ones fields only say « see the Zip64 record ».
            let classic = |value: u64, all_ones: u64| if value == all_ones { 0 } else { value };
            seen.entries = classic(seen.entries, 0xFFFF).max(zip64.entries);
            seen.directory_bytes =
                classic(seen.directory_bytes, 0xFFFF_FFFF).max(zip64.directory_bytes);
        }
        let so_far = found.get_or_insert_with(Announced::default);
        so_far.entries = so_far.entries.max(seen.entries);
        so_far.directory_bytes = so_far.directory_bytes.max(seen.directory_bytes);
    }
    Ok(found)
}

/// The Zip64 end record that the locator just before the classic end record at `at` points
/// to, if there is one.
fn zip64_end<F: Read + Seek>(
    file: &mut F,
    tail: &[u8],
    tail_start: u64,
    at: usize,
) -> io::Result<Option<Announced>> {
    let Some(locator) = at.checked_sub(LOCATOR_LENGTH).and_then(|l| tail.get(l..at)) else {
        return Ok(None);
    };
    if &locator[..4] != ZIP64_LOCATOR {
        return Ok(None);
    }
    let Some(offset) = u64_at(locator, 8) else { return Ok(None) };
    let record_end = offset.checked_add(ZIP64_END_LENGTH as u64);
    if record_end.is_none_or(|end| end > tail_start + at as u64) {
        // Pointing past the locator itself: not a record a reader could use, but say so.
        return Err(io::Error::new(io::ErrorKind::InvalidData, "Zip64 mal formé"));
    }
    let mut record = [0u8; ZIP64_END_LENGTH];
    file.seek(SeekFrom::Start(offset))?;
    file.read_exact(&mut record)?;
    if &record[..4] != ZIP64_END {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "Zip64 mal formé"));
    }
    Ok(Some(Announced {
        entries: u64_at(&record, 24).unwrap_or(0).max(u64_at(&record, 32).unwrap_or(0)),
        directory_bytes: u64_at(&record, 40).unwrap_or(0),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    /// A classic end record announcing `on_disk` and `total` entries and a directory of
    /// `directory` bytes.
    fn end(on_disk: u16, total: u16, directory: u32) -> Vec<u8> {
        let mut r = END.to_vec();
        r.extend_from_slice(&[0; 4]); // disk numbers
        r.extend_from_slice(&on_disk.to_le_bytes());
        r.extend_from_slice(&total.to_le_bytes());
        r.extend_from_slice(&directory.to_le_bytes());
        r.extend_from_slice(&0u32.to_le_bytes()); // directory offset
        r.extend_from_slice(&0u16.to_le_bytes()); // comment length
        r
    }

    /// A Zip64 end record and its locator, for a record at `offset`.
    fn zip64(offset: u64, entries: u64, directory: u64) -> (Vec<u8>, Vec<u8>) {
        let mut record = ZIP64_END.to_vec();
        record.extend_from_slice(&44u64.to_le_bytes()); // size of the rest
        record.extend_from_slice(&[45, 0, 45, 0]); // versions
        record.extend_from_slice(&[0; 8]); // disk numbers
        record.extend_from_slice(&entries.to_le_bytes());
        record.extend_from_slice(&entries.to_le_bytes());
        record.extend_from_slice(&directory.to_le_bytes());
        record.extend_from_slice(&0u64.to_le_bytes()); // directory offset
        let mut locator = ZIP64_LOCATOR.to_vec();
        locator.extend_from_slice(&0u32.to_le_bytes());
        locator.extend_from_slice(&offset.to_le_bytes());
        locator.extend_from_slice(&1u32.to_le_bytes());
        (record, locator)
    }

    fn read(bytes: Vec<u8>) -> Option<Announced> {
        announced(&mut Cursor::new(bytes)).expect("readable")
    }

    #[test]
    fn the_classic_record_is_read() {
        let mut bytes = vec![0u8; 100];
        bytes.extend(end(6, 6, 300));
        assert_eq!(read(bytes), Some(Announced { entries: 6, directory_bytes: 300 }));
        assert_eq!(read(vec![0u8; 100]), None, "no end record: not an archive");
    }

    #[test]
    fn either_count_of_the_classic_record_is_believed() {
        let mut bytes = vec![0u8; 10];
        bytes.extend(end(60_000, 6, 300));
        assert_eq!(read(bytes).map(|a| a.entries), Some(60_000));
    }

    #[test]
    fn the_zip64_record_cannot_hide_the_count() {
        let mut bytes = vec![0u8; 64];
        let (record, locator) = zip64(64, 5_000_000, 400_000_000);
        bytes.extend(record);
        bytes.extend(locator);
        bytes.extend(end(0xFFFF, 0xFFFF, 0xFFFF_FFFF));
        assert_eq!(
            read(bytes),
            Some(Announced { entries: 5_000_000, directory_bytes: 400_000_000 })
        );
    }

    #[test]
    fn a_zip64_locator_pointing_nowhere_is_refused() {
        let mut bytes = vec![0u8; 64];
        let (_, locator) = zip64(10_000, 1, 1);
        bytes.extend(locator);
        bytes.extend(end(1, 1, 1));
        assert!(announced(&mut Cursor::new(bytes)).is_err());
    }

    #[test]
    fn a_decoy_record_in_the_comment_is_counted_too() {
        let mut bytes = vec![0u8; 10];
        bytes.extend(end(60_000, 60_000, 300));
        let mut last = end(2, 2, 100);
        let decoy = end(3, 3, 100);
        last.truncate(20);
        last.extend_from_slice(&(decoy.len() as u16).to_le_bytes());
        last.extend(decoy);
        bytes.extend(last);
        assert_eq!(read(bytes).map(|a| a.entries), Some(60_000));
    }
}
