// Reservation rights as a yearly flow in a real browser, on the demo territory: the landlord
// reads its conventions and its position, declares a vacancy oriented as Logis proposes (the
// figures shown), prepares and sends its bilan of last year (the dashboard's reminder then
// stops), amends next year's conventions from this year's; the reservation holder reads what
// it is owed and what it received, with the chart, and the dwellings oriented to it.
const { test, expect } = require('@playwright/test');
const { signIn, expectAccessible, screenshot } = require('./helpers');

test.describe.configure({ mode: 'serial' });

const year = new Date().getFullYear();

test('a landlord orients a vacancy as proposed, sends its bilan and amends its conventions', async ({ page }) => {
  await signIn(page, 'bailleur');
  await expect(page.locator('#rappel-flux')).toContainText(`Votre bilan ${year - 1} de gestion en flux n'est pas encore envoyé`);

  await page.getByRole('link', { name: 'Flux', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Gestion en flux ${year}`);
  await expect(page.locator('#conventions')).toContainText('part propre');
  await expectAccessible(page);

  // A dwelling of Moissac: Logis proposes a holder with the deficit rule's figures.
  await page.getByRole('link', { name: 'Logements', exact: true }).click();
  await page.getByLabel('Commune', { exact: true }).fill('Moissac');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await page.locator('table.tableau tbody tr').nth(2).getByRole('link').first().click();
  const proposed = (await page.locator('#proposition strong').textContent()).trim();
  await expect(page.locator('#positions')).toContainText(proposed);
  await expect(page.locator('#positions tbody tr').first()).toContainText(proposed);
  await expectAccessible(page);
  await screenshot(page, 'flux-logement');
  await page.getByRole('button', { name: 'Déclarer vacant' }).click();
  await expect(page.getByRole('status')).toContainText('Le logement est déclaré vacant');
  await expect(page.locator('main .chapeau')).not.toContainText('plutôt que');
  await page.goto('/flux');
  await expect(page.locator('main')).toContainText(`${proposed} : `);

  // Last year's bilan: the forecast edited, then the bilan sent; the reminder stops.
  await page.goto(`/flux?annee=${year - 1}`);
  await expect(page.locator('#position')).toBeVisible();
  await expect(page.locator('figure.graphique svg')).toBeVisible();
  await page.getByLabel('Relogements ANRU').fill('3');
  await page.getByLabel('Mutations internes').fill('douze');
  await page.getByRole('button', { name: 'Enregistrer la prévision' }).click();
  await expect(page.getByRole('alert')).toContainText('un nombre entier de logements');
  await page.getByLabel('Mutations internes').fill('12');
  await page.getByRole('button', { name: 'Enregistrer la prévision' }).click();
  await expect(page.getByRole('status')).toContainText('La prévision est enregistrée');
  await expect(page.getByLabel('Mutations internes')).toHaveValue('12');
  const pdf = await page.request.get(await page.getByRole('link', { name: 'PDF à envoyer' }).getAttribute('href'));
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 4).toString()).toBe('%PDF');
  await page.getByRole('button', { name: `Marquer le bilan ${year - 1} comme envoyé` }).click();
  await expect(page.getByRole('status')).toContainText('Le bilan est marqué comme envoyé');
  await expect(page.locator('main')).toContainText('Bilan envoyé le');
  await screenshot(page, 'flux-bailleur');
  await page.getByRole('link', { name: 'Tableau de bord' }).click();
  await expect(page.locator('#rappel-flux')).toHaveCount(0);

  // Next year's conventions start from this year's; a share over the State's limit is refused.
  await page.goto(`/flux/bailleurs/tgh/conventions/${year + 1}`);
  await expect(page.locator('main')).toContainText(`voici celles de ${year} comme point de départ`);
  await expectAccessible(page);
  const state = page.locator('fieldset.ligne-convention').filter({ has: page.locator('option:checked', { hasText: 'contingent préfectoral' }) });
  await state.getByLabel('Part (%)').fill('28');
  await page.getByRole('button', { name: `Enregistrer les conventions de ${year + 1}` }).click();
  await expect(page.getByRole('alert')).toContainText('au plus 30 %');
  await state.getByLabel('Part (%)').fill('24,5');
  await page.getByRole('button', { name: `Enregistrer les conventions de ${year + 1}` }).click();
  await expect(page.getByRole('status')).toContainText('Les conventions de l\'année sont enregistrées');
  await expect(page.locator('#conventions')).toContainText('24,5 %');
});

test('a reservation holder reads what it is owed and what it received', async ({ page }) => {
  await signIn(page, 'reservataire');
  await page.getByRole('link', { name: 'Flux', exact: true }).click();
  await page.getByRole('link', { name: `← ${year - 1}` }).click();
  await expect(page.locator('#situation')).toContainText(`En ${year - 1}, votre droit chez les bailleurs est de`);
  await expect(page.locator('#par-bailleur tbody tr').first()).toBeVisible();
  await expect(page.locator('figure.graphique svg')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'flux-reservataire');
  await page.goto('/flux/bailleurs/tgh');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Accès refusé');
});
