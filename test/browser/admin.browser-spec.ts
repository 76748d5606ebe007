/**
 * Import (US7), administration, sessions: sign-in errors, sign-out, "session expired" that
 * returns the person to where they were, and the first-run setup.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  BROWSER_SETUP_TIMEOUT_MS,
  type BrowserRig,
  expectEventually,
  newPage,
  signIn,
  startBrowserRig,
} from '../support/browser';

jest.setTimeout(90_000);
const FIXTURES = join(__dirname, '..', 'fixtures', 'import');

describe('The web app: import, administration and sessions', () => {
  let rig: BrowserRig;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    rig = await startBrowserRig();
    ({ page, errors } = await newPage(rig));
    await signIn(page);
  }, BROWSER_SETUP_TIMEOUT_MS);
  afterAll(() => rig?.close());
  afterEach(() => expect(errors).toEqual([]));

  it('US7: upload the CSV through the import interface, follow it, see the failed rows and download them', async () => {
    await page.goto('/customers');
    await page.getByRole('link', { name: 'Import CSV' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Import customers from CSV' }).waitFor();
    await page.getByLabel('CSV file').setInputFiles(join(FIXTURES, 'not-ok', 'mixed-errors.csv'));
    await page.getByText('mixed-errors.csv').waitFor();
    await page.getByRole('button', { name: 'Start import' }).click();

    await page.getByRole('heading', { level: 1, name: /mixed-errors\.csv/ }).waitFor();
    const status = page.getByRole('status').filter({ hasText: 'rows done' });
    await status.filter({ hasText: 'Finished.' }).waitFor({ timeout: 30_000 });
    expect(await status.textContent()).toMatch(
      /10 of 10 rows done: 4 imported \(4 new, 0 updated\), 0 skipped, 6 failed\. Finished\./,
    );
    const failed = page.getByRole('table', { name: 'Failed rows' });
    await failed.waitFor();
    expect(await failed.getByRole('row').count()).toBeGreaterThanOrEqual(7);
    await failed.getByText('Row 3', { exact: true }).waitFor();
    await failed.getByText('not-an-email').waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download errors CSV' }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv).toContain('not-an-email');

    await page.getByRole('link', { name: '← Imports' }).click();
    const past = page.getByRole('table', { name: 'Past imports' });
    await past.getByRole('link', { name: 'mixed-errors.csv' }).waitFor();
    await past.getByText('Completed').waitFor();
    await page.goto('/customers?q=Good%20Co');
    await page.getByRole('link', { name: 'Good Co' }).waitFor();
  });

  it('US7 errors: a CSV with an unrecognised header is mapped before upload; a bad file is refused with words', async () => {
    await page.goto('/imports/new');
    await page.getByLabel('CSV file').setInputFiles({
      name: 'german.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Firma,Contact,Email\nNadel GmbH,Eva Nadel,eva@nadel.example\n'),
    });
    await page.getByText('No column for: Company name.').waitFor();
    await page.getByLabel('“Firma”').selectOption('companyName');
    await page.getByText('No column for: Company name.').waitFor({ state: 'detached' });
    await page.getByLabel('Dry run: check the file and report, without saving customers').check();
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByText('Dry run, nothing saved', { exact: false }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: '1 would be imported' })
      .filter({ hasText: 'Finished.' })
      .waitFor({ timeout: 30_000 });

    await page.goto('/imports/new');
    await page
      .getByLabel('CSV file')
      .setInputFiles(join(FIXTURES, 'not-ok', 'missing-contact-column.csv'));
    await page.getByText('No column for: Contact person.').waitFor();
    await page.getByRole('button', { name: 'Start import' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'The file was not accepted' });
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/contact/i);
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('x') });
    await page.getByText('photo.png does not look like a CSV file. Pick a .csv file.').waitFor();
  });

  it('Administration: invite a person (link shown once), change a role, disable; create an API key (shown once) and revoke it; filter the audit log', async () => {
    await page.goto('/admin');
    await page.getByRole('tab', { name: 'People', selected: true }).waitFor();
    await page.getByRole('button', { name: 'Invite someone' }).click();
    let dialog = page.getByRole('dialog', { name: 'Invite someone' });
    await dialog.getByLabel('Name').fill('Mo Viewer');
    await dialog.getByLabel('Email').fill('mo@shop.test');
    await dialog.getByRole('button', { name: 'Invite' }).click();
    dialog = page.getByRole('dialog', { name: 'Invitation link' });
    const link = (await dialog.getByLabel('Set-password link').textContent()) ?? '';
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/set-password\?token=/);
    await dialog.getByRole('button', { name: 'Done' }).click();
    const people = page.getByRole('table', { name: 'People' });
    await people.getByText('mo@shop.test').waitFor();
    await people.getByLabel('Role of Mo Viewer').selectOption('manager');
    await page.getByText('Mo Viewer is now manager', { exact: true }).waitFor();

    // Mo sets a password through the link and signs in, in their own browser.
    const mo = await newPage(rig);
    await mo.page.goto(link);
    await mo.page.getByLabel('New password').fill('short');
    await mo.page.getByRole('button', { name: 'Set password' }).click();
    await mo.page.getByText('Use at least 12 characters.').waitFor();
    await mo.page.getByLabel('New password').fill('a long enough passphrase 42');
    await mo.page.getByRole('button', { name: 'Set password' }).click();
    await mo.page.getByText('Your password is set.').waitFor();
    await signIn(mo.page, 'mo@shop.test', 'a long enough passphrase 42');
    // A manager sees no admin screens.
    expect(await mo.page.getByRole('link', { name: 'Administration' }).count()).toBe(0);

    await people.getByRole('button', { name: 'Disable Mo Viewer' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Disable' }).click();
    await page.getByText('Mo Viewer can no longer sign in', { exact: true }).waitFor();
    // Their session ended: their next request sends them to sign in.
    await mo.page.getByRole('link', { name: 'Account' }).click();
    await mo.page.getByText('Your session has ended').waitFor();
    expect(mo.errors).toEqual([]);
    await mo.context.close();

    await page.getByRole('tab', { name: 'API keys' }).click();
    expect(new URL(page.url()).pathname).toBe('/admin/api-keys');
    await page.getByRole('button', { name: 'Create API key' }).click();
    dialog = page.getByRole('dialog', { name: 'Create API key' });
    await dialog.getByLabel('Name').fill('Web shop sync');
    await dialog.getByLabel('Role').selectOption('manager');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const key =
      (await page
        .getByRole('dialog', { name: 'Your new API key' })
        .getByLabel('API key')
        .textContent()) ?? '';
    expect(key).toMatch(/^csk_/);
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    const works = await fetch(`${rig.baseUrl}/api/v1/customers`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(works.status).toBe(200);
    await page.getByRole('button', { name: 'Revoke Web shop sync' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke key' }).click();
    await page
      .getByRole('table', { name: 'API keys' })
      .getByRole('row', { name: /Web shop sync/ })
      .getByText('Revoked')
      .waitFor();
    const refused = await fetch(`${rig.baseUrl}/api/v1/customers`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(refused.status).toBe(401);

    await page.getByRole('tab', { name: 'Audit log' }).click();
    await page.getByLabel('About').selectOption('api_key');
    const entries = page.getByRole('table', { name: 'Audit entries' });
    await entries
      .getByText(/revoked/i)
      .first()
      .waitFor();
    // Only entries about API keys once the filter applies: the key's creation and revocation.
    await expectEventually(
      async () =>
        new Set(
          await entries
            .getByRole('row')
            .evaluateAll((rows: { lastElementChild: { textContent: string | null } | null }[]) =>
              rows.slice(1).map((row) => row.lastElementChild?.textContent),
            ),
        ),
      new Set(['api key']),
    );
    await entries.getByText('Ana created the API key “Web shop sync”').waitFor();
    await entries.getByText('Ana revoked the API key “Web shop sync”').waitFor();
  });

  it('Sign-in errors, sign-out, and "session expired" that returns the person to where they were', async () => {
    const visitor = await newPage(rig);
    const p = visitor.page;
    await p.goto('/customers?q=Coffee');
    await p.waitForURL(/\/sign-in\?next=/);
    await p.getByLabel('Email').fill(ADMIN_EMAIL);
    await p.getByLabel('Password').fill('wrong password!!');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p
      .getByRole('alert')
      .filter({ hasText: 'That email and password do not match an account.' })
      .waitFor();
    expect(await p.getByLabel('Email').inputValue()).toBe(ADMIN_EMAIL);
    await p.getByLabel('Password').fill(ADMIN_PASSWORD);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
    expect(new URL(p.url()).searchParams.get('q')).toBe('Coffee');

    // The session ends elsewhere (its cookie is gone); the next request sends them to sign
    // in and back to the same screen.
    await p.goto('/admin/audit');
    await p.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
    await visitor.context.clearCookies();
    await p.getByRole('link', { name: 'Customers' }).first().click();
    await p
      .getByText('Your session has ended. Sign in again to continue where you were.')
      .waitFor();
    await p.getByLabel('Email').fill(ADMIN_EMAIL);
    await p.getByLabel('Password').fill(ADMIN_PASSWORD);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
    expect(new URL(p.url()).pathname).toBe('/customers');

    await p.getByRole('button', { name: 'Sign out' }).click();
    await p.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await p.goto('/customers');
    await p.waitForURL(/\/sign-in/);
    expect(visitor.errors).toEqual([]);
    await visitor.context.close();
  });
});

describe('First run: the printed setup link creates the first admin', () => {
  let rig: BrowserRig;
  beforeAll(async () => {
    rig = await startBrowserRig({
      BOOTSTRAP_ADMIN_EMAIL: '',
      BOOTSTRAP_ADMIN_PASSWORD: '',
      BOOTSTRAP_ADMIN_NAME: '',
    });
  }, BROWSER_SETUP_TIMEOUT_MS);
  afterAll(() => rig?.close());

  it('follows the link, creates the admin, is signed in; the link cannot be used twice', async () => {
    const printed = /Open (http:\/\/\S+\/setup\?token=\S+) to create the first admin/.exec(
      rig.service.stdout(),
    );
    expect(printed).not.toBeNull();
    const url = new URL(printed![1]);
    const { page, errors } = await newPage(rig);
    await page.goto(url.pathname + url.search);
    await page.getByRole('heading', { level: 1, name: 'Create the first admin' }).waitFor();
    await page.getByLabel('Your name').fill('Owner');
    await page.getByLabel('Email').fill('owner@shop.test');
    await page.getByLabel('Password').fill('stitch margin lantern 2026');
    await page.getByRole('button', { name: 'Create admin and sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
    await page.getByRole('heading', { name: 'No customers yet' }).waitFor();
    await page.getByRole('link', { name: 'Import CSV' }).first().waitFor();

    const again = await newPage(rig);
    await again.page.goto(url.pathname + url.search);
    await again.page.getByRole('heading', { level: 1, name: 'Already set up' }).waitFor();
    expect([...errors, ...again.errors]).toEqual([]);
  });
});
