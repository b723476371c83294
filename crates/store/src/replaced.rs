//! The statements that replace, at the commit of an import, the households whose members
//! differ from the stored ones: the same on both backends, from the staged members and the
//! list of the households found changed.

use crate::Table;

/// Deletes the stored members of the households listed in `changed`, inserts their members
/// staged in `staged`, and lists them in `changed_numeros` for the bilan's projection. The
/// second statement's count is the member rows written.
pub fn households(staged: &str, changed: &str) -> [String; 3] {
    let columns = Table::Membres.column_list();
    let listed = format!("SELECT numero_unique FROM {changed}");
    [
        format!("DELETE FROM membres WHERE numero_unique IN ({listed})"),
        format!(
            "INSERT INTO membres ({columns}) SELECT {columns} FROM {staged} \
             WHERE numero_unique IN ({listed})"
        ),
        format!("INSERT INTO changed_numeros {listed}"),
    ]
}
