#!/usr/bin/env bash
# ctest Python.module: the module's pytest suite (python/tests/) with the
# interpreter the module was built for. Exit 77 (skipped) with the reason
# when the module was not built or numpy / pytest are missing;
# scripts/setup.sh installs them (pybind11-dev python3-pybind11 python3-numpy
# python3-pytest).
#   run.sh PYTHON PACKAGE_ROOT SHABIH_CLI MODULE_BUILT
set -uo pipefail
python=$1 package_root=$2 cli=$3 built=$4
here=$(cd "$(dirname "$0")" && pwd)
if [ "$built" != "ON" ]; then
  echo "SKIP: the Python module was not built (pybind11 or $python's headers missing, or a sanitizer build)"
  exit 77
fi
for m in numpy pytest; do
  if ! "$python" -c "import $m" 2>/dev/null; then
    echo "SKIP: $python has no $m (apt-get install python3-$m)"
    exit 77
  fi
done
export PYTHONPATH="$package_root${PYTHONPATH:+:$PYTHONPATH}" SHABIH_CLI="$cli" PYTHONDONTWRITEBYTECODE=1
exec "$python" -m pytest -q -p no:cacheprovider "$here"
