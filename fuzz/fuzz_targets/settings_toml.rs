//! Fuzz target of the texts a territory writes in TOML: any text, read as a cotation grid (its
//! small condition language included), as the bilan's settings and as the settings of personal
//! data — a located French error or a value, never a panic or a hang.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = logis_cotation::Grid::parse(text);
    let _ = logis_evaluation::Settings::parse(text);
    let _ = logis_privacy::PrivacySettings::parse(text);
    let _ = logis_eligibility::CeilingTables::parse(text);
});
