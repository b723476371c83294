//! The stock → flow inventory as a short document to sign: for each landlord, the dwellings
//! reserved to each holder, their lettings over the three years before, the turnover and the
//! share of the flow proposed, then the place, the date and a box to sign for the landlord and
//! each holder.

use super::Names;
use super::words::share;
use crate::document::{Block, Document, Section, Table, paragraph};
use logis_domain::french::{decimal, int};
use logis_flux::inventory::Inventory;

const FOOTER: &str = "Passage des réservations en stock aux réservations en flux (décret n° 2020-145 du 20 février 2020) · établi avec Logis à partir des logements et des attributions enregistrés";

/// The inventories prepared in `year`, one part per landlord, each ending with its
/// signatures.
pub fn inventory_document(year: i32, inventories: &[Inventory], names: &Names) -> Document {
    let (first, last) = (year - 3, year - 1);
    let title = format!("Passage à la gestion en flux : parts proposées pour {year}");
    let about = format!("inventaire du stock réservé et de ses attributions de {first} à {last}");
    let (subtitle, running_head) = match inventories {
        [one] => {
            let name = names.organisme(&one.bailleur);
            (format!("{name} — {about}"), format!("{name} · Parts de flux proposées pour {year}"))
        }
        _ => (
            format!("Tous les bailleurs du territoire — {about}"),
            format!("Parts de flux proposées pour {year} · tous les bailleurs"),
        ),
    };
    let mut sections: Vec<Section> = inventories.iter().map(|i| section(i, names)).collect();
    if sections.is_empty() {
        sections.push(Section {
            title: "Aucun bailleur".to_owned(),
            blocks: vec![Block::Note("Aucun bailleur n'est enregistré dans Logis.".to_owned())],
        });
    }
    Document { title, subtitle, running_head, footer: FOOTER.to_owned(), sections }
}

/// A landlord's inventory added up over its lines.
pub(super) struct Totals {
    pub stock: u64,
    pub lettings: u64,
    /// Lettings per year and dwelling over the whole stock; none without stock.
    pub rotation: Option<f64>,
    /// The proposed shares added up (100 % give or take their rounding); none when nothing
    /// was let.
    pub parts: Option<f64>,
}

impl Totals {
    pub fn of(inventory: &Inventory) -> Totals {
        let lines = &inventory.reservataires;
        let stock: u64 = lines.iter().map(|l| l.stock).sum();
        let lettings: u64 = lines.iter().map(|l| l.attribues_3ans).sum();
        Totals {
            stock,
            lettings,
            rotation: (stock > 0).then(|| lettings as f64 / 3.0 / stock as f64),
            parts: lines.iter().map(|l| l.part_proposee).sum(),
        }
    }
}

/// One landlord's part.
fn section(inventory: &Inventory, names: &Names) -> Section {
    let name = names.organisme(&inventory.bailleur);
    let [first, _, last] = inventory.annees;
    let year = inventory.annee;
    let lines = &inventory.reservataires;
    let totals = Totals::of(inventory);
    let line_name = |id: &str| {
        let n = names.organisme(id);
        if id == inventory.bailleur { format!("{n} (bailleur)") } else { n }
    };
    let mut rows: Vec<Vec<String>> = lines
        .iter()
        .map(|l| {
            vec![
                line_name(&l.reservataire),
                int(l.stock),
                int(l.attribues_3ans),
                l.rotation.map_or_else(|| "—".to_owned(), |r| decimal(r, 2)),
                l.part_proposee.map_or_else(|| "—".to_owned(), share),
            ]
        })
        .collect();
    rows.push(vec![
        "Total".to_owned(),
        int(totals.stock),
        int(totals.lettings),
        totals.rotation.map_or_else(|| "—".to_owned(), |r| decimal(r, 2)),
        totals.parts.map_or_else(|| "—".to_owned(), share),
    ]);
    let mut blocks = vec![
        paragraph(format!(
            "Pour préparer les conventions de réservation en flux de {year}, Logis a compté, pour chaque réservataire, les logements de {name} qui lui sont réservés (son stock) et les attributions de ces logements de {first} à {last}, hors relogements au titre du renouvellement urbain (ANRU) et mutations internes. La part proposée est la part de ces attributions qui lui est revenue : le point de départ de sa convention. Les logements réservés à personne sont ceux du bailleur."
        )),
        Block::Table(Table {
            headers: [
                "Réservataire".to_owned(),
                "Logements réservés (stock)".to_owned(),
                format!("Attribués de {first} à {last}"),
                "Rotation annuelle".to_owned(),
                "Part proposée".to_owned(),
            ]
            .to_vec(),
            rows,
            numeric: vec![false, true, true, true, true],
        }),
        Block::ReadingKey(format!(
            "la rotation est le nombre moyen d'attributions par an d'un logement réservé (attribués ÷ 3 ÷ stock) ; la part proposée est la part des {} attributions des trois années revenue au réservataire.",
            int(totals.lettings)
        )),
    ];
    if totals.parts.is_none() {
        blocks.push(Block::Note(format!(
            "Aucun logement de {name} n'a été attribué de {first} à {last} : aucune part ne peut être proposée à partir du stock."
        )));
    }
    blocks.push(Block::Subheading("Approbation".to_owned()));
    blocks.push(paragraph(format!(
        "Les signataires retiennent les parts proposées ci-dessus comme point de départ des conventions de réservation en flux de {year} entre {name} et chacun des réservataires."
    )));
    blocks.push(paragraph("Fait à ________________________________, le ____________________"));
    blocks.push(Block::Signatures(
        lines.iter().rev().map(|l| format!("Pour {}", line_name(&l.reservataire))).collect(),
    ));
    Section { title: name, blocks }
}
