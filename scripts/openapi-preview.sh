#!/bin/sh
# Renders openapi.yaml from the current sources WITHOUT touching dist/ (other engineers share the
# working tree): a private build with the swagger plugin in a temp folder, then the same rendering
# as `npm run openapi`. Validate e2e responses against it with CONTRACT_OPENAPI=<OUT>.
# usage: scripts/openapi-preview.sh [OUT]      (default: ${TMPDIR:-/tmp}/openapi-preview.yaml)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-${TMPDIR:-/tmp}/openapi-preview.yaml}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM
cat >"$WORK/tsconfig.json" <<JSON
{
  "extends": "$ROOT/tsconfig.build.json",
  "compilerOptions": { "outDir": "$WORK/dist", "typeRoots": ["$ROOT/node_modules/@types"] }
}
JSON
cd "$ROOT"
# nest build wants the tsconfig path relative to the workspace.
if ! npx nest build -p "$(realpath --relative-to="$ROOT" "$WORK/tsconfig.json")"; then
  echo "openapi-preview: the build reported errors (above); rendering what was emitted" >&2
fi
ln -s "$ROOT/node_modules" "$WORK/node_modules"
node "$WORK/dist/openapi/openapi-cli.js" write >/dev/null
cp "$WORK/openapi.yaml" "$OUT"
echo "Wrote $OUT"
