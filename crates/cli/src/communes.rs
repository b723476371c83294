//! Commune names by INSEE code, from the national list shipped with Logis, read once.

use std::collections::HashMap;
use std::sync::LazyLock;

static NAMES: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    logis_domain::communes::all().map(|c| (c.insee.to_owned(), c.nom.to_owned())).collect()
});

/// The name of the commune `insee`, if it is a French commune.
pub fn name(insee: &str) -> Option<String> {
    NAMES.get(insee).cloned()
}
