// Allocation in a real browser, on the demo territory: the landlord declares a vacancy and
// reads its ranked candidates, the reservation holder follows it, the commission decides, the
// minutes are printed, the offer is accepted and the lease signed, and the objectives move.
const { test, expect } = require('@playwright/test');
const { execFileSync } = require('node:child_process');
const { signIn, expectAccessible, screenshot } = require('./helpers');

/** A date `days` from today, as a date field wants it. */
function isoDate(days) {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

test.describe.configure({ mode: 'serial' });

let vacancyPath;

test('a landlord declares a vacancy oriented to the State and reads its candidates', async ({ page }) => {
  await signIn(page, 'bailleur');
  await page.goto('/logements?commune=Castelsarrasin');
  await expectAccessible(page);
  await screenshot(page, 'logements');
  await page.locator('table.tableau tbody a[href^="/logements/"]').first().click();
  await expectAccessible(page);
  await screenshot(page, 'logement');
  await page.getByLabel('Orienté vers le réservataire').selectOption('etat');
  await page.getByRole('button', { name: 'Déclarer vacant' }).click();
  await expect(page.getByRole('alert')).toContainText('indiquez le motif');
  await page.getByLabel('Motif du choix').fill('rattrapage du contingent préfectoral sur l\'année');
  await page.getByRole('button', { name: 'Déclarer vacant' }).click();
  await expect(page.getByRole('status')).toContainText('Le logement est déclaré vacant');
  vacancyPath = new URL(page.url()).pathname;
  await expect(page.locator('main .chapeau')).toContainText("orienté vers l'État");
  // A PLAI dwelling while the year's PLAI ceilings are not published: said plainly, once.
  await expect(page.locator('.plafond-manquant')).toContainText(`les plafonds PLAI de ${new Date().getFullYear()}`);
  await expect(page.locator('.plafond-manquant')).toContainText('à vérifier sur ses avis d\'imposition');
  // One row per candidate in the comparison table, its detail under it.
  const candidates = page.locator('tbody.candidat');
  expect(await candidates.count()).toBeGreaterThanOrEqual(3);
  await expect(candidates.first()).toContainText('ménage prioritaire : public du contingent préfectoral');
  await expect(candidates.first()).toContainText('reste à vivre');
  await expect(candidates.first()).toContainText('objectif de 25');
  const first = (await candidates.first().locator('a.numero').textContent()).trim();
  await page.getByLabel("Numéro d'une demande").fill(first);
  await page.getByRole('button', { name: 'Examiner' }).click();
  await expect(page.locator('.reponse-pourquoi')).toContainText('est candidate');
  await expectAccessible(page);
  await screenshot(page, 'vacance');
});

test('the State follows the vacancy oriented to it without deciding', async ({ page }) => {
  await signIn(page, 'reservataire');
  await page.getByRole('link', { name: 'Vacants' }).click();
  await page.locator(`a[href="${vacancyPath}"]`).first().click();
  await expect(page.locator('tbody.candidat').first()).toBeVisible();
  await expect(page.getByLabel(/^Présenter la demande/)).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Proposer/ })).toHaveCount(0);
  await expectAccessible(page);
});

test('the commission decides, its minutes are printed, the offer ends with a lease', async ({ page }) => {
  await signIn(page, 'bailleur');
  await page.getByRole('link', { name: 'Commissions' }).click();
  await page.getByLabel('Adresse, téléphone, courriel du service des attributions').fill('2 rue de la Paix, 82000 Montauban — 05 63 00 00 00');
  await page.getByRole('button', { name: 'Enregistrer les coordonnées' }).click();
  await expect(page.getByRole('status')).toContainText('Les coordonnées sont enregistrées');
  await page.reload();
  await expect(page.getByLabel('Adresse, téléphone, courriel du service des attributions')).toHaveValue(/05 63 00 00 00/);
  await page.getByLabel('Date de la séance').fill(isoDate(7));
  await page.getByLabel('Lieu').fill('Castelsarrasin, siège du bailleur');
  await page.getByLabel('Membres présents').fill('Présidente — Mme Durand\nAdministrateur — M. Petit\nReprésentante du préfet — Mme Lopez');
  await page.getByLabel('Maire de la commune').fill('M. Garcia, maire de Castelsarrasin');
  await page.getByRole('button', { name: 'Créer la séance' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Commission du');
  await expectAccessible(page);
  await page.getByRole('link', { name: /Examiner le logement/ }).first().click();
  await expect(page.locator('.plafond-manquant')).toContainText('PLAI');
  await expectAccessible(page);
  await screenshot(page, 'decisions');
  // The year's PLAI ceilings are not loaded: no allocation without the officer's word.
  await page.getByRole('button', { name: 'Enregistrer les décisions' }).click();
  await expect(page.getByRole('alert')).toContainText('cochez « revenu vérifié au regard du plafond publié »');
  for (const box of await page.locator('input[name^="plafond_"]').all()) {
    if (await box.isVisible()) await box.check();
  }
  await page.getByRole('button', { name: 'Enregistrer les décisions' }).click();
  await expect(page.getByRole('status')).toContainText('Les décisions sont enregistrées');
  await screenshot(page, 'commission');
  const minutes = await page.request.get(page.url().replace(/\?.*/, '') + '/proces-verbal.pdf');
  expect(minutes.status()).toBe(200);
  expect((await minutes.body()).subarray(0, 5).toString()).toBe('%PDF-');
  const letters = await page.request.get(page.url().replace(/\?.*/, '') + '/courriers.pdf');
  const pdf = await letters.body();
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  require('node:fs').writeFileSync('screenshots/courriers.pdf', pdf);
  // Each letter: dated, what its rank means, how to contest, whom to ask.
  const words = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString().replace(/\s+/g, ' ');
  const pages = words.split('Décision de la commission du').slice(1);
  expect(pages.length).toBeGreaterThanOrEqual(3);
  const first = pages.find((p) => p.includes('Décision de la commission : attribution.'));
  expect(first).toBeTruthy();
  expect(first).not.toContain('classé avant vous');
  expect(first).toContain('Le logement vous est attribué');
  for (const letter of pages) {
    expect(letter).toMatch(/Le \d{2}\/\d{2}\/\d{4}/);
    expect(letter).toContain('tribunal administratif');
    expect(letter).toContain('05 63 00 00 00');
  }

  await page.goto(vacancyPath);
  await page.getByRole('button', { name: 'Proposer le logement au candidat classé suivant' }).click();
  await expect(page.getByRole('status')).toContainText('La proposition est enregistrée');
  await page.getByLabel('acceptée').check();
  await page.getByRole('button', { name: 'Enregistrer la réponse' }).click();
  await expect(page.getByRole('status')).toContainText('La réponse du demandeur est enregistrée');
  await page.getByRole('button', { name: 'Enregistrer le bail' }).click();
  await expect(page.getByRole('status')).toContainText('Le bail est enregistré');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('loué');
  await expectAccessible(page);
  await screenshot(page, 'bail');
});

test('the objectives of the year move with the lease', async ({ page }) => {
  await signIn(page, 'admin');
  const year = new Date().getFullYear();
  const live = page.getByRole('region', { name: `Objectifs ${year} à ce jour` });
  await expect(live).toBeVisible();
  await expect(live.locator('table').nth(1).locator('tbody tr').first()).toContainText('Tarn-et-Garonne Habitat');
  await expectAccessible(page);
  await screenshot(page, 'objectifs');
});

test('an observer reads no line that would single the lease out', async ({ page }) => {
  // The observer's home page shows the last complete evaluation, not this year's objectives
  // by landlord and holder where a single lease would stand out (the API's secrecy is tested
  // in the web tests).
  await signIn(page, 'observateur');
  const year = new Date().getFullYear();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: `Objectifs ${year} à ce jour` })).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, 'objectifs-observateur');
});

test('the evaluation opens on the last complete year, the current one is marked provisional', async ({ page }) => {
  // The lease above makes the current year one with allocations: it must not be the default.
  await signIn(page, 'observateur');
  const year = new Date().getFullYear();
  await expect(page.getByRole('region', { name: new RegExp(`objectifs d'attribution ${year - 1}`, 'i') })).toBeVisible();
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Bilan' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Bilan ${year - 1}`);
  await expect(page.locator('main')).toContainText(`Chiffres clés au 31/12/${year - 1}`);
  await page.getByLabel('Année', { exact: true }).selectOption(String(year));
  await page.getByRole('button', { name: /Afficher/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('provisoire');
  await expect(page.locator('main')).toContainText(`Bilan provisoire : l'année ${year} n'est pas terminée`);
  await expect(page.locator('main')).not.toContainText(`Chiffres clés au 31/12/${year}`);
  await expectAccessible(page);
  await screenshot(page, 'bilan-provisoire');
});
