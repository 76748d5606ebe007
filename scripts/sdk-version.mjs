// The SDK's version is the contract's (`info.version` of openapi.yaml). `npm run sdk` writes it
// (`node scripts/sdk-version.mjs write`) into sdk/package.json and the places that pin it: the
// web app's dependency and the lockfile's workspace entries (else `npm ci` finds them out of
// sync). `npm run sdk:check` fails when any of them differs (`versionMismatches`).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..');
const SDK = '@shop/customers-sdk';

/** Each place that names the SDK's version: its file, a description, and a getter/setter. */
const places = [
  {
    file: 'sdk/package.json',
    what: 'version',
    get: (json) => json.version,
    set: (json, version) => (json.version = version),
  },
  {
    file: 'web/package.json',
    what: `dependencies["${SDK}"]`,
    get: (json) => json.dependencies?.[SDK],
    set: (json, version) => (json.dependencies[SDK] = version),
  },
  {
    file: 'package-lock.json',
    what: 'packages.sdk.version',
    get: (json) => json.packages?.sdk?.version,
    set: (json, version) => (json.packages.sdk.version = version),
  },
  {
    file: 'package-lock.json',
    what: `packages.web.dependencies["${SDK}"]`,
    get: (json) => json.packages?.web?.dependencies?.[SDK],
    set: (json, version) => (json.packages.web.dependencies[SDK] = version),
  },
];

const readJson = (file) => JSON.parse(readFileSync(join(root, file), 'utf8'));

export function contractVersion() {
  const version = parse(readFileSync(join(root, 'openapi.yaml'), 'utf8'))?.info?.version;
  if (typeof version !== 'string' || version === '') {
    throw new Error('openapi.yaml has no info.version');
  }
  return version;
}

/** One line per place whose version is not the contract's; empty when all agree. */
export function versionMismatches() {
  const expected = contractVersion();
  return places.flatMap(({ file, what, get }) => {
    const actual = get(readJson(file));
    return actual === expected
      ? []
      : [`${file} ${what} is ${actual}, openapi.yaml says ${expected}`];
  });
}

export function writeVersion() {
  const version = contractVersion();
  const files = new Map();
  for (const { file, set } of places) {
    const json = files.get(file) ?? readJson(file);
    set(json, version);
    files.set(file, json);
  }
  for (const [file, json] of files) {
    writeFileSync(join(root, file), `${JSON.stringify(json, null, 2)}\n`);
  }
  return version;
}

if (process.argv[2] === 'write') {
  console.log(`${SDK} ${writeVersion()} (openapi.yaml info.version)`);
}
