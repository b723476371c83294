//! A short, stable fingerprint of a grid's text (64-bit FNV-1a, in hexadecimal): two texts of
//! the same effective date are two versions.

pub fn of(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn fingerprints_differ_and_repeat() {
        assert_eq!(super::of("a"), super::of("a"));
        assert_ne!(super::of("a"), super::of("b"));
        assert_eq!(super::of("").len(), 16);
    }
}
