// Builds the package: ESM (dist/esm) and CommonJS (dist/cjs), each with its declarations.
// `npm run -w sdk build`; `npm pack` runs it too (prepack).
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const dir = import.meta.dirname;
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(join(dir, 'dist'), { recursive: true, force: true });
for (const project of ['tsconfig.build.json', 'tsconfig.build-cjs.json']) {
  const result = spawnSync(process.execPath, [tsc, '-p', join(dir, project)], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
writeFileSync(join(dir, 'dist', 'cjs', 'package.json'), '{ "type": "commonjs" }\n');
