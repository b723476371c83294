// Lists that scale (issue 20, point 4) and abbreviations explained (point 6): the applications
// list sorted and paged with its total, its links keeping the sort; the audit log filtered by
// account and action, the filters in the URL; the glossary at 1280 and 390 px; axe 0 serious,
// no page wider than the screen.
const { test, expect } = require('@playwright/test');
const { signIn, expectAccessible, screenshot } = require('./helpers');

async function fitsTheScreen(page) {
  const [width, screen] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(width, 'no page wider than the screen').toBeLessThanOrEqual(screen);
}

test('the applications list is sorted by seniority and paged with its numbers', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, 'admin');
  await page.goto('/demandes');
  await expect(page.locator('.compte-resultats strong')).toHaveText(/^\d[\d\u202f\u00a0 ]* demandes$/);
  await page.getByRole('link', { name: /^Dépôt/ }).click();
  await expect(page).toHaveURL(/tri=anciennete/);
  await expect(page.getByRole('columnheader', { name: /Dépôt/ })).toHaveAttribute('aria-sort', 'ascending');
  const pages = page.getByRole('navigation', { name: 'Pages de la liste' });
  await pages.getByRole('link', { name: 'Page 3', exact: true }).click();
  await expect(page).toHaveURL(/tri=anciennete&page=3/);
  await expect(pages.locator('[aria-current="page"]')).toHaveText(/3/);
  await expect(pages.getByRole('link', { name: /Précédente/ })).toHaveAttribute('href', /tri=anciennete&page=2/);
  await fitsTheScreen(page);
  await expectAccessible(page);
  await screenshot(page, 'listes-demandes-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await fitsTheScreen(page);
  await screenshot(page, 'listes-demandes-390');
});

test('the audit log is filtered by account and action, the filters kept in the URL', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, 'admin');
  await page.goto('/demandes');
  await page.locator('main table tbody tr a[href^="/demandes/"]').first().click();
  await page.goto('/journal');
  await page.getByLabel('Compte').fill('admin');
  await page.getByLabel('Action').selectOption('consultation');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page).toHaveURL(/compte=admin&.*action=consultation/);
  await expect(page.locator('.compte-resultats strong')).toHaveText(/ligne/);
  const rows = page.locator('main table tbody tr');
  await expect(rows.first()).toContainText("consultation d'un dossier");
  for (const cell of await page.locator('main table tbody tr td:nth-child(2)').allInnerTexts()) {
    expect(cell).toBe('admin');
  }
  await expect(page.getByLabel('Compte')).toHaveValue('admin');
  await fitsTheScreen(page);
  await expectAccessible(page);
  await screenshot(page, 'listes-journal-1280');
});

for (const width of [1280, 390]) {
  test(`the glossary explains every abbreviation at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/glossaire');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Glossaire');
    for (const abbr of ['QPV', 'CAL', 'ANRU', 'UC', 'PLAI', 'PLUS', 'PLS', 'PMR', 'DALO', 'SNE', 'CIL', 'CIA', 'CALEOL', 'EPCI', 'RFR']) {
      await expect(page.locator(`#${abbr} dd`)).not.toBeEmpty();
    }
    await expect(page.locator('#QPV abbr')).toHaveAttribute('title', 'Quartier prioritaire de la politique de la ville');
    await fitsTheScreen(page);
    await expectAccessible(page);
    await screenshot(page, `listes-glossaire-${width}`);
  });
}

test('a landlord sorts its dwellings by rent and sees which are vacant', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, 'bailleur');
  await page.goto('/logements');
  await expect(page.locator('.compte-resultats strong')).toHaveText(/logement/);
  await page.getByRole('link', { name: /^Loyer/ }).click();
  await expect(page.getByRole('columnheader', { name: /Loyer/ })).toHaveAttribute('aria-sort', 'ascending');
  await page.getByRole('link', { name: /^Loyer/ }).click();
  await expect(page).toHaveURL(/tri=-loyer/);
  await expect(page.getByRole('columnheader', { name: /Loyer/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(page.getByRole('link', { name: /^Déclarer vacant/ }).first()).toBeVisible();
  await fitsTheScreen(page);
  await expectAccessible(page);
  await screenshot(page, 'listes-logements-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await fitsTheScreen(page);
  await screenshot(page, 'listes-logements-390');
  await page.getByLabel('Vacance').selectOption('oui');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page).toHaveURL(/vacance=oui.*tri=-loyer/);
  await expect(page.getByRole('link', { name: /^Déclarer vacant/ })).toHaveCount(0);
  await expectAccessible(page);
});

for (const width of [1280, 390]) {
  test(`the bilan's charts keep their labels whole at ${width} px`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width, height: 900 });
    await signIn(page, 'observateur');
    await page.goto('/bilan');
    await expect(page.locator('article.rapport svg').first()).toBeVisible({ timeout: 60_000 });
    expect(await page.locator('article.rapport svg text').filter({ hasText: '…' }).count()).toBe(0);
    await fitsTheScreen(page);
    await expectAccessible(page);
    await screenshot(page, `listes-bilan-${width}`);
  });
}

test('the applications list sorts by name from its header, and the delays are set from their form', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, 'admin');
  await page.goto('/demandes');
  await page.getByRole('link', { name: /^Demandeur/ }).click();
  await expect(page).toHaveURL(/tri=nom/);
  await expect(page.getByRole('columnheader', { name: /Demandeur/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.locator('.compte-resultats')).toContainText('classées par nom');
  await expectAccessible(page);
  await screenshot(page, 'listes-demandes-par-nom-1280');

  await page.goto('/parametres#grille');
  await page.getByText('Modifier les délais anormalement longs').click();
  const general = page.getByLabel('Délai général (toutes typologies)');
  await expect(general).toHaveValue('24');
  await general.fill('deux ans');
  await page.getByRole('button', { name: 'Enregistrer les délais et recalculer les scores' }).click();
  await expect(page.locator('#delai-mois-erreur')).toContainText('entre 1 et 240');
  await expect(page.getByLabel('Délai général (toutes typologies)')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await fitsTheScreen(page);
  await page.locator('#delai-mois').scrollIntoViewIfNeeded();
  await screenshot(page, 'parametres-delais-erreur-390');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByLabel('Délai général (toutes typologies)').fill('18');
  await page.getByLabel('Délai pour un T2 souhaité en premier').fill('12');
  await page.getByRole('button', { name: 'Enregistrer les délais et recalculer les scores' }).click();
  await expect(page.getByRole('status').first()).toContainText('nouvelle version de la grille');
  await page.getByText('Modifier les délais anormalement longs').click();
  await expect(page.getByLabel('Délai pour un T2 souhaité en premier')).toHaveValue('12');
  await screenshot(page, 'parametres-delais-1280');
  await page.goto('/delais');
  await expect(page.locator('.chapeau')).toContainText('18 mois');
});
