#!/bin/bash
# CI fuzz stage (issue 14 §3), complete from a fresh clone: installs clang
# and libclang-rt-14-dev (libFuzzer + ASan runtimes) when missing
# (the build's other packages come from scripts/setup.sh),
# configures build-fuzz/ with clang and -DSHABIH_FUZZ=ON, builds every
# target and runs each for SECONDS (default 60) on its seed corpus
# fuzz/corpus/<target>/ (new inputs go to a scratch copy in build-fuzz/, the
# repo's seeds stay as committed).
#   bash fuzz/run.sh 60
# Environment: BUILD_DIR (default build-fuzz), JOBS (default nproc),
# CMAKE_ARGS (extra configure flags).
# Exit status: non-zero when a target finds a crash, a leak (ASan's leak
# check, on by default), an input over 1 s (-timeout=1) or memory over
# 2 GiB (-rss_limit_mb=2048); the reproducer is left in build-fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-60}"
BUILD="${BUILD_DIR:-build-fuzz}"

missing=()
for p in clang libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "fuzz: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" ||
    { $sudo apt-get update -q && $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"; }
fi

if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSHABIH_FUZZ=ON -DCMAKE_C_COMPILER=clang \
    -DCMAKE_CXX_COMPILER=clang++ -DSHABIH_BUILD_TESTS=OFF -DSHABIH_BUILD_TOOLS=OFF -DSHABIH_BUILD_BENCHMARKS=OFF \
    -DSHABIH_BUILD_PYTHON=OFF -DSHABIH_INSTALL=OFF ${CMAKE_ARGS:-}
fi
# -max_len per target: a WARC file and a compressed stream need room for a
# few records / blocks; a JSONL line, a charset sample and a page less.
declare -A max_len=([fuzz_warc_reader]=262144 [fuzz_byte_stream]=262144 [fuzz_jsonl_reader]=65536
                    [fuzz_charset]=16384 [fuzz_html_strip]=65536)
targets=(fuzz_warc_reader fuzz_jsonl_reader fuzz_byte_stream fuzz_charset fuzz_html_strip)
cmake --build "$BUILD" -j"${JOBS:-$(nproc)}" --target "${targets[@]}"
mkdir -p "$BUILD/artifacts"
failed=()
# One known report inside myhtml is suppressed (fuzz/asan.supp says why);
# leak detection stays on.
export ASAN_OPTIONS="suppressions=$PWD/fuzz/asan.supp:detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
for t in "${targets[@]}"; do
  work="$BUILD/corpus/$t"
  mkdir -p "$work"
  echo "fuzz: $t for ${SECONDS_EACH}s (max_len ${max_len[$t]})" >&2
  "$BUILD/fuzz/$t" -max_total_time="$SECONDS_EACH" -timeout=1 -rss_limit_mb=2048 -max_len="${max_len[$t]}" \
    -artifact_prefix="$BUILD/artifacts/$t-" -print_final_stats=1 "$work" "fuzz/corpus/$t" || failed+=("$t")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]} (reproducers in $BUILD/artifacts/)" >&2
  exit 1
fi
echo "fuzz: all ${#targets[@]} targets clean" >&2
