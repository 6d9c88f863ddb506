#!/usr/bin/python3
"""Instruction-count gate: a fixed small workload under callgrind, compared
with the committed bench/baseline.json. Timings on shared CI machines are
noise; instruction counts of a deterministic workload are not (repeat runs
differ by a few dozen instructions in billions).

  python3 bench/check_instructions.py --build build            # check (CI)
  python3 bench/check_instructions.py --build build --update   # refresh the baseline

Workloads (all single-threaded, on a crawl from `shabih gen --pages 2000
--seed 1`, which is byte-identical on every machine):
  setup       `shabih dedup` of a one-document input: start-up cost
              (normalizer table, LSH parameter search, lexicon, ...)
  dedup-2000  `shabih dedup` of the 2,000-page crawl (strip + sign + LSH +
              verify + cluster + write)
  strip-2000  `shabih strip` of the same crawl
Fails (exit 1) when any workload needs more than (1 + tolerance) x its
baseline instructions; tolerance is 10 % unless the baseline says otherwise.
The SIMD tokenizer is pinned to one Highway target, AVX2 (SHABIH_SIMD_TARGET,
read by the CLI; --simd-target changes it), so the counts do not depend on
which instruction sets valgrind's emulated CPU reports; every target gives
the same output. Counts depend on the compiler, the libraries and the CPU
features valgrind exposes, so the baseline records them and a mismatch is reported (refresh
the baseline on the CI machine image when those change; docs/performance.md).
Standard library only.
"""

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_BASELINE = os.path.join(HERE, "baseline.json")
PAGES = 2000
SEED = 1
DEFAULT_TOLERANCE = 0.10
# Valgrind 3.19 emulates AVX2 but not AVX-512; every x86-64 CI machine has it.
DEFAULT_SIMD_TARGET = "AVX2"


def run(cmd, **kwargs):
    result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
    if result.returncode != 0:
        sys.stderr.write("command failed (%d): %s\n%s%s" % (result.returncode, " ".join(cmd), result.stdout,
                                                             result.stderr))
        sys.exit(2)
    return result


def callgrind_instructions(cmd, out_file):
    run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out_file] + cmd)
    with open(out_file) as f:
        for line in f:
            m = re.match(r"^(?:summary|totals):\s+(\d+)", line)
            if m:
                return int(m.group(1))
    sys.stderr.write("no instruction total in %s\n" % out_file)
    sys.exit(2)


def top_functions(out_file, count=12):
    """The functions with the most instructions (self), for a regression report."""
    if shutil.which("callgrind_annotate") is None:
        return ""
    result = subprocess.run(["callgrind_annotate", "--threshold=100", out_file], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    lines = [l for l in result.stdout.splitlines() if re.match(r"^\s*[\d,]+ \(", l)]
    return "\n".join(l[:160] for l in lines[1:count + 1])


def describe(cmd, cli, tmp):
    """The command with machine-specific paths shortened, for the baseline file."""
    return " ".join("shabih" if c == cli else c.replace(tmp, "<tmp>") for c in cmd)


def environment(build, simd_target):
    compiler = ""
    cache = os.path.join(build, "CMakeCache.txt")
    if os.path.exists(cache):
        with open(cache) as f:
            for line in f:
                if line.startswith("CMAKE_CXX_COMPILER:"):
                    path = line.split("=", 1)[1].strip()
                    try:
                        compiler = subprocess.run([path, "--version"], stdout=subprocess.PIPE, text=True,
                                                  stderr=subprocess.DEVNULL).stdout.splitlines()[0]
                    except (OSError, IndexError):
                        compiler = path
    valgrind = subprocess.run(["valgrind", "--version"], stdout=subprocess.PIPE, text=True).stdout.strip()
    flags = set()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    break
    except OSError:
        pass
    # Valgrind hides AVX-512, so AVX2 decides which code paths run.
    return {"compiler": compiler, "valgrind": valgrind, "machine": platform.machine(),
            "avx2": "avx2" in flags, "simd_target": simd_target}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default="build", help="CMake build directory holding the shabih binary")
    parser.add_argument("--baseline", default=DEFAULT_BASELINE)
    parser.add_argument("--update", action="store_true", help="write the measured counts as the new baseline")
    parser.add_argument("--simd-target", default=DEFAULT_SIMD_TARGET,
                        help="Highway target the CLI is pinned to (SHABIH_SIMD_TARGET; default %(default)s)")
    args = parser.parse_args()

    if shutil.which("valgrind") is None:
        sys.stderr.write("check_instructions: valgrind is not installed (scripts/setup.sh installs it)\n")
        return 2
    cli = os.path.abspath(os.path.join(args.build, "shabih"))
    if not os.access(cli, os.X_OK):
        sys.stderr.write("check_instructions: %s not found; build first\n" % cli)
        return 2

    # Every child (the generator and the measured runs) runs the pinned target.
    os.environ["SHABIH_SIMD_TARGET"] = args.simd_target
    tmp = tempfile.mkdtemp(prefix="shabih-instr-")
    try:
        crawl = os.path.join(tmp, "crawl")
        run([cli, "gen", "--out", crawl, "--pages", str(PAGES), "--seed", str(SEED), "--no-gold", "--quiet"])
        crawl_file = os.path.join(crawl, "crawl.jsonl")
        one = os.path.join(tmp, "one.jsonl")
        with open(one, "w") as f:
            f.write('{"id":"a","text":"نص قصير واحد"}\n')
        workloads = [
            ("setup", [cli, "dedup", one, "--out", os.path.join(tmp, "o-setup"), "--threads", "1", "--quiet"]),
            ("dedup-%d" % PAGES,
             [cli, "dedup", crawl_file, "--out", os.path.join(tmp, "o-dedup"), "--threads", "1", "--quiet"]),
            ("strip-%d" % PAGES,
             [cli, "strip", crawl_file, "--out", os.path.join(tmp, "o-strip"), "--threads", "1", "--quiet"]),
        ]
        measured = {}
        out_files = {}
        for name, cmd in workloads:
            out_files[name] = os.path.join(tmp, name + ".callgrind")
            measured[name] = callgrind_instructions(cmd, out_files[name])
            print("  %-12s %15d instructions" % (name, measured[name]))
        per_page = (measured["dedup-%d" % PAGES] - measured["setup"]) / PAGES
        print("  dedup: %.0f instructions per page beyond start-up" % per_page)
        env = environment(args.build, args.simd_target)

        if args.update:
            baseline = {
                "about": "Instruction counts (callgrind Ir) of bench/check_instructions.py's fixed workload. "
                         "Refresh: python3 bench/check_instructions.py --build build --update "
                         "(docs/performance.md).",
                "tolerance": DEFAULT_TOLERANCE,
                "environment": env,
                "workloads": {name: {"instructions": measured[name], "command": describe(cmd, cli, tmp)}
                              for name, cmd in workloads},
            }
            with open(args.baseline, "w") as f:
                json.dump(baseline, f, indent=2, sort_keys=True, ensure_ascii=False)
                f.write("\n")
            print("check_instructions: wrote %s" % args.baseline)
            return 0

        if not os.path.exists(args.baseline):
            sys.stderr.write("check_instructions: no baseline at %s; run with --update\n" % args.baseline)
            return 2
        with open(args.baseline) as f:
            baseline = json.load(f)
        tolerance = float(baseline.get("tolerance", DEFAULT_TOLERANCE))
        if baseline.get("environment") != env:
            print("check_instructions: note: environment differs from the baseline's; counts may shift "
                  "(baseline %s, here %s)" % (json.dumps(baseline.get("environment")), json.dumps(env)))
        failed = []
        print("  %-12s %15s %15s %8s" % ("workload", "baseline", "now", "change"))
        for name, _ in workloads:
            base = baseline.get("workloads", {}).get(name, {}).get("instructions")
            if not base:
                print("  %-12s %15s %15d   (not in baseline)" % (name, "-", measured[name]))
                continue
            change = measured[name] / base - 1
            print("  %-12s %15d %15d %+7.1f%%" % (name, base, measured[name], 100 * change))
            if change > tolerance:
                failed.append(name)
            elif change < -tolerance:
                print("  %s got more than %.0f%% cheaper: refresh the baseline to keep the gate tight"
                      % (name, 100 * tolerance))
        if failed:
            for name in failed:
                print("\ncheck_instructions: %s regressed by more than %.0f%%; its costliest functions now:"
                      % (name, 100 * tolerance))
                print(top_functions(out_files[name]))
            print("\ncheck_instructions: FAILED (%s). If the cost is intended, refresh the baseline "
                  "(docs/performance.md)." % ", ".join(failed))
            return 1
        print("check_instructions: OK (within %.0f%% of %s)" % (100 * tolerance, os.path.relpath(args.baseline)))
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
