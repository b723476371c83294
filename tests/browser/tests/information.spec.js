// The territory's information service (SAID): anyone reads /informations on a phone without
// signing in — the desks, how allocation works, the grid in words, the objectives — and the
// EPCI's administrator changes a desk's hours, which the public page shows at once.
const { test, expect } = require('@playwright/test');
const { signIn, expectAccessible, screenshot } = require('./helpers');

test.describe.configure({ mode: 'serial' });

async function readable(page, width) {
  await page.setViewportSize({ width, height: 844 });
  await page.goto('/informations');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("S'informer sur la demande de logement social");
  const grid = page.locator('section', { has: page.getByRole('heading', { name: 'Comment les demandes sont cotées' }) });
  await expect(grid).toContainText('Ménage reconnu prioritaire et urgent au titre du DALO\u00a0: 50\u00a0points.');
  await expect(grid).toContainText('Seul le plus élevé de ces critères compte.');
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(width);
  await expectAccessible(page);
}

test('anyone reads the information service on a phone, without signing in', async ({ page }) => {
  await readable(page, 390);
  await screenshot(page, 'informations-390');
  await readable(page, 1280);
  await screenshot(page, 'informations-1280');
});

test("the EPCI changes a desk's hours and the public page shows them", async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/parametres');
  await page.getByRole('link', { name: 'Informations des demandeurs' }).click();
  const first = page.getByRole('group', { name: 'Guichet 1' });
  await first.getByLabel('Nom').fill('Mairie de Moissac');
  await first.getByLabel('Adresse').fill('Place Roger Delthil\n82200 Moissac');
  await first.getByLabel('Courriel').fill('pas-une-adresse');
  await page.getByRole('button', { name: 'Enregistrer les informations' }).click();
  await expect(page.getByRole('alert')).toContainText("Rien n'a été enregistré");
  await expect(first.getByLabel('Courriel')).toHaveAttribute('aria-invalid', 'true');
  await expect(first.getByLabel('Nom')).toHaveValue('Mairie de Moissac');
  await expectAccessible(page);
  await first.getByLabel('Courriel').fill('logement@moissac.fr');
  await first.getByLabel('Horaires').fill('Lundi au vendredi, 8 h 30 – 12 h');
  await page.getByRole('button', { name: 'Enregistrer les informations' }).click();
  await expect(page.getByRole('status')).toContainText('Les informations sont enregistrées');
  await screenshot(page, 'parametres-information');

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/informations');
  const desk = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Mairie de Moissac' }) });
  await expect(desk).toContainText('Lundi au vendredi, 8 h 30 – 12 h');
  await expect(desk.getByRole('link', { name: 'logement@moissac.fr' })).toHaveAttribute('href', 'mailto:logement@moissac.fr');
  await expectAccessible(page);
  await screenshot(page, 'informations-guichet-390');
});
