// The life of an application in time, as a reception desk and the EPCI see it: the applications
// to renew within a month, the deadline on the file, the striking-off of the unrenewed (run
// here from the command line, as the server does every night) and its undoing by the EPCI.
// Last of the suite: it strikes off the demo's unrenewed applications.
const { test, expect } = require('@playwright/test');
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { signIn, expectAccessible, screenshot } = require('./helpers');

const logis = process.env.LOGIS_BIN || '../../target/debug/logis';
const database = `sqlite://${path.resolve(__dirname, '..', '.demo', 'logis.db')}`;

test.describe.configure({ mode: 'serial' });

test('a reception desk lists the applications to renew and reads the deadline on the file', async ({ page }) => {
  await signIn(page, 'guichet');
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Demandes' }).click();
  await page.getByRole('link', { name: 'À renouveler dans le mois' }).click();
  await expect(page.getByRole('status')).toContainText('À renouveler');
  await expect(page.getByLabel('Commune')).toHaveValue('Moissac');
  const first = page.locator('table.tableau tbody tr').first().getByRole('link');
  await expect(first).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'a-renouveler');
  await first.click();
  const deadline = page.locator('dt', { hasText: 'À renouveler avant le' }).locator('xpath=following-sibling::dd');
  await expect(deadline).toContainText(/\d{2}\/\d{2}\/\d{4} \((échéance dépassée|dans moins d'un mois)/);
});

test('the unrenewed are struck off, and the EPCI reinstates one within the month', async ({ page }) => {
  const bin = path.isAbsolute(logis) ? logis : path.resolve(__dirname, '..', logis);
  const said = execFileSync(bin, ['--database', database, 'radiations']).toString();
  const numero = said.split('\n').map((l) => l.trim()).find((l) => /^\d{10}/.test(l));
  expect(numero, said).toBeTruthy();
  await signIn(page, 'admin');
  await page.goto(`/demandes/${numero}`);
  await expect(page.locator('.badge-radiee')).toBeVisible();
  await expect(page.locator('main')).toContainText('non-renouvellement');
  page.on('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: 'Réinscrire la demande' }).click();
  await expect(page.getByRole('status')).toContainText('La demande est réinscrite');
  await expect(page.locator('.badge-active')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'reinscrite');
});
