#!/usr/bin/env bash
# Main-text F1 and speed of shabih's HTML extraction (shabih/html.h) on
#  1. ../shared/benchmarks/article-extraction (181 English pages; its own score.py), skipped when absent;
#  2. corpus/html (12 Arabic pages, gold in corpus/html-gold; scored with the same score.py when
#     present, and with bag-of-words token F1 per page, averaged: scripts/html_eval/bow_f1.py).
# Usage: scripts/html_eval/run.sh [BUILD_DIR]   (needs BUILD_DIR/bench/shabih_html_extract)
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build-dev}
TOOL=$BUILD/bench/shabih_html_extract
PY=/usr/bin/python3
BENCH=${SHABIH_SHARED:-../shared}/benchmarks/article-extraction  # SHABIH_SHARED: where ../shared is
work=$(mktemp -d "${TMPDIR:-/tmp}/shabih-html-eval-XXXXXX")
trap 'rm -rf "$work"' EXIT
if [ -d "$BENCH" ]; then
  echo "article-extraction benchmark (181 pages):"
  "$TOOL" "$work/aeb" "$BENCH"/html/*.html.gz --repeat 3
  $PY "$BENCH/score.py" "$BENCH/ground-truth.json" "$work/aeb"
else
  echo "skipped: $BENCH is absent"
fi
echo "corpus/html (Arabic, 12 pages):"
mkdir -p "$work/ar"
for f in corpus/html/*/*.html; do
  site=$(basename "$(dirname "$f")")
  cp "$f" "$work/ar/$site--$(basename "$f")"
done
"$TOOL" "$work/ar-out" "$work"/ar/*.html
$PY scripts/html_eval/bow_f1.py corpus/html-gold "$work/ar-out" "$work/ar-gold.json"
if [ -f "$BENCH/score.py" ]; then $PY "$BENCH/score.py" "$work/ar-gold.json" "$work/ar-out"; fi
