// The applicants' space on a phone: an applicant signs in with the numéro unique, the
// titulaire's date of birth and the code the demo sent to the local SMTP server (read from its
// maildir, as a mail program reads it), then reads where their application stands — status,
// cotation in words, position with its chart —, deposits a document and renews their
// application with its receipt, without an accessibility fault.
const { test, expect } = require('@playwright/test');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { signIn, expectAccessible, screenshot } = require('./helpers');

const maildir = path.resolve(__dirname, '..', '.courriels', 'new');

/** The subjects of the messages received so far, decoded by Python's email parser. */
function subjects() {
  if (!fs.existsSync(maildir)) return [];
  const script = 'import email, sys\nfrom email.header import decode_header, make_header\n'
    + 'for p in sys.argv[1:]:\n'
    + '    m = email.message_from_binary_file(open(p, "rb"))\n'
    + '    print(str(make_header(decode_header(m["Subject"]))))\n';
  const files = fs.readdirSync(maildir).map((f) => path.join(maildir, f))
    .sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs);
  if (files.length === 0) return [];
  return execFileSync('python3', ['-c', script, ...files]).toString().trim().split('\n');
}

/** Numéros and titulaires' dates of birth (AAAA-MM-JJ) of the first applications listed. */
async function applicants(page) {
  await signIn(page, 'admin');
  await page.goto('/demandes');
  const numeros = await page.locator('table.tableau tbody tr td:first-child a').allTextContents();
  const found = [];
  for (const numero of numeros.slice(0, 6)) {
    await page.goto(`/demandes/${numero.trim()}`);
    const born = await page.locator('section[aria-labelledby="t-menage"] tbody tr').first().locator('td').nth(2).textContent();
    const [d, m, y] = born.trim().split('/');
    found.push({ numero: numero.trim(), naissance: `${y}-${m}-${d}` });
  }
  return found;
}

test('an applicant signs in on a phone with the code received by e-mail and reads their application', async ({ browser }) => {
  const partner = await browser.newPage();
  const candidates = await applicants(partner);
  await partner.close();

  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto('/demandeur');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Suivre ma demande de logement social');
  await expectAccessible(page);
  await screenshot(page, 'demandeur-connexion-390');

  // The first applicant with an e-mail on file gets a code (without one, a desk's letter).
  let chosen = null;
  for (const candidate of candidates) {
    const before = subjects().length;
    await page.goto('/demandeur/connexion');
    await page.getByLabel('Numéro unique de votre demande').fill(candidate.numero);
    await page.getByLabel('Date de naissance du demandeur principal').fill(candidate.naissance);
    await page.getByRole('button', { name: 'Recevoir mon code par courriel' }).click();
    if (await page.getByRole('heading', { name: 'Votre code de connexion' }).isVisible()) {
      await expect(page.getByRole('status')).toContainText(/•••@exemple\.fr/i);
      await expect.poll(() => subjects().length).toBeGreaterThan(before);
      chosen = candidate;
      break;
    }
    await expect(page.getByRole('alert')).toContainText('guichet');
  }
  expect(chosen, 'an applicant with an e-mail among the first listed').not.toBeNull();
  const subject = subjects().pop();
  const code = (subject.match(/\d{6}/) || [])[0];
  expect(code, subject).toBeTruthy();
  await expectAccessible(page);
  await screenshot(page, 'demandeur-code-390');

  // A wrong code first: the attempts left are said.
  const wrong = code === '000000' ? '111111' : '000000';
  await page.getByLabel('Code à 6 chiffres').fill(wrong);
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await expect(page.getByRole('alert')).toContainText('il vous reste 4 essai(s)');

  // The right one, typed from the keyboard only.
  await page.getByLabel('Code à 6 chiffres').focus();
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ma demande de logement social');
  await expect(page.locator('main')).toContainText(chosen.numero);
  await expect(page.getByRole('heading', { name: 'Ma cotation' })).toBeVisible();
  await expect(page.locator('.score-phrase')).toContainText(/Votre demande compte −?\d+ points?\./);
  await expect(page.locator('.criteres-demandeur li').first()).toContainText(/vérifié|déclaré|en attente/);
  await expect(page.getByRole('img', { name: /Votre score/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: "Le délai d'attente observé" })).toBeVisible();
  await expectAccessible(page);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, 'no sideways scrolling on a phone').toBeLessThanOrEqual(390);
  await screenshot(page, 'demandeur-espace-390');

  // A document deposited from the phone.
  const photo = path.join(require('node:os').tmpdir(), 'avis-imposition.png');
  fs.writeFileSync(photo, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('une image de test')]));
  await page.getByLabel('Ce que prouve le document').selectOption('ressources');
  await page.getByLabel(/Le document \(PDF, JPEG ou PNG/).setInputFiles(photo);
  await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Votre justificatif est bien reçu');
  await expect(page.locator('.pieces-deposees')).toContainText('avis-imposition.png');
  await expect(page.locator('.pieces-deposees')).toContainText("en attente d'examen");
  await expectAccessible(page);

  // Renewed in a few taps, with its receipt.
  await page.getByRole('link', { name: 'Renouveler ma demande en ligne' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Renouveler ma demande');
  await expectAccessible(page);
  await screenshot(page, 'demandeur-renouvellement-390');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide, 'the renewal form fits a phone').toBeLessThanOrEqual(390);
  await page.getByLabel('Je certifie que ces informations sont exactes.').check();
  await page.getByRole('button', { name: 'Renouveler ma demande' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Votre demande est renouvelée');
  const [receipt] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Télécharger mon attestation (PDF)' }).click(),
  ]);
  expect(receipt.suggestedFilename()).toBe('attestation-renouvellement.pdf');
  const pdf = fs.readFileSync(await receipt.path());
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  await page.getByRole('link', { name: 'Revenir à ma demande' }).click();

  // Signing out closes the space.
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page.getByRole('status')).toContainText('Vous êtes déconnecté');
  await page.goto('/demandeur/espace');
  await expect(page).toHaveURL(/\/demandeur\/connexion$/);
  await context.close();
});
