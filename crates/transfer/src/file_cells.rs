//! A stored row written as its line of format v1, straight from the cells the backend lends
//! (no domain value in between: an export writes millions of rows). Each file column is read
//! from the stored column of the same name and written in canonical form, as the domain values'
//! own cells would be (`logis_exchange`'s records; the test below holds both to the same
//! bytes).

use logis_domain::Part;
use logis_exchange::{FileKind, RecordWriter};
use logis_store::{Cell, ChunkEncoder, ColumnType, StoreError, StoredRow, Table};

/// How a stored value is written in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// A text, a code, a list (`|` between items), an ISO date: as stored.
    AsStored,
    /// An integer (a year, a rank, a count).
    Integer,
    /// An amount stored in hundredths: `1234.50`, `1234`.
    Amount,
    /// A share stored in ten-thousandths: `12.5`.
    Share,
    /// 1 or 0: `oui` or `non`.
    YesNo,
}

/// The stored columns of one file's columns, in the file's order, and their forms.
pub struct FileCells {
    table: Table,
    columns: Vec<(usize, Form)>,
}

/// Stored columns in hundredths of euros (the codec's `cents`).
const AMOUNTS: [&str; 9] = [
    "ressources_mensuelles",
    "revenu_fiscal_reference",
    "loyer_actuel",
    "q1",
    "q2",
    "q3",
    "surface",
    "loyer",
    "charges",
];

impl FileCells {
    pub fn of(kind: FileKind) -> Self {
        let table = crate::import::table_of(kind);
        let stored = table.exported_columns();
        let columns = kind
            .columns()
            .iter()
            .map(|column| {
                let index = stored
                    .iter()
                    .position(|(name, _)| *name == column.name)
                    .expect("every column of a file is stored under its name");
                let form = match (column.name, stored[index].1) {
                    (name, ColumnType::Int) if AMOUNTS.contains(&name) => Form::Amount,
                    ("part", ColumnType::Int) => Form::Share,
                    (_, ColumnType::Int) => Form::Integer,
                    (_, ColumnType::Bool) => Form::YesNo,
                    (_, ColumnType::Text | ColumnType::Date) => Form::AsStored,
                    (_, ColumnType::Bytes) => unreachable!("no file holds bytes"),
                };
                (index, form)
            })
            .collect();
        FileCells { table, columns }
    }

    /// Writes `row` as one line; `scratch` holds a number's text while it is written.
    pub fn write(
        &self,
        row: &dyn StoredRow,
        out: &mut RecordWriter<Vec<u8>>,
        scratch: &mut String,
    ) -> Result<(), StoreError> {
        let corrupt = |detail: String| StoreError::Corrupt { table: self.table.name(), detail };
        let mut line = out.line();
        for &(index, form) in &self.columns {
            let cell = row.cell(index).map_err(corrupt)?;
            scratch.clear();
            let text = written(cell, form, scratch)
                .map_err(|e| corrupt(format!("colonne {index} : {e}")))?;
            line.cell(text).map_err(crate::export::io)?;
        }
        line.end().map_err(crate::export::io)
    }
}

/// One cell in canonical form: its stored text, or its number written into `scratch`.
fn written<'a>(cell: Cell<'a>, form: Form, scratch: &'a mut String) -> Result<&'a str, String> {
    match (cell, form) {
        (Cell::Null, _) => return Ok(""),
        (Cell::Text(text), Form::AsStored) => return Ok(text),
        (Cell::Int(n), Form::YesNo) => return Ok(if n != 0 { "oui" } else { "non" }),
        (Cell::Date(date), Form::AsStored) => logis_exchange::iso_into(date, scratch),
        (Cell::Int(n), Form::Integer) => scratch.push_str(itoa::Buffer::new().format(n)),
        (Cell::Int(n), Form::Amount) => logis_domain::Amount::from_cents(n).write_into(scratch),
        (Cell::Int(n), Form::Share) => {
            let units =
                u32::try_from(n).map_err(|_| format!("part négative ou trop grande : {n}"))?;
            scratch.push_str(&Part::from_ten_thousandths(units).decimal());
        }
        (cell, form) => return Err(format!("{cell:?} inattendu pour {form:?}")),
    }
    Ok(scratch)
}

/// The lines of a chunk of rows of one file.
pub struct Lines {
    cells: std::sync::Arc<FileCells>,
    writer: RecordWriter<Vec<u8>>,
    scratch: String,
}

/// Bytes reserved for a chunk's lines: PostgreSQL's chunks are about a megabyte of rows, and
/// a buffer grown from nothing was copied a dozen times on the way, each time into fresh pages
/// (SQLite's ranges of about ten megabytes now grow from here in three doublings).
const CHUNK_BYTES: usize = 5 << 18;

impl Lines {
    pub fn new(cells: std::sync::Arc<FileCells>) -> Self {
        let writer = RecordWriter::lines(Vec::with_capacity(CHUNK_BYTES));
        Lines { cells, writer, scratch: String::new() }
    }
}

impl ChunkEncoder for Lines {
    fn row(&mut self, row: &dyn StoredRow) -> Result<(), StoreError> {
        self.cells.write(row, &mut self.writer, &mut self.scratch)
    }

    fn finish(self: Box<Self>) -> Result<Vec<u8>, StoreError> {
        self.writer.finish().map_err(crate::export::io)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use logis_domain::*;
    use logis_exchange::MembreRow;
    use logis_store::codec::Stored;
    use logis_store::conformance::{attribution, demande, logement, membre, org};

    /// The line written from the stored row, and the one the domain value writes itself.
    fn both<T: Stored, R: logis_exchange::Record>(
        kind: FileKind,
        value: &T,
        record: &R,
    ) -> (String, String) {
        let cells = FileCells::of(kind);
        assert_eq!(cells.table, T::TABLE);
        let mut from_store = RecordWriter::lines(Vec::new());
        cells
            .write(&value.to_row(), &mut from_store, &mut String::new())
            .expect("stored row written");
        let mut from_domain = RecordWriter::lines(Vec::new());
        from_domain.write(record).expect("record written");
        let text = |w: RecordWriter<Vec<u8>>| {
            String::from_utf8(w.finish().expect("bytes")).expect("UTF-8")
        };
        (text(from_store), text(from_domain))
    }

    #[test]
    fn a_stored_row_is_written_as_its_domain_value_writes_itself() {
        let mut d = demande(3);
        d.ressources_mensuelles = Amount::from_cents(123_405);
        d.revenu_fiscal_reference = Some(Amount::from_euros(18_000));
        d.loyer_actuel = None;
        d.nom = Some("=SOMME(A1;A2)".into());
        d.adresse = Some("3 rue \"des Lilas\"\n82000 Montauban".into());
        d.dalo = Some(false);
        d.pmr = None;
        let (stored, domain) = both(FileKind::Demandes, &d, &d);
        assert_eq!(stored, domain);
        assert!(stored.contains("1234.05;18000;"), "{stored}");

        let numero = d.numero_unique.clone();
        let m = membre(2, Lien::Enfant);
        let row = MembreRow { numero_unique: numero.clone(), membre: m.clone() };
        let (stored, domain) = both(FileKind::Membres, &(numero, m), &row);
        assert_eq!(stored, domain);

        let mut l = logement("L7");
        l.charges = Some(Amount::from_cents(-1_250));
        let (stored, domain) = both(FileKind::Logements, &l, &l);
        assert_eq!(stored, domain);
        assert!(stored.contains(";65.50;380.12;'-12.50;PLUS;0;non;;etat;1987"), "{stored}");

        let a = attribution(4);
        assert_eq!(both(FileKind::Attributions, &a, &a).0, both(FileKind::Attributions, &a, &a).1);

        let o = org("etat", OrganismeType::Etat);
        let (stored, domain) = both(FileKind::Organismes, &o, &o);
        assert_eq!(stored, domain);

        let s = Seuils {
            annee: 2025,
            q1: Amount::from_euros(7_867),
            q2: Amount::from_cents(1_147_250),
            q3: Amount::from_euros(14_969),
        };
        let (stored, domain) = both(FileKind::Seuils, &s, &s);
        assert_eq!(stored, "2025;7867;11472.50;14969\n");
        assert_eq!(stored, domain);

        for commune in [None, Some(CodeInsee::parse("82112").expect("valid"))] {
            let c = Convention {
                bailleur: OrganismeId::parse("tgh").expect("valid"),
                reservataire: OrganismeId::parse("etat").expect("valid"),
                annee: 2026,
                part: Part::from_ten_thousandths(125_000),
                commune,
                date_signature: Some(
                    Date::from_calendar_date(2026, time::Month::January, 9).expect("valid"),
                ),
            };
            let (stored, domain) = both(FileKind::Conventions, &c, &c);
            assert_eq!(stored, domain);
            assert!(stored.starts_with("tgh;etat;2026;12.5;"), "{stored}");
        }
    }

    #[test]
    fn a_cell_of_the_wrong_kind_is_a_corrupt_row() {
        let mut row = demande(1).to_row();
        row[9] = logis_store::Value::Text(Some("mille".into()));
        let cells = FileCells::of(FileKind::Demandes);
        let error = cells
            .write(&row, &mut RecordWriter::lines(Vec::new()), &mut String::new())
            .expect_err("refused");
        assert!(matches!(error, StoreError::Corrupt { table: "demandes", .. }), "{error}");
    }
}
