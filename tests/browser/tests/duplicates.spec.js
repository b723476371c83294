// Possible duplicates as the EPCI's housing officer handles them: the file of a flagged
// application says so, the pairs are compared side by side, one is dismissed (two households)
// and another merged (the older kept, the other struck off as a doublon).
const { test, expect } = require('@playwright/test');
const { signIn, expectAccessible, screenshot } = require('./helpers');

test.describe.configure({ mode: 'serial' });

/** The numéros of the pairs shown, in order: [[ancien, recent], …]. */
async function pairs(page) {
  const headings = await page.locator('section.doublon h2').allTextContents();
  return headings.map((h) => h.match(/\d{10}\w+/g));
}

test('the EPCI compares a possible duplicate, dismisses one and merges another', async ({ page }) => {
  await signIn(page, 'admin');
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Doublons' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Doublons possibles');
  const before = await pairs(page);
  expect(before.length).toBeGreaterThanOrEqual(2);
  const first = page.locator('section.doublon').first();
  await expect(first).toContainText('même nom, prénom et date de naissance');
  // Side by side: the birth date is the same, the name was typed differently.
  const born = first.locator('tr', { hasText: 'Date de naissance du titulaire' });
  const [older, newer] = await born.locator('td').allTextContents();
  expect(older).toBe(newer);
  await expect(first.locator('tr.differe').first()).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'doublons');

  // The file of the newer application says it may be a duplicate.
  const [ancien, recent] = before[0];
  await page.goto(`/demandes/${recent}`);
  await expect(page.locator('.doublons-possibles')).toContainText(`Doublon possible avec la demande n° ${ancien}`);
  await page.getByRole('link', { name: 'Comparer et décider' }).click();

  // Dismissed: two households; the pair does not come back.
  const [keptApart, alsoApart] = before[1];
  await page.locator('section.doublon', { hasText: alsoApart }).getByRole('button', { name: /Écarter/ }).click();
  await expect(page.getByRole('status')).toContainText("L'alerte est écartée");
  expect((await pairs(page)).map((p) => p.join())).not.toContain([keptApart, alsoApart].join());

  // Merged: the older kept, the newer struck off with reason « doublon ».
  page.on('dialog', (dialog) => dialog.accept());
  await page.locator('section.doublon', { hasText: recent }).getByRole('button', { name: `Fusionner : garder la n° ${ancien}` }).click();
  await expect(page.getByRole('status')).toContainText('Les demandes sont fusionnées');
  await page.goto(`/demandes/${recent}`);
  await expect(page.locator('.badge-radiee')).toBeVisible();
  await expect(page.locator('main')).toContainText(`doublon de la demande n° ${ancien}`);
  await page.goto(`/demandes/${ancien}`);
  await expect(page.locator('.badge-active')).toBeVisible();
  await expect(page.locator('main')).toContainText(`la demande n° ${recent}, du même ménage, est radiée comme doublon`);
  await expectAccessible(page);
  await screenshot(page, 'doublon-fusionne');
});
