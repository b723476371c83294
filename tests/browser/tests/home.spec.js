// Each role's home page in a real browser, on the demo territory, at 1280 and 390 pixels: it
// answers the role's first question, axe-core finds nothing serious, and no page is wider than
// the screen.
const { test, expect } = require('@playwright/test');
const { signIn, expectAccessible, screenshot } = require('./helpers');

const FIRST_ANSWER = {
  admin: 'Alertes',
  guichet: 'Demandes à compléter',
  bailleur: 'Vos logements vacants',
  reservataire: 'Candidats à présenter',
  social: 'Mes ménages suivis',
  observateur: 'Attributions par année de signature du bail',
};

for (const [login, heading] of Object.entries(FIRST_ANSWER)) {
  test(`${login}'s home page answers its first question at 1280 and 390 px`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, login);
    await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
    if (login === 'bailleur') {
      // A dwelling declared vacant: the home page says where it stands, with the chart.
      await page.goto('/logements');
      await page.locator('table.tableau tbody tr').first().getByRole('link').first().click();
      await page.getByRole('button', { name: 'Déclarer vacant' }).click();
      await page.goto('/');
      await expect(page.locator('main')).toContainText('candidats à choisir pour la commission');
      await expect(page.locator('figure.graphique svg[role="img"]').first()).toBeVisible();
    }
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto('/');
      await expectAccessible(page);
      const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      expect(scroll, `${login} at ${width} px`).toBeLessThanOrEqual(inner);
      await screenshot(page, `accueil-${login}-${width}`);
    }
  });
}
