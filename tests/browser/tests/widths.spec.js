// Every page of every role on a phone (390 px): no page wider than the screen — tables scroll
// in their labelled region, forms and figures fold —, and no serious accessibility fault. The
// printout of an application is the applicant's situation only (no partners' notes, no forms).
const { test, expect } = require('@playwright/test');
const { ACCOUNTS, signIn, expectAccessible } = require('./helpers');

test.use({ viewport: { width: 390, height: 844 } });

/** The pages a role reaches: its menu, and a file when it reads applications. */
async function pagesOf(page) {
  const menu = await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link').all();
  const targets = [];
  for (const link of menu) targets.push(await link.getAttribute('href'));
  return targets;
}

for (const login of Object.keys(ACCOUNTS)) {
  test(`${login}: no page is wider than a phone`, async ({ page }) => {
    await signIn(page, login);
    const targets = await pagesOf(page);
    expect(targets.length).toBeGreaterThan(0);
    const wide = [];
    for (const target of targets) {
      await page.goto(target);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 390) wide.push(`${target}: ${width} px`);
      await expectAccessible(page);
    }
    expect(wide, `${login}: pages wider than 390 px`).toEqual([]);
  });
}

test('a file reads on a phone and prints as the applicant\'s situation only', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/demandes');
  const first = page.locator('main table tbody tr a[href^="/demandes/"]').first();
  await first.click();
  await expect(page.getByRole('heading', { name: 'Cotation' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectAccessible(page);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('heading', { name: 'Notes des partenaires' })).toBeHidden();
  for (const form of await page.locator('main form').all()) await expect(form).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Cotation' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /Situation/ })).toBeVisible();
});
