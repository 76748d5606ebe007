import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestApp, TEST_ADMIN_KEY, type TestApp } from './support/test-app';

const ROOT = join(__dirname, '..');
const SDK_DIR = join(ROOT, 'sdk');
const run = promisify(execFile);

/**
 * The environment without what npm sets for the running script (`npm test`): a child npm would
 * otherwise take the repo as its prefix or workspace and install into it.
 */
function outsideEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^npm_(config_(local_)?prefix|config_workspaces?|package_|lifecycle_)/i.test(name))
      continue;
    if (name === 'INIT_CWD') continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}

async function sh(command: string, args: string[], cwd: string, env = outsideEnv()) {
  try {
    return await run(command, args, { cwd, env, timeout: 90_000, maxBuffer: 10 * 1024 * 1024 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`, {
      cause: error,
    });
  }
}

/** What every consumer prints: the customer it created, what it listed, the duplicate's code. */
interface ConsumerReport {
  id: string;
  companyName: string;
  listed: string[];
  paged: string[];
  duplicateStatus: number;
  duplicateCode: string;
}

const consumerMjs = `
import { createCustomer, createShopClient, listCustomers, paginate, ProblemError, unwrap } from '@shop/customers-sdk';

const client = createShopClient({ baseUrl: process.env.SHOP_BASE_URL, apiKey: process.env.SHOP_API_KEY });
const body = { companyName: 'Esm Embroidery', contactName: 'Ana Esm', email: 'ana@esm.example' };
const created = await unwrap(createCustomer({ client, body }));
const page = await unwrap(listCustomers({ client, query: { search: 'esm embroidery' } }));
const paged = [];
for await (const customer of paginate(listCustomers, { client, query: { limit: 1 } })) paged.push(customer.email);
let duplicate;
try {
  await unwrap(createCustomer({ client, body }));
} catch (error) {
  if (!(error instanceof ProblemError)) throw error;
  duplicate = error;
}
console.log(JSON.stringify({
  id: created.id, companyName: created.companyName, listed: page.data.map((c) => c.email), paged,
  duplicateStatus: duplicate?.status, duplicateCode: duplicate?.code,
}));
`;

const consumerCjs = `
const { createCustomer, createShopClient, listCustomers, paginate, ProblemError, unwrap } = require('@shop/customers-sdk');

async function main() {
  const client = createShopClient({ baseUrl: process.env.SHOP_BASE_URL, apiKey: process.env.SHOP_API_KEY });
  const body = { companyName: 'Cjs Signs', contactName: 'Bo Cjs', email: 'bo@cjs.example' };
  const created = await unwrap(createCustomer({ client, body }));
  const page = await unwrap(listCustomers({ client, query: { search: 'cjs signs' } }));
  const paged = [];
  for await (const customer of paginate(listCustomers, { client, query: { limit: 1 } })) paged.push(customer.email);
  let duplicate;
  try {
    await unwrap(createCustomer({ client, body }));
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error;
    duplicate = error;
  }
  console.log(JSON.stringify({
    id: created.id, companyName: created.companyName, listed: page.data.map((c) => c.email), paged,
    duplicateStatus: duplicate?.status, duplicateCode: duplicate?.code,
  }));
}
main().catch((error) => { console.error(error); process.exitCode = 1; });
`;

// Type-checked only (tsc --noEmit, strict): the package's declarations must carry real types.
const consumerTs = `
import {
  createCustomer, createShopClient, type CustomerDto, type CustomerSummaryDto, listCustomers,
  paginate, ProblemError, unwrap,
} from '@shop/customers-sdk';

declare const process: { env: Record<string, string | undefined> };

const client = createShopClient({ baseUrl: process.env.SHOP_BASE_URL ?? '', apiKey: process.env.SHOP_API_KEY ?? '' });
const created: CustomerDto = await unwrap(
  createCustomer({ client, body: { companyName: 'Ts Prints', contactName: 'Cy Ts', email: 'cy@ts.example' } }),
);
const companyName: string = created.companyName;
// @ts-expect-error companyName is a string: the SDK's types are real, not any.
const wrong: number = created.companyName;
// @ts-expect-error the body needs contactName and email.
await createCustomer({ client, body: { companyName: 'Missing fields' } });
const page = await unwrap(listCustomers({ client, query: { search: companyName, status: 'active' } }));
const total: number = page.total;
for await (const customer of paginate(listCustomers, { client, query: { limit: 50 } })) {
  const summary: CustomerSummaryDto = customer;
  console.log(summary.email, total, wrong);
}
try {
  await unwrap(createCustomer({ client, body: { companyName, contactName: 'Cy Ts', email: 'cy@ts.example' } }));
} catch (error) {
  if (error instanceof ProblemError) console.log(error.status, error.code, error.problem.detail);
}
`;

// The same through the package's require() entry and its CommonJS declarations.
const consumerCts = `
import { createShopClient, type CustomerPageDto, listCustomers, unwrap } from '@shop/customers-sdk';

export async function firstCompany(baseUrl: string, apiKey: string): Promise<string | undefined> {
  const client = createShopClient({ baseUrl, apiKey });
  const page: CustomerPageDto = await unwrap(listCustomers({ client }));
  // @ts-expect-error data holds customers, not strings.
  const wrong: string[] = page.data;
  return wrong.length > 0 ? page.data[0]?.companyName : undefined;
}
`;

const tsconfig = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    // The package's own .d.ts files are checked too, not just how this file uses them.
    skipLibCheck: false,
    types: [],
  },
  files: ['consumer.ts', 'consumer.cts'],
};

describe('the SDK as an installed package (npm pack, installed outside the repo)', () => {
  let testApp: TestApp;
  let work: string;
  let consumer: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'sdk-package-'));
    consumer = join(work, 'consumer');
    mkdirSync(consumer);
    const [started] = await Promise.all([
      createTestApp(),
      // prepack builds the package (sdk/build.mjs), as it would before a publish.
      sh('npm', ['pack', '--pack-destination', work, '--silent'], SDK_DIR),
    ]);
    testApp = started;
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    if (tarball === undefined) throw new Error(`npm pack left no tarball in ${work}`);

    writeFileSync(
      join(consumer, 'package.json'),
      JSON.stringify({ name: 'sdk-consumer', private: true, type: 'module' }, null, 2),
    );
    // The SDK has no runtime dependencies; typescript comes from the npm cache (npm ci put the
    // repo's version there), the registry only if it is missing.
    const { version: typescriptVersion } = JSON.parse(
      readFileSync(join(ROOT, 'node_modules', 'typescript', 'package.json'), 'utf8'),
    ) as { version: string };
    await sh(
      'npm',
      [
        'install',
        join(work, tarball),
        `typescript@${typescriptVersion}`,
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
      ],
      consumer,
    );
    writeFileSync(join(consumer, 'consumer.mjs'), consumerMjs);
    writeFileSync(join(consumer, 'consumer.cjs'), consumerCjs);
    writeFileSync(join(consumer, 'consumer.ts'), consumerTs);
    writeFileSync(join(consumer, 'consumer.cts'), consumerCts);
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  }, 120_000);

  afterAll(async () => {
    await testApp?.close();
    rmSync(work, { recursive: true, force: true });
  });

  async function runConsumer(file: string): Promise<ConsumerReport> {
    const { stdout } = await sh(
      process.execPath,
      [file],
      consumer,
      outsideEnv({ SHOP_BASE_URL: testApp.baseUrl, SHOP_API_KEY: TEST_ADMIN_KEY }),
    );
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ConsumerReport;
  }

  async function expectStored(report: ConsumerReport, email: string, companyName: string) {
    expect(report).toMatchObject({
      companyName,
      listed: [email],
      duplicateStatus: 409,
      duplicateCode: 'customer_email_taken',
    });
    expect(report.paged).toContain(email);
    // The service really has it: read back over plain HTTP, not through the SDK.
    const stored = await testApp.admin.get(`/api/v1/customers/${report.id}`).expect(200);
    expect(stored.body).toMatchObject({ id: report.id, email, companyName });
  }

  it('runs in plain Node as ESM (import): creates, searches, pages, gets a problem', async () => {
    const report = await runConsumer('consumer.mjs');
    await expectStored(report, 'ana@esm.example', 'Esm Embroidery');
  });

  it('runs in plain Node as CommonJS (require)', async () => {
    const report = await runConsumer('consumer.cjs');
    await expectStored(report, 'bo@cjs.example', 'Cjs Signs');
  });

  it('type-checks strict NodeNext TypeScript consumers against its declarations', async () => {
    const tsc = join(consumer, 'node_modules', 'typescript', 'bin', 'tsc');
    const { stdout } = await sh(
      process.execPath,
      [tsc, '--noEmit', '-p', 'tsconfig.json', '--listFilesOnly'],
      consumer,
    );
    // import (consumer.ts) takes the ESM declarations, require (consumer.cts) the CommonJS ones.
    const sdkEntries = stdout
      .split('\n')
      .filter((file) => /@shop\/customers-sdk\/dist\/(esm|cjs)\/index\.d\.ts$/.test(file));
    expect(sdkEntries.map((file) => file.replace(/.*\/dist\//, ''))).toEqual(
      expect.arrayContaining(['esm/index.d.ts', 'cjs/index.d.ts']),
    );
    const checked = await sh(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json'], consumer);
    expect(checked.stdout).toBe('');
  });
});
