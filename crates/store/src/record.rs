//! One place for each stored record's columns: [`stored_record!`](crate::stored_record)
//! declares a record's struct with its table, and from its fields derives the list of columns,
//! their types, the reading of a row in that order and the values of an insert — in step by
//! construction, instead of kept in step by hand across a column list, a type list and a
//! reader. A field's type says how it is stored ([`Column`]).

use crate::dossiers::documents::{ContentType, DocumentId, DocumentStatus};
use crate::statement::{Statement, Values};
use crate::tables::ColumnType;
use crate::value::{Row, Value};
use crate::{Result, StoreError};
use logis_access::{Login, Role, TokenScope};
use logis_domain::allocation::{
    CommissionId, Exception, Nature, OfferAnswer, OfferId, VacancyId, VacancyStatus,
};
use logis_domain::work::{AuditAction, EventNature, LabelCriterion, LabelStatus};
use logis_domain::{Date, LogementId, NumeroUnique, OrganismeId, Piece, SetAside};
use std::borrow::Cow;

/// A value kept in one column: its type, how it is read back and how it is written.
pub trait Column: Sized {
    /// The column's type.
    const TYPE: ColumnType;
    /// Takes the next value of `values`.
    fn take(values: &mut Values) -> Result<Self>;
    /// The value to write.
    fn value(&self) -> Value;
}

/// A record stored as one row of a table of its own (see [`stored_record!`](crate::stored_record)).
pub trait StoredRecord: Sized {
    /// Its table.
    const TABLE: &'static str;
    /// Its columns, in the order of the struct's fields.
    const COLUMNS: &'static [&'static str];
    /// The columns' types, in the same order.
    const TYPES: &'static [ColumnType];
    /// The record read from a row of [`Self::COLUMNS`].
    fn read(row: Row) -> Result<Self>;
    /// The values of its columns, in order.
    fn values(&self) -> Vec<Value>;
}

/// The columns of `R`, comma-separated, for a `SELECT`.
pub fn select_list<R: StoredRecord>() -> String {
    R::COLUMNS.join(", ")
}

/// The columns of `R` read from the table named `alias` in a join, comma-separated.
pub fn select_list_of<R: StoredRecord>(alias: &str) -> String {
    R::COLUMNS.iter().map(|c| format!("{alias}.{c}")).collect::<Vec<_>>().join(", ")
}

/// The statement that inserts `record`, leaving out the columns `generated` (numbered by the
/// store); `returning` names a column the statement returns (`RETURNING`), if any.
pub fn insert<R: StoredRecord>(
    record: &R,
    generated: &[&str],
    returning: Option<&str>,
) -> Statement {
    let (columns, params): (Vec<&str>, Vec<Value>) = R::COLUMNS
        .iter()
        .zip(record.values())
        .filter(|(column, _)| !generated.contains(column))
        .map(|(column, value)| (*column, value))
        .unzip();
    let placeholders: Vec<String> = (1..=columns.len()).map(|i| format!("${i}")).collect();
    let returned = returning.map(|c| format!(" RETURNING {c}")).unwrap_or_default();
    Statement::new(
        format!(
            "INSERT INTO {} ({}) VALUES ({}){returned}",
            R::TABLE,
            columns.join(", "),
            placeholders.join(", ")
        ),
        params,
    )
}

/// Declares a struct stored in a table of its own, each field a column of the same name, or of
/// the name given after `as`:
///
/// ```ignore
/// stored_record! {
///     /// One vacancy.
///     #[derive(Debug, Clone, PartialEq, Eq)]
///     pub struct Vacancy in "vacances" {
///         pub ligne: i64,
///         pub statut: String as "statut",
///     }
/// }
/// ```
#[macro_export]
macro_rules! stored_record {
    (@column $field:ident $column:literal) => {
        $column
    };
    (@column $field:ident) => {
        stringify!($field)
    };
    (
        $(#[$meta:meta])*
        pub struct $name:ident in $table:literal {
            $( $(#[$field_meta:meta])* pub $field:ident : $ty:ty $(as $column:literal)?, )*
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $( $(#[$field_meta])* pub $field: $ty, )*
        }

        impl $crate::record::StoredRecord for $name {
            const TABLE: &'static str = $table;
            const COLUMNS: &'static [&'static str] =
                &[$($crate::stored_record!(@column $field $($column)?)),*];
            const TYPES: &'static [$crate::ColumnType] =
                &[$(<$ty as $crate::record::Column>::TYPE),*];

            fn read(row: $crate::Row) -> $crate::Result<Self> {
                let mut values = $crate::statement::Values::of(row);
                Ok($name { $( $field: $crate::record::Column::take(&mut values)?, )* })
            }

            fn values(&self) -> Vec<$crate::Value> {
                vec![$( $crate::record::Column::value(&self.$field) ),*]
            }
        }
    };
}

impl Column for i64 {
    const TYPE: ColumnType = ColumnType::Int;
    fn take(values: &mut Values) -> Result<Self> {
        values.int()
    }
    fn value(&self) -> Value {
        Value::Int(Some(*self))
    }
}

impl Column for Option<i64> {
    const TYPE: ColumnType = ColumnType::Int;
    fn take(values: &mut Values) -> Result<Self> {
        values.optional_int()
    }
    fn value(&self) -> Value {
        Value::Int(*self)
    }
}

/// A text column; NULL reads as the empty text.
impl Column for String {
    const TYPE: ColumnType = ColumnType::Text;
    fn take(values: &mut Values) -> Result<Self> {
        values.text()
    }
    fn value(&self) -> Value {
        Value::Text(Some(Cow::Owned(self.clone())))
    }
}

impl Column for Option<String> {
    const TYPE: ColumnType = ColumnType::Text;
    fn take(values: &mut Values) -> Result<Self> {
        values.optional_text()
    }
    fn value(&self) -> Value {
        Value::Text(self.clone().map(Cow::Owned))
    }
}

/// A yes/no column; NULL reads as no.
impl Column for bool {
    const TYPE: ColumnType = ColumnType::Bool;
    fn take(values: &mut Values) -> Result<Self> {
        Ok(values.optional_bool()?.unwrap_or(false))
    }
    fn value(&self) -> Value {
        Value::Bool(Some(*self))
    }
}

impl Column for Option<bool> {
    const TYPE: ColumnType = ColumnType::Bool;
    fn take(values: &mut Values) -> Result<Self> {
        values.optional_bool()
    }
    fn value(&self) -> Value {
        Value::Bool(*self)
    }
}

impl Column for Date {
    const TYPE: ColumnType = ColumnType::Date;
    fn take(values: &mut Values) -> Result<Self> {
        values.date()
    }
    fn value(&self) -> Value {
        Value::Date(Some(*self))
    }
}

impl Column for Option<Date> {
    const TYPE: ColumnType = ColumnType::Date;
    fn take(values: &mut Values) -> Result<Self> {
        values.optional_date()
    }
    fn value(&self) -> Value {
        Value::Date(*self)
    }
}

/// Lines of text, kept in one text column, one per line.
impl Column for Vec<String> {
    const TYPE: ColumnType = ColumnType::Text;
    fn take(values: &mut Values) -> Result<Self> {
        Ok(values.text()?.lines().map(str::to_owned).collect())
    }
    fn value(&self) -> Value {
        Value::Text(Some(Cow::Owned(self.join("\n"))))
    }
}

/// The numbers the store gives (vacancies, commissions, offers, documents): integer columns.
macro_rules! number_columns {
    ($($number:ty),*) => {$(
        impl Column for $number {
            const TYPE: ColumnType = ColumnType::Int;
            fn take(values: &mut Values) -> Result<Self> {
                values.int().map(<$number>::new)
            }
            fn value(&self) -> Value {
                Value::Int(Some(self.get()))
            }
        }
    )*};
}

number_columns!(VacancyId, CommissionId, OfferId, DocumentId);

/// The code lists of allocation, of the partners' work, of access and the pieces of evidence:
/// text columns holding their codes, an unknown code read back as corrupt data.
macro_rules! code_columns {
    ($($list:ty),*) => {$(
        impl Column for $list {
            const TYPE: ColumnType = ColumnType::Text;
            fn take(values: &mut Values) -> Result<Self> {
                let code = values.text()?;
                <$list>::from_code(&code).ok_or_else(|| unknown_code(&code))
            }
            fn value(&self) -> Value {
                Value::Text(Some(Cow::Borrowed(self.code())))
            }
        }

        impl Column for Option<$list> {
            const TYPE: ColumnType = ColumnType::Text;
            fn take(values: &mut Values) -> Result<Self> {
                match values.optional_text()? {
                    None => Ok(None),
                    Some(code) => <$list>::from_code(&code).map(Some).ok_or_else(|| unknown_code(&code)),
                }
            }
            fn value(&self) -> Value {
                Value::Text(self.map(|v| Cow::Borrowed(v.code())))
            }
        }
    )*};
}

code_columns!(
    SetAside,
    VacancyStatus,
    OfferAnswer,
    Nature,
    Exception,
    LabelStatus,
    EventNature,
    AuditAction,
    LabelCriterion,
    Role,
    TokenScope,
    Piece,
    ContentType,
    DocumentStatus
);

/// The identifiers of format v1 (an application's numéro, a dwelling's, an organisation's):
/// text columns, a value that is not a valid identifier read back as corrupt data.
macro_rules! identifier_columns {
    ($($id:ty),*) => {$(
        impl Column for $id {
            const TYPE: ColumnType = ColumnType::Text;
            fn take(values: &mut Values) -> Result<Self> {
                let text = values.text()?;
                <$id>::parse(&text).map_err(|e| invalid_identifier(&text, &e))
            }
            fn value(&self) -> Value {
                Value::Text(Some(Cow::Owned(self.as_str().to_owned())))
            }
        }

        impl Column for Option<$id> {
            const TYPE: ColumnType = ColumnType::Text;
            fn take(values: &mut Values) -> Result<Self> {
                match values.optional_text()? {
                    None => Ok(None),
                    Some(text) => <$id>::parse(&text)
                        .map(Some)
                        .map_err(|e| invalid_identifier(&text, &e)),
                }
            }
            fn value(&self) -> Value {
                Value::Text(self.as_ref().map(|id| Cow::Owned(id.as_str().to_owned())))
            }
        }
    )*};
}

identifier_columns!(NumeroUnique, LogementId, OrganismeId);

/// An account's login: a text column, a text that is not a login read back as corrupt data.
impl Column for Login {
    const TYPE: ColumnType = ColumnType::Text;
    fn take(values: &mut Values) -> Result<Self> {
        let text = values.text()?;
        Login::parse(&text).map_err(|why| StoreError::Corrupt { table: "requête", detail: why })
    }
    fn value(&self) -> Value {
        Value::Text(Some(Cow::Owned(self.as_str().to_owned())))
    }
}

fn invalid_identifier(text: &str, error: &logis_domain::IdError) -> StoreError {
    let shown: String = text.chars().take(64).collect();
    StoreError::Corrupt {
        table: "requête", detail: format!("identifiant « {shown} » : {error}")
    }
}

fn unknown_code(code: &str) -> StoreError {
    StoreError::Corrupt { table: "requête", detail: format!("code inconnu « {code} »") }
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::stored_record! {
        /// A record of every kind of column.
        #[derive(Debug, Clone, PartialEq)]
        pub struct Sample in "exemples" {
            pub ligne: i64,
            pub nom: String,
            pub note: Option<String>,
            pub le: Date,
            pub fait: bool,
            pub lignes: Vec<String> as "lignes_texte",
        }
    }

    fn sample() -> Sample {
        Sample {
            ligne: 7,
            nom: "Zoé".into(),
            note: None,
            le: time::macros::date!(2026 - 02 - 28),
            fait: true,
            lignes: vec!["a".into(), "b".into()],
        }
    }

    #[test]
    fn a_record_reads_back_what_it_writes_in_its_column_order() {
        assert_eq!(Sample::COLUMNS, ["ligne", "nom", "note", "le", "fait", "lignes_texte"]);
        assert_eq!(
            Sample::TYPES,
            [
                ColumnType::Int,
                ColumnType::Text,
                ColumnType::Text,
                ColumnType::Date,
                ColumnType::Bool,
                ColumnType::Text
            ]
        );
        assert_eq!(Sample::read(sample().values()).expect("read"), sample());
    }

    #[test]
    fn an_insert_leaves_the_generated_columns_to_the_store() {
        let statement = insert(&sample(), &["ligne"], Some("ligne"));
        assert_eq!(
            statement.sql,
            "INSERT INTO exemples (nom, note, le, fait, lignes_texte) VALUES ($1, $2, $3, $4, $5) RETURNING ligne"
        );
        assert_eq!(statement.params.len(), 5);
        assert_eq!(statement.params[4], Value::Text(Some("a\nb".into())));
    }
}
