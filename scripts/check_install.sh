#!/usr/bin/env bash
# Installs the core library from BUILD_DIR (default build) to a temporary
# prefix, builds examples/embed against it with find_package and with
# pkg-config, and as a subproject (examples/subproject: only the library is
# built, no option leaks), and checks that all print what `shabih dedup` finds on
# corpus/sample.jsonl; also that the installed library carries no tooling
# (generator, eval, crawl bench) code.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
lib=$(find "$tmp/prefix" -name 'libshabih.a' -o -name 'libshabih.so' | head -1)
[ -n "$lib" ] || { echo "check_install: no libshabih installed" >&2; exit 1; }
if nm -C "$lib" | grep -E 'CrawlGenerator|EvaluateClusters|RunCrawlBench|crawl_generator' >/dev/null; then
  echo "check_install: the installed library carries tooling code" >&2; exit 1
fi
test -f "$tmp/prefix/include/shabih/deduper.h"
test ! -e "$tmp/prefix/include/shabih/json_writer.h"

cmake -S examples/embed -B "$tmp/embed" -DCMAKE_PREFIX_PATH="$tmp/prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$tmp/embed" -j"$(nproc)" >/dev/null
pcdir=$(dirname "$(find "$tmp/prefix" -name shabih.pc | head -1)")
# shellcheck disable=SC2046
g++ -std=c++20 -O2 examples/embed/main.cc $(PKG_CONFIG_PATH="$pcdir" pkg-config --cflags --libs shabih) \
  -o "$tmp/embed_pc"

"$build/shabih" dedup corpus/sample.jsonl --out "$tmp/cli" --quiet
/usr/bin/python3 - "$tmp/cli/clusters.jsonl" > "$tmp/expected.tsv" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    print("%s\t%s\t%.4f" % (r["id"], r["cluster"], r["similarity"]))
PY
# As a subproject: only the library, no leaked options (checked by its CMakeLists).
cmake -S examples/subproject -B "$tmp/sub" -DSHABIH_SOURCE="$PWD" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_COMPILER_LAUNCHER="${CMAKE_CXX_COMPILER_LAUNCHER:-}" >/dev/null
cmake --build "$tmp/sub" -j"$(nproc)" >/dev/null

"$tmp/embed/embed_dedup" corpus/sample.jsonl > "$tmp/find_package.tsv"
"$tmp/sub/embed_dedup" corpus/sample.jsonl > "$tmp/subproject.tsv"
"$tmp/embed_pc" corpus/sample.jsonl > "$tmp/pkg_config.tsv"
cmp "$tmp/expected.tsv" "$tmp/find_package.tsv"
cmp "$tmp/expected.tsv" "$tmp/pkg_config.tsv"
cmp "$tmp/expected.tsv" "$tmp/subproject.tsv"
dups=$(awk -F'\t' '$1 != $2' "$tmp/expected.tsv" | wc -l)
echo "check_install: find_package, pkg-config and add_subdirectory builds print shabih dedup's clusters ($(wc -l < "$tmp/expected.tsv") documents, $dups duplicates)"
