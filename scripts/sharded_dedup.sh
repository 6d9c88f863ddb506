#!/usr/bin/env bash
# Runs `shabih dedup` as sharded stages in separate processes, as a scheduler
# would on many machines (README "Sharded stages"): N scan processes in
# parallel, then N sign processes, then one cluster process. They share
# nothing but files in a work folder. OUT/clusters.jsonl and
# OUT/candidates.jsonl are byte-identical to `shabih dedup INPUT... --out OUT`
# with the same flags, for any N.
#
#   scripts/sharded_dedup.sh N INPUT... OUT [-- DEDUP_FLAGS...]
#   scripts/sharded_dedup.sh 8 crawl/ more.jsonl out/ -- --threshold 0.8
#
# Environment: SHABIH (the binary; default `shabih` on PATH), SHABIH_WORK
# (the work folder, kept afterwards; default a private folder under
# $TMPDIR, removed at the end). Exits with the first failing stage's code,
# naming it.
set -euo pipefail

usage() {
  echo "usage: $0 N INPUT... OUT [-- DEDUP_FLAGS...]" >&2
  exit 1
}
[[ $# -ge 3 ]] || usage
n=$1
shift
[[ $n =~ ^[1-9][0-9]*$ ]] || { echo "$0: N must be a positive integer, not '$n'" >&2; exit 1; }
args=()
flags=()
while [[ $# -gt 0 ]]; do
  if [[ $1 == -- ]]; then
    shift
    flags=("$@")
    break
  fi
  args+=("$1")
  shift
done
[[ ${#args[@]} -ge 2 ]] || usage
out=${args[-1]}
inputs=("${args[@]:0:${#args[@]}-1}")
shabih=${SHABIH:-shabih}

if [[ -n ${SHABIH_WORK:-} ]]; then
  work=$SHABIH_WORK
  mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/shabih-stages.XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi

# Runs one stage as N background processes and waits for all; fails naming
# every shard that failed (its log is printed).
run_shards() {
  local stage=$1
  local pids=() i failed=0 rc
  for ((i = 0; i < n; i++)); do
    "$shabih" stage "$stage" "${inputs[@]}" --shard "$i/$n" --work "$work" --out "$out" --quiet \
      ${flags[@]+"${flags[@]}"} >"$work/$stage-$i.log" 2>&1 &
    pids+=($!)
  done
  for ((i = 0; i < n; i++)); do
    rc=0
    wait "${pids[$i]}" || rc=$?
    if [[ $rc -ne 0 ]]; then
      echo "$0: stage $stage shard $i/$n failed (exit $rc):" >&2
      cat "$work/$stage-$i.log" >&2
      [[ $failed -ne 0 ]] || failed=$rc
    fi
  done
  return "$failed"
}

rc=0
run_shards scan || rc=$?
[[ $rc -eq 0 ]] || exit "$rc"
run_shards sign || rc=$?
[[ $rc -eq 0 ]] || exit "$rc"
"$shabih" stage cluster "${inputs[@]}" --work "$work" --out "$out" ${flags[@]+"${flags[@]}"} || {
  rc=$?
  echo "$0: stage cluster failed (exit $rc)" >&2
  exit "$rc"
}
