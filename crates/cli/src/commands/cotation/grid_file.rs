//! Reading a grid file for a command, with the grid's own French errors.

use anyhow::{Context, Result, bail};
use logis_cotation::Grid;
use std::path::Path;

pub fn read(path: &Path) -> Result<Grid> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("lecture de la grille {}", path.display()))?;
    match Grid::parse(&text) {
        Ok(grid) => Ok(grid),
        Err(errors) => bail!("{} : {errors}", path.display()),
    }
}
