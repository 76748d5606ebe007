import { readFileSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { createApp } from '../app-factory';
import { loadAppConfig } from '../config/app-config';
import { buildOpenApiDocument, COMMITTED_CONTRACT_PATH as OPENAPI_PATH } from './openapi-document';

/** The contract as YAML, from the code alone: no database, no environment. */
async function renderContract(): Promise<string> {
  const app = await createApp(loadAppConfig({ LOG_LEVEL: 'silent' }), { preview: true });
  try {
    return stringify(buildOpenApiDocument(app), { aliasDuplicateObjects: false, lineWidth: 0 });
  } finally {
    await app.close();
  }
}

async function main(command: string | undefined): Promise<void> {
  const contract = await renderContract();
  if (command === 'write') {
    writeFileSync(OPENAPI_PATH, contract);
    console.log(`Wrote ${OPENAPI_PATH}`);
  } else if (command === 'check') {
    const committed = readFileSync(OPENAPI_PATH, 'utf8');
    if (committed !== contract) {
      console.error(
        'openapi.yaml is out of date with the code: run `npm run openapi` and commit it.',
      );
      process.exitCode = 1;
    } else {
      console.log('openapi.yaml matches the code.');
    }
  } else {
    console.error('usage: openapi-cli write|check');
    process.exitCode = 2;
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
