//! Hostile archives for the tests of the readers' limits: a `.zip` holding `demandes.csv`,
//! its header line then one field of `x` without end — gigabytes of it in a few megabytes,
//! written without ever holding them (the deflate stream of one mebibyte of `x` after a full
//! flush is always the same: it is repeated). Its headers announce the size the test chooses:
//! the truth, or a lie. (Its CRC is not computed: the readers never reach the end.)

use flate2::{Compress, Compression, FlushCompress};
use std::io::Write;
use std::path::Path;

const MIB: usize = 1 << 20;

fn deflated(compressor: &mut Compress, input: &[u8], flush: FlushCompress) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() / 100 + 1024);
    let mut consumed = 0;
    loop {
        out.reserve(64 << 10);
        let before = compressor.total_in();
        compressor.compress_vec(&input[consumed..], &mut out, flush).expect("deflate");
        consumed += (compressor.total_in() - before) as usize;
        if consumed == input.len() && out.len() < out.capacity() {
            return out;
        }
    }
}

/// What the archive's headers announce of its file's size once decompressed.
#[derive(Debug, Clone, Copy)]
pub enum Announced {
    /// Its true size (less than 4 Gio: no ZIP64 here).
    Truth,
    /// That many bytes.
    Lie(u32),
}

/// Writes at `path` a zip whose `demandes.csv` is a header line then a field of `field_mib`
/// mebibytes of `x`, its headers announcing `announced` once decompressed.
pub fn zip_bomb(path: &Path, field_mib: usize, announced: Announced) {
    let header = b"numero_unique;date_depot;statut;situation_logement;ressources_mensuelles;communes_souhaitees\n";
    let declared = match announced {
        Announced::Truth => u32::try_from(header.len() + field_mib * MIB).expect("under 4 Gio"),
        Announced::Lie(size) => size,
    };
    let mut compressor = Compress::new(Compression::best(), false);
    let mut first = header.to_vec();
    first.extend(std::iter::repeat_n(b'x', MIB));
    let opening = deflated(&mut compressor, &first, FlushCompress::Full);
    let block = deflated(&mut compressor, &[b'x'; MIB], FlushCompress::Full);
    let again = deflated(&mut compressor, &[b'x'; MIB], FlushCompress::Full);
    assert_eq!(block, again, "after a full flush, the same input deflates the same");
    let closing = deflated(&mut compressor, &[], FlushCompress::Finish);
    let compressed = opening.len() + block.len() * (field_mib - 1) + closing.len();
    let compressed = u32::try_from(compressed).expect("a few megabytes");
    let name = b"demandes.csv";
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("create the archive"));
    let mut entry = Vec::new();
    let u16le = |v: u16| v.to_le_bytes();
    let u32le = |v: u32| v.to_le_bytes();
    // Version 2.0, no flag, deflate, 1 January 1980, CRC left at 0.
    for part in [&u16le(20)[..], &u16le(0), &u16le(8), &u16le(0), &u16le(0x21), &u32le(0)] {
        entry.extend_from_slice(part);
    }
    for part in [&u32le(compressed)[..], &u32le(declared), &u16le(name.len() as u16), &u16le(0)] {
        entry.extend_from_slice(part);
    }
    out.write_all(&u32le(0x0403_4b50)).expect("write");
    out.write_all(&entry).expect("write");
    out.write_all(name).expect("write");
    out.write_all(&opening).expect("write");
    for _ in 1..field_mib {
        out.write_all(&block).expect("write");
    }
    out.write_all(&closing).expect("write");
    let directory_at = 30 + name.len() as u32 + compressed;
    let mut directory = u32le(0x0201_4b50).to_vec();
    directory.extend_from_slice(&u16le(20));
    directory.extend_from_slice(&entry);
    // No comment, disk 0, no attributes, the local header at the start.
    for part in [&u16le(0)[..], &u16le(0), &u16le(0), &u32le(0), &u32le(0)] {
        directory.extend_from_slice(part);
    }
    directory.extend_from_slice(name);
    out.write_all(&directory).expect("write");
    let mut end = u32le(0x0605_4b50).to_vec();
    for part in [&u16le(0)[..], &u16le(0), &u16le(1), &u16le(1)] {
        end.extend_from_slice(part);
    }
    end.extend_from_slice(&u32le(directory.len() as u32));
    end.extend_from_slice(&u32le(directory_at));
    end.extend_from_slice(&u16le(0));
    out.write_all(&end).expect("write");
    out.flush().expect("flush");
}
