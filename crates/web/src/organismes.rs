//! The organisations' names, read when the server starts and again after an import from the
//! application, so that the dashboard's objectives and every page's header name an
//! organisation (not its identifier) without a query per page.

use logis_store::Store;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

#[derive(Default)]
pub struct OrganismeNames {
    names: RwLock<HashMap<String, String>>,
}

impl OrganismeNames {
    /// The names of `store`'s organisations (none when they cannot be read: identifiers then).
    pub async fn of(store: &dyn Store) -> Self {
        let names = logis_transfer::bilan::holder_names(store).await.unwrap_or_default();
        OrganismeNames { names: RwLock::new(names) }
    }

    /// The name of organisation `id`, or `id` when unknown.
    pub fn name(&self, id: &str) -> String {
        self.names.read().ok().and_then(|n| n.get(id).cloned()).unwrap_or_else(|| id.to_owned())
    }

    /// Reads the names again in the background (after an import or a change of the data).
    pub fn refresh(self: &Arc<Self>, store: Arc<dyn Store>) {
        let this = self.clone();
        tokio::spawn(async move {
            if let Ok(names) = logis_transfer::bilan::holder_names(&*store).await
                && let Ok(mut kept) = this.names.write()
            {
                *kept = names;
            }
        });
    }
}
