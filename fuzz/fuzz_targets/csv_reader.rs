//! Fuzz target of the CSV reader: any bytes, read as each file kind of format v1, must give a
//! report, never a panic, a hang or unbounded memory.

#![no_main]

use libfuzzer_sys::fuzz_target;
use logis_domain::{Attribution, Demande, Logement, Organisme, Seuils};
use logis_exchange::{MembreRow, Report, read_bytes};

fuzz_target!(|data: &[u8]| {
    let mut report = Report::default();
    read_bytes::<Demande>("demandes.csv", data, &mut report, |_, _| {});
    read_bytes::<MembreRow>("membres.csv", data, &mut report, |_, _| {});
    read_bytes::<Logement>("logements.csv", data, &mut report, |_, _| {});
    read_bytes::<Attribution>("attributions.csv", data, &mut report, |_, _| {});
    read_bytes::<Organisme>("organismes.csv", data, &mut report, |_, _| {});
    read_bytes::<Seuils>("seuils.csv", data, &mut report, |_, _| {});
});
