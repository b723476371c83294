// The partners' daily tasks in a real browser, on the demo territory.
const { test, expect } = require('@playwright/test');
const { ACCOUNTS, signIn, expectAccessible, screenshot } = require('./helpers');

test('the login page is accessible and refuses a wrong password', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/connexion/);
  await expectAccessible(page);
  await screenshot(page, 'connexion');
  await page.getByLabel('Identifiant').fill('admin');
  await page.getByLabel('Mot de passe').fill('pas-le-bon-mot-de-passe');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('alert')).toContainText('Identifiant ou mot de passe incorrect');
});

for (const login of Object.keys(ACCOUNTS)) {
  test(`${login} signs in and every menu page is accessible`, async ({ page }) => {
    await signIn(page, login);
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    const links = await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link').all();
    const targets = [];
    for (const link of links) targets.push(await link.getAttribute('href'));
    expect(targets.length).toBeGreaterThan(0);
    const followed = new Set();
    for (const target of targets) {
      await page.goto(target);
      await expectAccessible(page);
      await screenshot(page, `${login}${target.replaceAll('/', '-')}`);
      // No link of the page leads to a page the role cannot open (one link per kind of page).
      const hrefs = await page.locator('main a[href^="/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      for (const href of hrefs) {
        const path = href.split('#')[0];
        const kind = path.replace(/[0-9]+/g, '#').replace(/\?.*/, '?');
        if (followed.has(kind)) continue;
        followed.add(kind);
        const response = await page.request.get(path, { maxRedirects: 0 });
        expect([403, 404, 405], `${login}: ${target} links to ${path} (${response.status()})`).not.toContain(response.status());
      }
    }
  });
}

test('a reception desk finds a file by a fragment of its number and opens it', async ({ page }) => {
  await signIn(page, 'guichet');
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Demandes' }).click();
  const first = page.locator('table.tableau tbody tr').first().getByRole('link');
  const numero = (await first.textContent()).trim();
  await page.getByLabel('Numéro unique, nom ou prénom').fill(numero.slice(0, 12));
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page.getByRole('link', { name: numero })).toBeVisible();
  await page.getByRole('link', { name: numero }).click();
  await expect(page.getByRole('heading', { name: 'Cotation' })).toBeVisible();
  await expect(page.getByText(`Demande n° ${numero}`)).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'fiche');
});

test('the one search box finds a file by the start of its numéro or of a name, accents and capitals ignored', async ({ page }) => {
  await signIn(page, 'guichet');
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Demandes' }).click();
  const rows = await page.locator('table.tableau tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [tr.cells[0].innerText.trim(), tr.cells[1].childNodes[0].textContent.trim()]));
  const accented = /[éèêëàâîïôöûüç]/i;
  const found = rows.find(([, name]) => accented.test(name.split(' ').pop()));
  expect(found, 'a first name with an accent on the first page').toBeTruthy();
  const [numero, name] = found;
  const words = name.split(' ');
  const prenom = words.pop();
  const plain = (text) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const surname = plain(words[0]).toLowerCase();

  // The dashboard's box, with a fragment of the numéro (the start of it, as people copy it).
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Tableau de bord' }).click();
  await page.getByLabel(/Retrouver une demande/).fill(numero.slice(0, 10));
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page.getByRole('link', { name: numero })).toBeVisible();

  // The first name without its accent, in capitals, or as written, with the surname's start.
  for (const typed of [plain(prenom).toLowerCase(), plain(prenom).toUpperCase(), prenom.toLowerCase()]) {
    await page.getByLabel('Numéro unique, nom ou prénom').fill(`${typed} ${surname.slice(0, 4)}`);
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await expect(page.getByRole('link', { name: numero }), typed).toBeVisible();
  }
  // Ranks the French way: « 1re sur 41 », « 28e sur 29 », never « 1ᵉ ».
  await expect(page.locator('main')).not.toContainText('ᵉ');
  await expect(page.locator('table.tableau tbody tr').first()).toContainText(/\d+(re|e) sur \d+/);
  await expectAccessible(page);
  await screenshot(page, 'recherche');
});

test('a landlord labels a household priority with its evidence', async ({ page }) => {
  await signIn(page, 'bailleur');
  await page.goto('/demandes?prioritaire=non');
  await page.locator('table.tableau tbody tr').first().getByRole('link').click();
  await page.getByRole('link', { name: 'Étiqueter comme prioritaire' }).click();
  await expectAccessible(page);
  await screenshot(page, 'priorite');
  await page.getByLabel("menacé d'expulsion sans relogement").check();
  await page.getByLabel('Justificatif vu').fill('Commandement de quitter les lieux du 04/11/2026');
  await page.getByRole('button', { name: "Enregistrer l'étiquette" }).click();
  await expect(page.getByRole('status')).toContainText("L'étiquette de priorité est enregistrée");
  await expect(page.getByText('Commandement de quitter les lieux du 04/11/2026')).toBeVisible();
  await expect(page.getByText('ménage prioritaire')).toBeVisible();
  await expect(page.locator('ul.criteres')).toContainText('reconnu dans Logis par bailleur');
  await expectAccessible(page);
  await screenshot(page, 'priorite-reconnue');
  // Withdrawn with its reason: off the application, in its history.
  await page.getByText('Retirer cette priorité').click();
  await page.getByLabel('Motif du retrait').fill('Commandement annulé par le juge le 20/11/2026');
  await page.getByRole('button', { name: 'Retirer', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('La priorité est retirée');
  await expect(page.locator('ul.etiquettes')).toContainText('retirée');
  await expect(page.locator('main')).toContainText('Commandement annulé par le juge le 20/11/2026');
});

test('the observer is refused a file and every role is refused the audit log but the EPCI', async ({ page }) => {
  await signIn(page, 'observateur');
  const response = await page.goto('/demandes');
  expect(response.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'Accès refusé' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'refus');
  for (const login of ['guichet', 'bailleur', 'reservataire', 'social']) {
    await page.context().clearCookies();
    await signIn(page, login);
    expect((await page.goto('/journal')).status()).toBe(403);
  }
});

test('the EPCI reads the audit log of the files opened', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/demandes');
  await page.locator('table.tableau tbody tr').first().getByRole('link').click();
  await page.getByRole('link', { name: 'Journal' }).click();
  await expect(page.locator('table.tableau tbody tr').first()).toContainText("consultation d'un dossier");
});

test('a reception desk registers an application and is told what to fix', async ({ page }) => {
  await signIn(page, 'guichet');
  await page.goto('/demandes');
  await page.getByRole('link', { name: 'Enregistrer une demande' }).click();
  await expectAccessible(page);
  await page.getByLabel('Numéro unique').fill('0822611000777G0001');
  await page.getByLabel('Nom', { exact: true }).fill('Essai');
  await page.getByLabel('Prénom').fill('Navigateur');
  await page.getByLabel('Situation de logement').selectOption('locataire_hlm');
  await page.getByLabel('Commune de résidence').fill('Castelsarrasin');
  await page.getByLabel('Bailleur actuel').selectOption({ label: 'Tarn-et-Garonne Habitat' });
  await page.getByLabel('Ressources mensuelles du ménage (€)').fill('douze cents');
  await page.getByLabel('Communes souhaitées').fill('Moissac');
  await page.getByLabel('T3', { exact: true }).check();
  await page.getByLabel('Date de naissance de la personne 1').fill('1988-04-12');
  await page.getByRole('button', { name: 'Enregistrer la demande' }).click();
  await expect(page.getByRole('alert')).toContainText("La demande n'est pas enregistrée");
  await expect(page.locator('#f-ressources_mensuelles-erreur')).toBeVisible();
  // In the words of the form, not of the file format.
  await expect(page.locator('main')).not.toContainText('.csv');
  await expect(page.locator('main')).not.toContainText('colonne');
  await expect(page.getByLabel('Commune de résidence')).toHaveValue('Castelsarrasin');
  await expect(page.getByLabel('Bailleur actuel')).toHaveValue(/.+/);
  await expectAccessible(page);
  await screenshot(page, 'demande-erreurs');
  await page.getByLabel('Ressources mensuelles du ménage (€)').fill('1 200,00');
  await page.getByRole('button', { name: 'Enregistrer la demande' }).click();
  await expect(page.getByRole('status')).toContainText('La demande est enregistrée');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Essai Navigateur');
});

test('the EPCI imports a faulty set and reads the report, nothing written', async ({ page }, testInfo) => {
  const fs = require('fs');
  const path = require('path');
  const dir = testInfo.outputPath('jeu');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'demandes.csv');
  fs.writeFileSync(file, 'numero_unique;date_depot;statut;situation_logement;ressources_mensuelles;communes_souhaitees\n' +
    '0822611000888G0001;31/02/2025;active;heberge_famille;1200;82112\n');
  await signIn(page, 'admin');
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Import', exact: true }).click();
  await expectAccessible(page);
  await page.getByLabel('Fichiers à importer').setInputFiles(file);
  await page.getByRole('button', { name: 'Importer', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Import refusé', { timeout: 30_000 });
  await expect(page.getByRole('alert')).toContainText("rien n'a été écrit");
  await expect(page.getByRole('cell', { name: '31/02/2025' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'import-rapport');
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Télécharger le rapport complet (CSV)' }).click();
  expect((await download).suggestedFilename()).toMatch(/^rapport-import-\d+\.csv$/);
  await page.goto('/demandes?numero=0822611000888G0001&statut=toutes');
  await expect(page.getByText('Aucune demande ne correspond')).toBeVisible();
});

test('the EPCI imports the same files twice: the second time they are recognised, not read again', async ({ page }, testInfo) => {
  const fs = require('fs');
  const path = require('path');
  const dir = testInfo.outputPath('jeu');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'seuils.csv');
  fs.writeFileSync(file, 'annee;q1;q2;q3\n2019;7500;11000;14500\n');
  await signIn(page, 'admin');
  for (const time of ['first', 'second']) {
    await page.goto('/import');
    if (time === 'first') {
      await expect(page.getByLabel('Tout relire, même des fichiers identiques au dernier import')).not.toBeChecked();
      await screenshot(page, 'import-formulaire');
    }
    await page.getByLabel('Fichiers à importer').setInputFiles(file);
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    await expect(page.getByRole('status')).toContainText('Import réussi', { timeout: 30_000 });
    if (time === 'first') {
      await expect(page.getByRole('status')).toContainText('Lignes nouvelles ou modifiées — seuils.csv : 1.');
    }
  }
  await expect(page.getByRole('status')).toContainText("Ces fichiers sont, octet pour octet, ceux de l'import du");
  await expect(page.getByRole('status')).toContainText('Tout relire');
  await expectAccessible(page);
  await screenshot(page, 'import-memes-fichiers');
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, 'import-memes-fichiers-telephone');
  await page.goto('/import');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, 'import-formulaire-telephone');
});

test('an elected member downloads the bilan PDF', async ({ page }) => {
  await signIn(page, 'observateur');
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Bilan', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Bilan \d{4}$/);
  const download = page.waitForEvent('download', { timeout: 120_000 });
  await page.getByRole('link', { name: 'Télécharger le PDF' }).click();
  const pdf = await download;
  expect(pdf.suggestedFilename()).toMatch(/^bilan-\d{4}\.pdf$/);
  const fs = require('fs');
  const bytes = fs.readFileSync(await pdf.path());
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
});

test('a refused account keeps what was typed, chosen from lists, and no address gives an empty page', async ({ page }) => {
  await signIn(page, 'admin');
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Utilisateurs' }).click();
  await page.getByText('Créer ou remplacer un compte').click();
  await page.getByLabel('Identifiant', { exact: true }).fill('accueil.moissac');
  await page.getByLabel('Rôle').selectOption({ label: "guichet d'enregistrement" });
  await page.getByLabel('Mot de passe').fill('un mot de passe assez long');
  await page.getByRole('button', { name: 'Enregistrer le compte' }).click();
  const form = page.locator('form[action="/utilisateurs"]');
  await expect(form.getByRole('alert')).toContainText("rattaché à une commune ou à un organisme");
  await expect(form.getByRole('alert')).not.toContainText('--');
  await expect(page.getByLabel('Identifiant', { exact: true })).toHaveValue('accueil.moissac');
  await expect(page.getByLabel('Rôle')).toHaveValue('guichet');
  await page.getByLabel('Commune de rattachement').fill('Moissac');
  await page.getByLabel('Mot de passe').fill('un mot de passe assez long');
  await page.getByRole('button', { name: 'Enregistrer le compte' }).click();
  await expect(page.getByRole('status')).toBeVisible();
  await expect(page.locator('table').first()).toContainText('commune de Moissac');
  await expectAccessible(page);
  await screenshot(page, 'utilisateurs');

  // An address that only takes a form, opened directly: the page above it, not an empty 405.
  for (const [address, above] of [['/utilisateurs/jetons', '/utilisateurs'], ['/parametres/objectifs', '/parametres'], ['/deconnexion', '/']]) {
    const response = await page.goto(address);
    expect(response.status(), address).toBe(200);
    expect(new URL(page.url()).pathname, address).toBe(above);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  }
});
