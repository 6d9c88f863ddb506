#!/usr/bin/env bash
# The report's browser test (ctest report_browser): builds the report of the
# sample crawl corpus/ with `shabih dedup --report`, then loads it in
# Debian's chromium through playwright-core (report_test.mjs).
#   tests/browser/run.sh build/shabih OUT_DIR            # SHABIH_SCREENSHOTS=docs also saves the screenshots
# Exit 77 (ctest: skipped) when node, chromium or tests/browser/node_modules
# is missing: `bash scripts/setup.sh` installs them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
shabih="$1"
out="$2"
chromium="${CHROMIUM:-/usr/bin/chromium}"
if ! command -v node >/dev/null 2>&1; then
  echo "SKIP: node is not installed (the report's browser test needs Node.js 20)"; exit 77
fi
if [ ! -x "$chromium" ]; then
  echo "SKIP: $chromium is missing (apt-get install chromium, or run scripts/setup.sh)"; exit 77
fi
if [ ! -d "$here/node_modules/playwright-core" ]; then
  echo "SKIP: playwright-core is not installed: run (cd tests/browser && npm ci), or scripts/setup.sh"; exit 77
fi
"$shabih" dedup "$root/corpus/sites" "$root/corpus/seeds" "$root/corpus/sample.jsonl" --out "$out" --report --quiet \
  --threads 2
args=("$out/report.html")
if [ -n "${SHABIH_SCREENSHOTS:-}" ]; then  # relative to the repository root
  case "$SHABIH_SCREENSHOTS" in /*) shots="$SHABIH_SCREENSHOTS" ;; *) shots="$root/$SHABIH_SCREENSHOTS" ;; esac
  args+=(--screenshots "$shots")
fi
CHROMIUM="$chromium" node "$here/report_test.mjs" "${args[@]}"
