// Shared steps: signing in with a demo account, checking a page with axe-core.
const { expect } = require('@playwright/test');
const AxeBuilder = require('@axe-core/playwright').default;

const ACCOUNTS = {
  admin: 'demo-administrateur',
  guichet: 'demo-guichet-moissac',
  bailleur: 'demo-bailleur-social',
  reservataire: 'demo-reservataire',
  social: 'demo-travailleur-social',
  observateur: 'demo-observateur',
};

async function signIn(page, login) {
  await page.goto('/connexion');
  await page.getByLabel('Identifiant').fill(login);
  await page.getByLabel('Mot de passe').fill(ACCOUNTS[login]);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

/** No serious or critical accessibility violation (WCAG 2.1 A and AA rules). */
async function expectAccessible(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const blocking = results.violations.filter(v => v.impact === 'serious' || v.impact === 'critical');
  expect(blocking.map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target).join(', ')})`)).toEqual([]);
}

async function screenshot(page, name) {
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });
}

module.exports = { ACCOUNTS, signIn, expectAccessible, screenshot };
