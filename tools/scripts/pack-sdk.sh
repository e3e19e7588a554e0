#!/usr/bin/env bash
# Packs every publishable workspace package (the SDK libraries, the built-in connectors and the
# runner: each package.json under libs/, connectors/, programs/ and runner/ that is not private) into one
# folder with `npm pack`, from the compiled dist/ that `npm run build` leaves.
# Usage: tools/scripts/pack-sdk.sh <outdir>   (or: npm run pack:sdk -- <outdir>)
# Prints one tarball path per line on stdout; progress goes to stderr. Refuses, packing nothing,
# when a package has not been built.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"

if [ "$#" -lt 1 ] || [ -z "$1" ]; then
  echo "usage: tools/scripts/pack-sdk.sh <outdir> [<package name>...]" >&2
  exit 2
fi
OUTARG="$1"
shift
WANTED=("$@")

# The publishable packages, as folders relative to the root: libraries first, the runner last.
mapfile -t PUBLISHABLE < <(cd "$ROOT" && node -e '
  const fs = require("node:fs");
  for (const dir of process.argv.slice(1)) {
    const file = dir + "/package.json";
    if (!fs.existsSync(file)) continue;
    const manifest = JSON.parse(fs.readFileSync(file, "utf8"));
    if (manifest.private !== true) console.log(dir + " " + manifest.name);
  }' libs/* connectors/* programs/* runner)

if [ "${#PUBLISHABLE[@]}" -eq 0 ]; then
  echo "pack-sdk: no publishable package found under libs/, connectors/, programs/ or runner/" >&2
  exit 1
fi

# The folders to pack: all of them, or those of the names asked for.
PACKAGES=()
if [ "${#WANTED[@]}" -eq 0 ]; then
  for entry in "${PUBLISHABLE[@]}"; do PACKAGES+=("${entry%% *}"); done
else
  for name in "${WANTED[@]}"; do
    folder=""
    for entry in "${PUBLISHABLE[@]}"; do [ "${entry#* }" = "$name" ] && folder="${entry%% *}"; done
    if [ -z "$folder" ]; then
      names=()
      for entry in "${PUBLISHABLE[@]}"; do names+=("${entry#* }"); done
      echo "pack-sdk: $name is not a publishable package of this repository; these are: ${names[*]}" >&2
      exit 2
    fi
    PACKAGES+=("$folder")
  done
fi

# Every package's compiled entry must be there before anything is packed.
missing=()
for dir in "${PACKAGES[@]}"; do
  main="$(cd "$ROOT/$dir" && node -p 'require("./package.json").main || "dist/index.js"')"
  [ -f "$ROOT/$dir/$main" ] || missing+=("$dir ($main)")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "pack-sdk: not built: ${missing[*]}. Run \`npm run build\` at the repository root first." >&2
  exit 1
fi
mkdir -p "$OUTARG"
OUTDIR="$(cd "$OUTARG" && pwd)"

# One npm run for all of them (npm's start-up, not the packing, is what takes time).
workspaces=()
for dir in "${PACKAGES[@]}"; do workspaces+=(--workspace "$dir"); done
echo "pack-sdk: packing ${PACKAGES[*]}" >&2
json="$(cd "$ROOT" && npm pack "${workspaces[@]}" --pack-destination "$OUTDIR" --json --ignore-scripts)" \
  || { echo "pack-sdk: \`npm pack\` failed (see above)" >&2; exit 1; }
node -e '
  for (const p of JSON.parse(process.argv[1])) console.log(require("node:path").join(process.argv[2], p.filename));
' "$json" "$OUTDIR"
echo "pack-sdk: ${#PACKAGES[@]} packages in $OUTDIR" >&2
