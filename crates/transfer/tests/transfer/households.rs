//! Households re-imported through their digests: those equal to the stored ones are not
//! written, and one whose rows come apart in the file keeps every member, whether its first
//! part was the stored household (not written when it was read) or not.

use crate::support::{every_backend, export_texts, import, sorted_lines, texts_as_set};
use logis_exchange::FileKind;

/// The lines of a file of members, by numéro, in the order the numéros first come.
fn households(text: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines().skip(1) {
        let numero = line.split(';').next().expect("a numéro").to_owned();
        match out.iter_mut().find(|(n, _)| *n == numero) {
            Some((_, lines)) => lines.push(line.to_owned()),
            None => out.push((numero, vec![line.to_owned()])),
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_household_apart_in_the_file_keeps_every_member_on_a_reimport() {
    let generated = tempfile::tempdir().expect("temporary folder");
    logis_synth::generate(logis_synth::Scale::Cctc, 11, generated.path(), &|_, _| {})
        .expect("generate");
    for backend in every_backend().await {
        let store = &*backend.store;
        assert!(import(store, generated.path()).await.written, "{}", backend.name);
        let before = export_texts(store).await;
        let header = before["membres.csv"].lines().next().expect("header").to_owned();
        let all = households(&before["membres.csv"]);
        // A: read whole first, as stored, and one more member much later in the file.
        // B (two members at least): its first member first, the others at the end.
        let (a, a_lines) = all[0].clone();
        let (b, b_lines) = all.iter().skip(1).find(|(_, l)| l.len() >= 2).cloned().expect("B");
        let added = format!("{a};{};enfant;2020-02-29", a_lines.len() + 1);
        let mut lines = vec![header];
        lines.extend(a_lines.iter().cloned());
        lines.push(b_lines[0].clone());
        for (numero, household) in &all {
            if *numero != a && *numero != b {
                lines.extend(household.iter().cloned());
            }
        }
        lines.push(added.clone());
        lines.extend(b_lines[1..].iter().cloned());
        let mut texts = before.clone();
        texts.insert("membres.csv".into(), lines.join("\n") + "\n");
        let set = texts_as_set(&texts);

        let outcome = logis_testkit::reimport(store, set.path()).await;
        assert!(outcome.written, "{}: {:?}", backend.name, outcome.report.errors);
        let written = outcome.changed[&FileKind::Membres];
        assert!(
            (a_lines.len() as u64 + 1..=(a_lines.len() + 1 + b_lines.len()) as u64)
                .contains(&written),
            "{}: household A rewritten with its new member (B perhaps, as it came apart), no \
             other: {written}",
            backend.name
        );
        let after = export_texts(store).await;
        let mut expected = sorted_lines(&before)["membres.csv"].clone();
        expected.push(added.clone());
        expected.sort();
        let found = &sorted_lines(&after)["membres.csv"];
        let missing: Vec<&String> = expected.iter().filter(|l| !found.contains(l)).collect();
        let extra: Vec<&String> = found.iter().filter(|l| !expected.contains(l)).collect();
        assert!(
            missing.is_empty() && extra.is_empty() && found.len() == expected.len(),
            "{}: every member kept, the new one added; missing {:?}, extra {:?}",
            backend.name,
            &missing[..missing.len().min(5)],
            &extra[..extra.len().min(5)]
        );
        for file in ["demandes.csv", "logements.csv", "attributions.csv"] {
            assert_eq!(after[file].len(), before[file].len(), "{}: {file}", backend.name);
        }
        backend.finish().await;
    }
}
