// The candidates of a vacancy as a comparison table, at a desk's width and a phone's: sorted on
// the server by a column (aria-sort on its heading), a row's detail opened in place, three
// candidates chosen for the commission from the table, their decisions recorded on the
// session's page — a reason asked where the rule asks for one, a refusal shown on its row.
const { test, expect } = require('@playwright/test');
const { signIn, expectAccessible, screenshot } = require('./helpers');

test.describe.configure({ mode: 'serial' });

/** A date `days` from today, as a date field wants it. */
function isoDate(days) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The page is no wider than the screen (a table scrolls inside its own region). */
async function expectFits(page) {
  const [content, screen] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(content).toBeLessThanOrEqual(screen);
}

let vacancyPath;
/** The session this file holds, as its button says it (« 19/12/2026 »). */
const sessionDay = isoDate(14).split('-').reverse().join('/');

test('a landlord holds a session and declares a vacancy', async ({ page }) => {
  await signIn(page, 'bailleur');
  await page.goto('/commissions');
  await page.getByLabel('Date de la séance').fill(isoDate(14));
  await page.getByLabel('Lieu').fill('Moissac, agence du bailleur');
  await page.getByLabel('Membres présents').fill('Présidente — Mme Durand\nReprésentante du préfet — Mme Lopez');
  await page.getByRole('button', { name: 'Créer la séance' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Commission du');
  await page.goto('/logements?commune=Moissac');
  await page.locator('table.tableau tbody a[href^="/logements/"]').first().click();
  await page.getByRole('button', { name: 'Déclarer vacant' }).click();
  await expect(page.getByRole('status')).toContainText('Le logement est déclaré vacant');
  vacancyPath = new URL(page.url()).pathname;
});

for (const width of [1280, 390]) {
  test(`candidates compared, chosen and decided at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await signIn(page, 'bailleur');
    await page.goto(vacancyPath);
    const table = page.locator('table.candidats');
    await expect(table.locator('tbody.candidat')).not.toHaveCount(0);
    expect(await table.locator('tbody.candidat').count()).toBeGreaterThanOrEqual(3);
    await expect(page.getByRole('region', { name: 'Candidats, tableau défilant' })).toBeVisible();

    // Sort by score: the address keeps it, the heading says it, the rows follow it.
    await table.locator('thead').getByRole('link', { name: /^Score/ }).click();
    await expect(page).toHaveURL(/[?&]tri=score/);
    await expect(table.locator('th[aria-sort="descending"]')).toContainText('Score');
    const scores = (await table.locator('tbody.candidat tr:first-child td:nth-child(3)').allTextContents())
      .map((s) => Number(s.replace(/\s/g, '')) || 0);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));

    // A row's detail opens in place, under its row.
    const first = table.locator('tbody.candidat').first();
    await first.locator('summary').click();
    await expect(first.locator('.detail-contenu')).toBeVisible();
    await expect(first.locator('.detail-contenu')).toContainText('reste à vivre');
    await expectAccessible(page);
    await expectFits(page);
    await screenshot(page, `candidats-${width}`);

    // Three candidates chosen from the table go to the session's decisions, checked.
    const boxes = page.getByLabel(/^Présenter la demande .* à la commission$/);
    // At the second width, three others: the decisions of the first are replaced.
    const numeros = [];
    for (let i = width === 1280 ? 0 : 3; numeros.length < 3; i++) {
      await boxes.nth(i).check();
      numeros.push((await boxes.nth(i).getAttribute('value')).trim());
    }
    await page.getByRole('button', { name: `Présenter les candidats cochés à la commission du ${sessionDay}` }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Décisions');
    for (const n of numeros) await expect(page.getByLabel(`présentée : demande ${n}`)).toBeChecked();
    // Allocating needs the officer's word when the ceiling could not be checked: given.
    for (const n of numeros) await page.getByLabel(`revenu vérifié au regard du plafond publié (demande ${n})`).check();
    const [one, two, three] = numeros;
    await page.getByLabel(`Décision (demande ${one})`, { exact: true }).selectOption('attribution');
    await page.getByLabel(`Décision (demande ${two})`, { exact: true }).selectOption('attribution_rang');
    await page.getByLabel(`Rang d'attribution (demande ${two})`).fill('2');
    const reason = page.getByLabel(`Motif de la décision (demande ${three})`);
    await expect(reason).toBeHidden();
    await page.getByLabel(`Décision (demande ${three})`, { exact: true }).selectOption('non_attribution');
    await expect(reason).toBeVisible();
    await expectAccessible(page);
    await expectFits(page);
    await screenshot(page, `decisions-${width}`);

    // Without its reason, the non-attribution is refused on its own row.
    await page.getByRole('button', { name: 'Enregistrer les décisions' }).click();
    await expect(page.getByRole('alert')).toContainText('non-attribution est motivée');
    const row = page.locator('tr.decision', { has: page.getByLabel(`Décision (demande ${three})`, { exact: true }) });
    await expect(row.locator('.erreur')).toContainText('non-attribution est motivée');
    await expect(reason).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, `decisions-refus-${width}`);
    await reason.fill('ressources insuffisantes pour ce loyer');
    await page.getByRole('button', { name: 'Enregistrer les décisions' }).click();
    await expect(page.getByRole('status')).toContainText('Les décisions sont enregistrées');
    await expect(page.locator('main')).toContainText('non-attribution');
    await expectAccessible(page);
    await expectFits(page);
    await screenshot(page, `commission-${width}`);
  });
}

test('the lists of vacancies and sessions say their total and sort by a column', async ({ page }) => {
  await signIn(page, 'bailleur');
  await page.goto('/vacances');
  await expect(page.locator('.compte-resultats')).toContainText(/\d+ vacances?|Aucune vacance/);
  await page.locator('thead').getByRole('link', { name: /^Libre le/ }).click();
  await expect(page).toHaveURL(/tri=-libre_le/);
  await expect(page.locator('th[aria-sort="ascending"]')).toContainText('Libre le');
  await expectAccessible(page);
  await page.goto('/commissions?periode=a_venir');
  await expect(page.locator('.compte-resultats')).toContainText(/séance/);
  await expect(page.getByLabel('Séances', { exact: true })).toHaveValue('a_venir');
  await expectAccessible(page);
});
