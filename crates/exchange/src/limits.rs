//! What the readers of a file set accept, whatever the input: the length of one CSV record,
//! and how far an archive's files may expand. Memory stays bounded by these limits on any
//! input, hostile or broken (a 4 MB archive that would expand to gigabytes, a field without
//! end).

/// The limits of a reading (the territory's settings; generous defaults for real files).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The longest record of a CSV file, in bytes: a longer one is an error of the report.
    pub record_bytes: u64,
    /// The most bytes an archive's files may expand to, all together.
    pub archive_bytes: u64,
    /// The most a file of an archive may expand, as its size over its compressed size.
    pub archive_ratio: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { record_bytes: 1 << 20, archive_bytes: 20 << 30, archive_ratio: 200 }
    }
}
