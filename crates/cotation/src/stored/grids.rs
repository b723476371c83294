//! Registering a grid and reading back the registered ones.

use super::CotationError;
use crate::grid::Grid;
use logis_domain::Date;
use logis_domain::french::date as french_date;
use logis_store::codec::Stored;
use logis_store::{Store, StoreError, StoredGrid, Table, export_all};

/// Registers `grid` (replacing a grid of the same effective date); returns whether anything
/// changed.
pub async fn register_grid(
    store: &dyn Store,
    grid: &Grid,
    today: Date,
) -> Result<bool, StoreError> {
    let existing = registered(store).await?;
    if existing.iter().any(|g| g.en_vigueur == grid.en_vigueur && g.empreinte == grid.empreinte) {
        return Ok(false);
    }
    let row = StoredGrid {
        en_vigueur: grid.en_vigueur,
        nom: grid.nom.clone(),
        empreinte: grid.empreinte.clone(),
        texte: grid.texte.clone(),
        enregistree_le: today,
    };
    let mut tx = store.begin_writing(&[Table::Grilles]).await?;
    tx.write(Table::Grilles, &[row.to_row()]).await?;
    tx.commit().await?;
    Ok(true)
}

async fn registered(store: &dyn Store) -> Result<Vec<StoredGrid>, StoreError> {
    let mut grids = Vec::new();
    export_all::<StoredGrid>(store, &mut |g| {
        grids.push(g);
        Ok(())
    })
    .await?;
    Ok(grids)
}

/// Every registered grid, in effective-date order.
pub async fn registered_grids(store: &dyn Store) -> Result<Vec<Grid>, CotationError> {
    registered(store)
        .await?
        .into_iter()
        .map(|g| {
            Grid::parse(&g.texte).map_err(|errors| CotationError::StoredGrid {
                date: french_date(g.en_vigueur),
                errors,
            })
        })
        .collect()
}
