/**
 * The plan's user stories, each walked in Chromium as the plan words it, on the real built
 * service and a real PostgreSQL, plus their error paths.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import {
  ADMIN_NAME,
  BROWSER_SETUP_TIMEOUT_MS,
  expectEventually,
  type BrowserRig,
  newPage,
  signIn,
  startBrowserRig,
} from '../support/browser';

jest.setTimeout(90_000);

interface Created {
  id: string;
  version: number;
}

describe('The web app: user stories in a real browser', () => {
  let rig: BrowserRig;
  let page: Page;
  let errors: string[];

  const createCustomer = async (body: Record<string, unknown>): Promise<Created> => {
    const response = await rig.api('POST', '/api/v1/customers', body);
    expect(response.status).toBe(201);
    return (await response.json()) as Created;
  };
  const createOrder = async (customerId: string, title: string): Promise<{ id: string }> => {
    const response = await rig.api('POST', '/api/v1/work-orders', {
      customerId,
      title,
      quantity: 10,
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string };
  };
  const table = () => page.getByRole('table', { name: 'Customers' });

  beforeAll(async () => {
    rig = await startBrowserRig();
    await createCustomer({
      companyName: 'The Coffee House',
      contactName: 'John Smith',
      email: 'john@coffeehouse.com',
      phone: '555-0123',
    });
    await createCustomer({
      companyName: 'Coffee Corner',
      contactName: 'Mia Wong',
      email: 'mia@coffeecorner.com',
    });
    await createCustomer({
      companyName: 'Sign World',
      contactName: 'Raj Patel',
      email: 'raj@signworld.com',
    });
    ({ page, errors } = await newPage(rig));
    await signIn(page);
  }, BROWSER_SETUP_TIMEOUT_MS);
  afterAll(() => rig?.close());
  afterEach(() => expect(errors).toEqual([]));

  it('US2: the list shows Company Name, Contact Person, Email, Phone, Active Orders, Total Orders and the total', async () => {
    await page.goto('/customers');
    await page.getByText('3 customers', { exact: true }).waitFor();
    const headers = await table().getByRole('columnheader').allTextContents();
    expect(headers.map((h) => h.replace(/[▲▼↕]/g, '').trim())).toEqual([
      'Company Name',
      'Contact Person',
      'Email',
      'Phone',
      'Active Orders',
      'Total Orders',
    ]);
    const first = table().getByRole('row').nth(1);
    expect(await first.getByRole('cell').allTextContents()).toEqual([
      'Coffee Corner',
      'Mia Wong',
      'mia@coffeecorner.com',
      '—',
      '0',
      '0',
    ]);
    // Sorting by a column header: Z–A, then the URL keeps it.
    await table()
      .getByRole('button', { name: /Company Name/ })
      .click();
    await expectEventually(
      () => table().getByRole('row').nth(1).getByRole('link').textContent(),
      'The Coffee House',
    );
    expect(new URL(page.url()).searchParams.get('sort')).toBe('-companyName');
    expect(
      await table()
        .getByRole('columnheader', { name: /Company Name/ })
        .getAttribute('aria-sort'),
    ).toBe('descending');
  });

  it('US3: typing Coffee in the search field filters as you type; the term stays in the URL across a reload', async () => {
    await page.goto('/customers');
    await page.getByLabel('Search').pressSequentially('Coffee', { delay: 30 });
    await page.getByText('2 customers matching “Coffee”').waitFor();
    expect(await table().getByRole('link').allTextContents()).toEqual([
      'Coffee Corner',
      'The Coffee House',
    ]);
    expect(new URL(page.url()).searchParams.get('q')).toBe('Coffee');
    await page.reload();
    await page.getByText('2 customers matching “Coffee”').waitFor();
    expect(await page.getByLabel('Search').inputValue()).toBe('Coffee');
    // No match: the empty state offers to clear the filters.
    await page.getByLabel('Search').fill('zzzz-nothing');
    await page.getByRole('heading', { name: 'No customers match' }).waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByText('3 customers', { exact: true }).waitFor();
  });

  it('US1: navigate to customer creation, fill in, save, and the customer appears in the list', async () => {
    await page.goto('/customers');
    await page.getByRole('link', { name: 'Create customer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Create customer' }).waitFor();
    await page.getByLabel('Company name').fill('Thread & Needle');
    await page.getByLabel('Contact person').fill('Lena Fischer');
    await page.getByLabel('Email').fill('Lena@ThreadNeedle.com');
    await page.getByLabel('Phone').fill('555-0199 ext. 4');
    await page.getByRole('group', { name: 'Billing address' }).getByLabel('City').fill('Portland');
    await page.getByLabel('Tags').fill('embroidery, wholesale');
    await page.getByLabel('Tax exempt').check();
    await page.getByLabel('Notes').fill('Prefers pickup on Fridays.');
    await page.getByRole('button', { name: 'Create customer' }).click();

    await page.getByRole('heading', { level: 1, name: /Thread & Needle/ }).waitFor();
    expect(page.url()).toMatch(/\/customers\/[0-9a-f-]{36}$/);
    await page.getByText('lena@threadneedle.com').waitFor();
    await page.getByText('Portland').waitFor();
    expect(
      await page.getByRole('list', { name: 'Tags' }).getByRole('listitem').allTextContents(),
    ).toEqual(['embroidery', 'wholesale']);
    await page.getByText(`${ADMIN_NAME} created the customer`).waitFor();

    await page.getByRole('link', { name: '← Customers' }).click();
    await page.getByText('4 customers', { exact: true }).waitFor();
    await table().getByRole('link', { name: 'Thread & Needle' }).waitFor();
  });

  it('US1 errors: client checks at the fields; a duplicate email links to the existing customer; nothing typed is lost', async () => {
    await page.goto('/customers/new');
    await page.getByRole('button', { name: 'Create customer' }).click();
    await page.getByText('Enter the company name.').waitFor();
    expect(await page.getByLabel('Company name').getAttribute('aria-invalid')).toBe('true');
    // Focus goes to the first field in error.
    expect(await page.evaluate('document.activeElement?.getAttribute("name")')).toBe('companyName');

    await page.getByLabel('Company name').fill('Coffee House Two');
    await page.getByLabel('Contact person').fill('Someone Else');
    await page.getByLabel('Email').fill('JOHN@coffeehouse.com');
    await page.getByLabel('Notes').fill('typed notes');
    await page.getByRole('button', { name: 'Create customer' }).click();
    const alert = page
      .getByRole('alert')
      .filter({ hasText: 'This email belongs to another customer' });
    await alert.waitFor();
    await page.getByText('Another customer already uses this email.').waitFor();
    expect(await page.getByLabel('Company name').inputValue()).toBe('Coffee House Two');
    expect(await page.getByLabel('Notes').inputValue()).toBe('typed notes');
    await alert.getByRole('link', { name: 'The Coffee House' }).click();
    await page.getByRole('heading', { level: 1, name: /The Coffee House/ }).waitFor();
  });

  it('US4: click The Coffee House in the list and see its details, work orders and activity', async () => {
    const customer = await createCustomer({
      companyName: 'Ink Spot',
      contactName: 'Tom Ray',
      email: 'tom@inkspot.com',
    });
    await createOrder(customer.id, '100 screen-printed tees');
    await createOrder(customer.id, '20 embroidered caps');
    await page.goto('/customers?q=Ink');
    await table().getByRole('link', { name: 'Ink Spot' }).click();
    await page.getByRole('heading', { level: 1, name: /Ink Spot/ }).waitFor();
    await page.getByText('2 active of 2 orders').waitFor();
    const orders = page.getByRole('table', { name: 'Work orders' });
    // Newest first, with status badges.
    expect(await orders.getByRole('row').nth(1).getByRole('cell').nth(1).textContent()).toBe(
      '20 embroidered caps',
    );
    expect(await orders.getByRole('row').nth(1).getByRole('cell').nth(4).textContent()).toBe(
      'Pending',
    );
    for (const button of ['Edit', 'Archive customer', 'New work order'])
      await page
        .getByRole(button === 'Edit' ? 'link' : 'button', { name: button, exact: true })
        .waitFor();
    // The orders were created with the bootstrap admin key: the timeline names the key.
    await page
      .getByText(/^bootstrap-admin created work order #WO-\d{6}$/)
      .first()
      .waitFor();
  });

  it('Work orders: create one from the customer page and move its status forward (only allowed moves offered)', async () => {
    const customer = await createCustomer({
      companyName: 'Banner Bros',
      contactName: 'Ed Banner',
      email: 'ed@bannerbros.com',
    });
    await page.goto(`/customers/${customer.id}`);
    await page.getByRole('button', { name: 'New work order' }).click();
    const dialog = page.getByRole('dialog', { name: 'New work order' });
    await dialog.getByLabel('Title').fill('3 vinyl banners');
    await dialog.getByLabel('Quantity').fill('0');
    await dialog.getByRole('button', { name: 'Create work order' }).click();
    await dialog.getByText('Enter a whole number of at least 1.').waitFor();
    await dialog.getByLabel('Quantity').fill('3');
    await dialog.getByLabel('Due date').fill('2027-03-01');
    await dialog.getByRole('button', { name: 'Create work order' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByRole('table', { name: 'Work orders' }).getByRole('row').nth(1);
    await row.getByText('3 vinyl banners').waitFor();
    expect(await row.getByRole('button').allTextContents()).toEqual([
      'Start production',
      'Cancel order',
    ]);
    await row.getByRole('button', { name: /Start production/ }).click();
    await row.getByText('In production', { exact: true }).waitFor();
    expect(await row.getByRole('button').allTextContents()).toEqual([
      'Mark completed',
      'Cancel order',
    ]);
    await row.getByRole('button', { name: /Mark completed/ }).click();
    await row.getByText('Completed', { exact: true }).waitFor();
    expect(await row.getByRole('button').count()).toBe(0);
    await page.getByText(`${ADMIN_NAME} moved work order`).first().waitFor();
  });

  it('US5: edit sends If-Match; when someone else saved first (412) it shows what changed and reapplies my edit', async () => {
    const customer = await createCustomer({
      companyName: 'Stitch Lab',
      contactName: 'John Smith',
      email: 'hello@stitchlab.com',
    });
    await page.goto(`/customers/${customer.id}`);
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Edit Stitch Lab' }).waitFor();
    await page.getByLabel('Phone').fill('555-0777');

    // Meanwhile someone else changes the contact.
    const other = await rig.api(
      'PATCH',
      `/api/v1/customers/${customer.id}`,
      { contactName: 'Sarah Johnson' },
      { 'if-match': `"${customer.version}"` },
    );
    expect(other.status).toBe(200);

    await page.getByRole('button', { name: 'Save changes' }).click();
    const conflict = page
      .getByRole('alert')
      .filter({ hasText: 'Someone else saved this customer first' });
    await conflict.waitFor();
    await conflict.getByText('Contact person: John Smith → Sarah Johnson').waitFor();
    await conflict.getByText('Phone: (empty) → 555-0777').waitFor();
    // Never silently overwritten: still on the edit screen, the server still has their version.
    const meanwhile = (await (await rig.api('GET', `/api/v1/customers/${customer.id}`)).json()) as {
      phone: string | null;
    };
    expect(meanwhile.phone).toBeNull();

    await conflict.getByRole('button', { name: 'Apply my changes to the latest version' }).click();
    expect(await page.getByLabel('Contact person').inputValue()).toBe('Sarah Johnson');
    expect(await page.getByLabel('Phone').inputValue()).toBe('555-0777');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { level: 1, name: /Stitch Lab/ }).waitFor();
    await page.getByText('555-0777').first().waitFor();
    await page.getByText('Sarah Johnson').first().waitFor();
    await page.getByText(`${ADMIN_NAME} changed phone from (empty) to 555-0777`).waitFor();
    await page.getByText(/changed contact from John Smith to Sarah Johnson/).waitFor();
  });

  it('US6: archive refused while orders are active (how many, with links), then archived, listed under Archived, restored', async () => {
    const customer = await createCustomer({
      companyName: 'Patch Works',
      contactName: 'Ivy Chen',
      email: 'ivy@patchworks.com',
    });
    const order = await createOrder(customer.id, '50 patches');
    await page.goto(`/customers/${customer.id}`);
    await page.getByRole('button', { name: 'Archive customer' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Archive Patch Works?' });
    await dialog.getByRole('button', { name: 'Archive customer' }).click();
    await dialog.getByText('Patch Works has 1 active work order.').waitFor();
    await dialog.getByRole('link', { name: 'pending orders' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(new URL(page.url()).searchParams.get('orders')).toBe('pending');

    expect(
      (await rig.api('PATCH', `/api/v1/work-orders/${order.id}`, { status: 'cancelled' })).status,
    ).toBe(200);
    await page.goto(`/customers/${customer.id}`);
    await page.getByRole('button', { name: 'Archive customer' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Archive customer' }).click();
    await page.getByRole('button', { name: 'Restore customer' }).waitFor();
    await page.getByText('Archived', { exact: true }).first().waitFor();
    // Its orders still show it.
    await page.getByRole('table', { name: 'Work orders' }).getByText('50 patches').waitFor();

    await page.goto('/customers?q=Patch');
    await page.getByRole('heading', { name: 'No customers match' }).waitFor();
    await page.getByLabel('Status').selectOption('archived');
    await table().getByRole('link', { name: 'Patch Works' }).click();
    await page.getByRole('button', { name: 'Restore customer' }).click();
    await page.getByRole('button', { name: 'Archive customer' }).waitFor();
  });

  it('Export: the list (as filtered) downloads as CSV', async () => {
    await page.goto('/customers?q=Coffee');
    await page.getByText('2 customers matching “Coffee”').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('customers.csv');
    const path = await download.path();
    const text = readFileSync(path, 'utf8');
    expect(text.split(/\r?\n/)[0]).toMatch(/^Company Name,Contact Name,Email/);
    expect(text).toContain('The Coffee House');
    expect(text).not.toContain('Sign World');
  });

  it('Paging: loads more as you scroll, and back-navigation keeps the place', async () => {
    for (let i = 0; i < 60; i++)
      await createCustomer({
        companyName: `Zeta Shop ${String(i).padStart(2, '0')}`,
        contactName: 'Z',
        email: `zeta${i}@shops.com`,
      });
    await page.goto('/customers?q=Zeta');
    await page.getByText('60 customers matching “Zeta”').waitFor();
    await page.getByText('Showing 50 of 60').waitFor();
    await page.getByRole('button', { name: 'Load more' }).scrollIntoViewIfNeeded();
    await page.getByText('End of the list').waitFor();
    await page.getByRole('link', { name: 'Zeta Shop 59' }).click();
    await page.getByRole('heading', { level: 1, name: /Zeta Shop 59/ }).waitFor();
    await page.goBack();
    await page.getByRole('link', { name: 'Zeta Shop 59' }).waitFor();
    await page.getByText('End of the list').waitFor();
  });
});
