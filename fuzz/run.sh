#!/bin/bash
# Runs every libFuzzer target for SECONDS each (default 60) on its seed corpus
# fuzz/corpus/<target>/ (new inputs go to a scratch copy, the repo's seeds
# stay as committed). Builds build-fuzz/ first when needed.
#   bash fuzz/run.sh 60
# Exit status: non-zero when a target finds a crash, a leak, an input over
# 1 s (-timeout=1) or memory over 2 GiB (-rss_limit_mb=2048); the reproducer
# is left in build-fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-60}"
BUILD="${BUILD_DIR:-build-fuzz}"
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSHABIH_FUZZ=ON -DCMAKE_C_COMPILER=clang \
    -DCMAKE_CXX_COMPILER=clang++ -DSHABIH_BUILD_TESTS=OFF -DSHABIH_BUILD_TOOLS=OFF -DSHABIH_BUILD_BENCHMARKS=OFF \
    -DSHABIH_BUILD_PYTHON=OFF -DSHABIH_INSTALL=OFF ${CMAKE_ARGS:-}
fi
targets=(fuzz_warc_reader fuzz_jsonl_reader fuzz_byte_stream fuzz_charset)
cmake --build "$BUILD" -j"${JOBS:-2}" --target "${targets[@]}"
mkdir -p "$BUILD/artifacts"
for t in "${targets[@]}"; do
  work="$BUILD/corpus/$t"
  mkdir -p "$work"
  echo "fuzz: $t for ${SECONDS_EACH}s" >&2
  "$BUILD/fuzz/$t" -max_total_time="$SECONDS_EACH" -timeout=1 -rss_limit_mb=2048 -max_len=262144 \
    -artifact_prefix="$BUILD/artifacts/$t-" -print_final_stats=1 "$work" "fuzz/corpus/$t"
done
