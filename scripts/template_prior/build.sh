#!/usr/bin/env bash
# Rebuilds engine/data/template_prior.tsv, the built-in template prior, from
# the TRAINING days of SaudiNewsNet only (the other nine days are held out to
# measure it: docs/methods.md).
#   bash scripts/template_prior/build.sh [BUILD_DIR]     # default build-dev
# Needs ../shared/corpus/saudinewsnet (or SNN_DIR). Deterministic: the same
# corpus and code give the same file.
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir=${1:-build-dev}
snn=${SNN_DIR:-/work/shared/corpus/saudinewsnet}
train_days="2015-07-21 2015-07-22 2015-07-23 2015-07-27 2015-07-31 2015-08-01 2015-08-02 2015-08-03 2015-08-04"
min_days=${MIN_DAYS:-3}
min_docs=${MIN_DOCS:-6}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --build "$build_dir" --target shabih_template_prior_build -j2 >/dev/null
/usr/bin/python3 "$snn/to_jsonl.py" "$tmp/snn.jsonl" >/dev/null
# Keep the training days only (the date field is date_extracted: docs of the corpus README).
/usr/bin/python3 - "$tmp/snn.jsonl" "$tmp/train.jsonl" $train_days <<'PY'
import json, sys
days = set(sys.argv[3:])
with open(sys.argv[1], encoding="utf-8") as src, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in src:
        if json.loads(line)["date"][:10] in days:
            out.write(line)
PY
"$build_dir/scripts/template_prior/shabih_template_prior_build" \
  --name "snn2015-train9-d${min_days}-n${min_docs}-v1" \
  --source "SaudiNewsNet, days ${train_days// /,} (whole texts, unstripped)" \
  --min-days "$min_days" --min-docs "$min_docs" --day-field date \
  --out "${OUT:-engine/data/template_prior.tsv}" "$tmp/train.jsonl"
