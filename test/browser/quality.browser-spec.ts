/**
 * Accessibility (axe, WCAG 2.2 A/AA) on every screen and dialog in both themes, a keyboard-only
 * walk, and screenshots of every screen at phone, tablet and desktop sizes with no sideways
 * scrolling.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  axeViolations,
  BROWSER_SETUP_TIMEOUT_MS,
  type BrowserRig,
  horizontalOverflow,
  newPage,
  SCREENSHOT_DIR,
  signIn,
  startBrowserRig,
  VIEWPORTS,
} from '../support/browser';
import { TEST_ADMIN_KEY } from '../support/test-app';

jest.setTimeout(180_000);

interface Screen {
  name: string;
  path: string;
  heading: string | RegExp;
  /** Opens a dialog on the screen (checked separately). */
  dialog?: { open: (page: Page) => Promise<void>; name: string | RegExp };
}

describe('The web app: accessibility, keyboard, responsive', () => {
  let rig: BrowserRig;
  let customerId = '';
  let importId = '';
  let screens: Screen[] = [];

  beforeAll(async () => {
    rig = await startBrowserRig();
    const names = [
      'The Coffee House',
      'Coffee Corner',
      'Sign World',
      'Thread & Needle',
      'Ink Spot',
    ];
    for (const [i, companyName] of names.entries()) {
      const response = await rig.api('POST', '/api/v1/customers', {
        companyName,
        contactName: ['John Smith', 'Mia Wong', 'Raj Patel', 'Lena Fischer', 'Tom Ray'][i],
        email: `contact${i}@example.com`,
        phone: `555-01${i}0`,
        tags: i === 0 ? ['embroidery', 'vip'] : [],
        billingAddress: {
          line1: `${i + 1} Main Street`,
          city: 'Portland',
          region: 'OR',
          postalCode: '97201',
          country: 'US',
        },
        notes: i === 0 ? 'Prefers pickup on Fridays.' : null,
      });
      const body = (await response.json()) as { id: string };
      if (i === 0) customerId = body.id;
    }
    await rig.api('POST', '/api/v1/work-orders', {
      customerId,
      title: '100 embroidered polos',
      quantity: 100,
      dueDate: '2027-02-01',
    });
    await rig.api('PATCH', `/api/v1/customers/${customerId}`, { contactName: 'Sarah Johnson' });
    const form = new FormData();
    form.append(
      'file',
      new Blob(['Company,Contact,Email\nGood Co,Ann,ann@good.example\nBad,Bob,not-an-email\n'], {
        type: 'text/csv',
      }),
      'customers.csv',
    );
    const upload = await fetch(`${rig.baseUrl}/api/v1/customers/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` },
      body: form,
    });
    expect(upload.status).toBe(202);
    const imported = await rig.api('GET', '/api/v1/imports');
    importId = ((await imported.json()) as { data: { id: string }[] }).data[0]?.id ?? '';

    screens = [
      { name: 'customers', path: '/customers', heading: 'Customers' },
      { name: 'customers-search', path: '/customers?q=Coffee', heading: 'Customers' },
      { name: 'customer-create', path: '/customers/new', heading: 'Create customer' },
      {
        name: 'customer',
        path: `/customers/${customerId}`,
        heading: /The Coffee House/,
        dialog: {
          open: (p) => p.getByRole('button', { name: 'Archive customer' }).click(),
          name: /Archive The Coffee House/,
        },
      },
      {
        name: 'customer-new-order',
        path: `/customers/${customerId}`,
        heading: /The Coffee House/,
        dialog: {
          open: (p) => p.getByRole('button', { name: 'New work order' }).click(),
          name: 'New work order',
        },
      },
      {
        name: 'customer-edit',
        path: `/customers/${customerId}/edit`,
        heading: 'Edit The Coffee House',
      },
      { name: 'imports', path: '/imports', heading: 'Imports' },
      { name: 'import-new', path: '/imports/new', heading: 'Import customers from CSV' },
      ...(importId
        ? [{ name: 'import-detail', path: `/imports/${importId}`, heading: /customers\.csv/ }]
        : []),
      {
        name: 'admin-people',
        path: '/admin/people',
        heading: 'Administration',
        dialog: {
          open: (p) => p.getByRole('button', { name: 'Invite someone' }).click(),
          name: 'Invite someone',
        },
      },
      {
        name: 'admin-api-keys',
        path: '/admin/api-keys',
        heading: 'Administration',
        dialog: {
          open: (p) => p.getByRole('button', { name: 'Create API key' }).click(),
          name: 'Create API key',
        },
      },
      { name: 'admin-audit', path: '/admin/audit', heading: 'Administration' },
      { name: 'account', path: '/account', heading: 'Your account' },
      {
        name: 'design',
        path: '/design',
        heading: 'Design system',
        dialog: {
          open: (p) => p.getByRole('button', { name: 'Open dialog' }).click(),
          name: 'A dialog',
        },
      },
    ];
  }, BROWSER_SETUP_TIMEOUT_MS);
  afterAll(() => rig?.close());

  const open = async (page: Page, screen: Screen) => {
    await page.goto(screen.path);
    await page.getByRole('heading', { level: 1, name: screen.heading }).waitFor();
    // Let lists and live regions settle (no skeleton left).
    await page
      .locator('.skeleton')
      .first()
      .waitFor({ state: 'detached', timeout: 10_000 })
      .catch(() => undefined);
  };

  for (const theme of ['light', 'dark'] as const) {
    it(`has no WCAG 2.2 A/AA violations on any screen or dialog (${theme} theme)`, async () => {
      const { page, errors, context } = await newPage(rig, { theme });
      const found: Record<string, string[]> = {};
      await page.goto('/sign-in');
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      found['sign-in'] = await axeViolations(page);
      await signIn(page);
      expect(await page.evaluate('document.documentElement.dataset.theme')).toBe(theme);
      for (const screen of screens) {
        await open(page, screen);
        if (!screen.dialog) found[screen.name] = await axeViolations(page);
        else {
          if (!found[screen.name.replace(/-new-order$/, '')])
            found[screen.name] = await axeViolations(page);
          await screen.dialog.open(page);
          await page
            .getByRole(/Archive/.test(String(screen.dialog.name)) ? 'alertdialog' : 'dialog', {
              name: screen.dialog.name,
            })
            .waitFor();
          found[`${screen.name} (dialog)`] = await axeViolations(page);
          await page.keyboard.press('Escape');
        }
      }
      // A form showing its errors.
      await page.goto('/customers/new');
      await page.getByRole('button', { name: 'Create customer' }).click();
      await page.getByText('Enter the company name.').waitFor();
      found['customer-create (errors)'] = await axeViolations(page);
      const failing = Object.fromEntries(Object.entries(found).filter(([, v]) => v.length > 0));
      expect(failing).toEqual({});
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('is usable with the keyboard alone: sign in, search, create a customer, open and close a dialog (focus returns)', async () => {
    const { page, errors, context } = await newPage(rig);
    await page.goto('/sign-in');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await tabTo(page, 'Email');
    await page.keyboard.type(ADMIN_EMAIL);
    await page.keyboard.press('Tab');
    await page.keyboard.type(ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
    // Signed in: focus is on the new screen's heading (the button pressed is gone).
    expect(await focusedName(page)).toBe('Customers');

    // On a page load the skip link comes first and is visible when focused.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Skip to content');
    const skipLink = await page.getByRole('link', { name: 'Skip to content' }).boundingBox();
    expect(skipLink?.y ?? -1).toBeGreaterThanOrEqual(0);

    await tabTo(page, 'Search');
    await page.keyboard.type('Coffee');
    await page.getByText('2 customers matching “Coffee”').waitFor();

    await tabTo(page, 'Create customer');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Create customer' }).waitFor();
    // Focus moved to the new screen's heading.
    expect(await focusedName(page)).toBe('Create customer');
    await tabTo(page, 'Company name');
    await page.keyboard.type('Keyboard Prints');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Kay Board');
    await page.keyboard.press('Tab');
    await page.keyboard.type('kay@keyboardprints.com');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /Keyboard Prints/ }).waitFor();

    await tabTo(page, 'Archive customer');
    await page.keyboard.press('Enter');
    await page.getByRole('alertdialog').waitFor();
    // Focus is inside the dialog, on the safe choice.
    expect(await focusedName(page)).toBe('Cancel');
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Archive customer');
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Cancel');
    await page.keyboard.press('Escape');
    await page.getByRole('alertdialog').waitFor({ state: 'detached' });
    expect(await focusedNameAfterClose(page)).toBe('Archive customer');

    await tabTo(page, 'New work order');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'New work order' }).waitFor();
    expect(await focusedName(page)).toBe('Title');
    await page.keyboard.type('Keyboard order');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('table', { name: 'Work orders' }).getByText('Keyboard order').waitFor();
    await tabTo(page, /^Start production/);
    await page.keyboard.press('Enter');
    await page.getByRole('table', { name: 'Work orders' }).getByText('In production').waitFor();
    // Visible focus: the focused control draws an outline.
    const outline = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
    expect(outline).toBe('solid');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('works at phone, tablet and desktop sizes without sideways scrolling; screenshots saved', async () => {
    const overflow: Record<string, number> = {};
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      const { page, errors, context } = await newPage(rig, { viewport });
      await page.goto('/sign-in');
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.screenshot({ path: join(SCREENSHOT_DIR, `sign-in-${size}.png`) });
      await signIn(page);
      for (const screen of screens.filter((s) => s.name !== 'customer-new-order')) {
        await open(page, screen);
        overflow[`${screen.name} ${size}`] = await horizontalOverflow(page);
        await page.screenshot({
          path: join(SCREENSHOT_DIR, `${screen.name}-${size}.png`),
          fullPage: true,
        });
        if (screen.dialog) {
          await screen.dialog.open(page);
          await page.locator('[role=dialog],[role=alertdialog]').waitFor();
          await page.screenshot({
            path: join(SCREENSHOT_DIR, `${screen.name}-dialog-${size}.png`),
          });
          await page.keyboard.press('Escape');
        }
      }
      if (size === 'phone') {
        // The table turns into a list of cards: its header row is visually hidden.
        await page.goto('/customers');
        const header = page.getByRole('table', { name: 'Customers' }).locator('thead');
        expect((await header.boundingBox())?.height ?? 0).toBeLessThanOrEqual(1);
      }
      expect(errors).toEqual([]);
      await context.close();
    }
    expect(Object.entries(overflow).filter(([, px]) => px > 0)).toEqual([]);
  });
});

async function focusedName(page: Page): Promise<string> {
  return String(
    await page.evaluate(`(() => {
      const el = document.activeElement;
      if (!el) return '';
      const labelled = el.getAttribute('aria-label');
      if (labelled) return labelled;
      if (el.labels && el.labels.length) return el.labels[0].textContent.trim();
      return (el.textContent || '').trim();
    })()`),
  );
}

/**
 * The focused control's name once a closed dialog has handed focus back: Radix returns it
 * in a timer after the dialog leaves the page, so until then the page's body has it.
 */
async function focusedNameAfterClose(page: Page): Promise<string> {
  await page.waitForFunction('document.activeElement !== document.body', undefined, {
    timeout: 5_000,
  });
  return focusedName(page);
}

/** Presses Tab until the focused control has this name (never clicks). */
async function tabTo(page: Page, name: string | RegExp, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    const current = await focusedName(page);
    if (typeof name === 'string' ? current === name : name.test(current)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached "${String(name)}" (last: "${await focusedName(page)}")`);
}
