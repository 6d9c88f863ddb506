#!/usr/bin/env bash
# One-step set-up on Debian 12: installs the Debian packages shabih needs
# (only those missing), then configures and builds a Release build in build/.
#   bash scripts/setup.sh            # packages + build
# Environment: BUILD_DIR (default build), CMAKE_ARGS (extra configure flags).
# pybind11, python3-dev, numpy, pytest, dask and distributed are for the
# Python module (python/, built for /usr/bin/python3) and its tests (ctest
# Python.module);
# chromium (large) and, when Node.js is present, `npm ci` in tests/browser
# are for the report's browser test (ctest report_browser). Both skip
# without them.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake pkg-config libicu-dev libxxhash-dev libabsl-dev libgtest-dev libgmock-dev
          libbenchmark-dev libsimdjson-dev libhwy-dev libcli11-dev zlib1g-dev libzstd-dev libmodest-dev valgrind python3 chromium
          pybind11-dev python3-pybind11 python3-dev python3-numpy python3-pytest python3-dask python3-distributed)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" ||
    { $sudo apt-get update -q && $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"; }
fi

# playwright-core for the browser test, from the lock file (the image's
# Node.js carries npm; Debian's npm package would conflict with it).
if command -v npm >/dev/null 2>&1 && [ ! -d tests/browser/node_modules/playwright-core ]; then
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error) ||
    echo "setup: npm ci in tests/browser failed; the report's browser test will be skipped" >&2
fi

build_dir=${BUILD_DIR:-build}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release ${CMAKE_ARGS:-} >/dev/null
cmake --build "$build_dir" -j"$(nproc)"
