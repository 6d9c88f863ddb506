"""Every example of README.md's "From Python" and "On a cluster" sections runs.

The blocks of a section run in order in one scratch folder. Shell blocks run
with build/shabih and build/python replaced by the binary and package under
test (the build folder may be another than build/); Python blocks run in a
fresh interpreter, the one running these tests.
"""

import os
import pathlib
import re
import subprocess
import sys

import pytest

import shabih

README = pathlib.Path(__file__).resolve().parents[2] / "README.md"
PACKAGE_ROOT = str(pathlib.Path(shabih.__file__).resolve().parents[1])
CLI = os.environ.get("SHABIH_CLI")


def section_blocks(title):
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.index("\n## ", start + 1)
    return re.findall(r"```(\w+)\n(.*?)```", text[start:end], flags=re.S)


def run_section(title, cwd):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    for kind, code in section_blocks(title):
        if kind == "python":
            subprocess.run([sys.executable, "-c", code], check=True, cwd=cwd, env=dict(env, PYTHONPATH=PACKAGE_ROOT))
        elif kind == "sh":
            code = code.replace("build/shabih", CLI or "shabih").replace("build/python", PACKAGE_ROOT)
            code = code.replace("/usr/bin/python3", sys.executable)
            out = subprocess.run(["bash", "-euo", "pipefail", "-c", code], check=True, cwd=cwd, env=env,
                                 capture_output=True, text=True).stdout
            assert out.strip(), f"a block of {title} printed nothing:\n{code}"


def test_the_sections_have_examples():
    kinds = [k for k, _ in section_blocks("From Python")]
    assert kinds.count("python") >= 2 and kinds.count("sh") >= 2
    assert [k for k, _ in section_blocks("On a cluster")] == ["sh", "python"]


def test_from_python(tmp_path):
    run_section("From Python", tmp_path)


@pytest.mark.skipif(not CLI, reason="SHABIH_CLI (the shabih binary) not set")
def test_on_a_cluster(tmp_path):
    pytest.importorskip("distributed", reason="python3-distributed is not installed")
    run_section("On a cluster", tmp_path)
    assert (tmp_path / "out-py" / "clusters.jsonl").read_bytes() == (tmp_path / "out" / "clusters.jsonl").read_bytes()


FAKE_SBATCH = r'''
# sbatch as far as the recipe uses it: --array=0-K runs --wrap once per task
# with SLURM_ARRAY_TASK_ID set, at once (dependencies hold: jobs run in order).
jobs=0
sbatch() {
  local array="" wrap="" parsable=0
  for arg in "$@"; do
    case $arg in
      --array=*) array=${arg#--array=} ;;
      --parsable) parsable=1 ;;
    esac
  done
  while [[ $# -gt 0 ]]; do
    if [[ $1 == --wrap ]]; then wrap=$2; shift; fi
    shift
  done
  if [[ -n $array ]]; then
    for ((i = ${array%-*}; i <= ${array#*-}; i++)); do SLURM_ARRAY_TASK_ID=$i bash -c "$wrap"; done
  else
    bash -c "$wrap"
  fi
  jobs=$((jobs + 1))
  [[ $parsable == 1 ]] && echo "$jobs" || echo "Submitted batch job $jobs"
}
'''


@pytest.mark.skipif(not CLI, reason="SHABIH_CLI (the shabih binary) not set")
def test_the_slurm_recipe_gives_dedups_bytes(tmp_path):
    """The Slurm recipe of "Sharded stages", with a stand-in sbatch and 3 shards, 2 partitions."""
    blocks = [code for kind, code in section_blocks("Sharded stages") if kind == "sh" and "sbatch" in code]
    assert len(blocks) == 1
    recipe = blocks[0]
    for real, here in (("N=64", "N=3"), ("M=16", "M=2"), ("/shared/work", str(tmp_path / "work")),
                       ("/shared/crawl/", str(tmp_path / "crawl")), ("/shared/out", str(tmp_path / "out")),
                       ("shabih stage", f"{CLI} stage")):
        assert real in recipe, real
        recipe = recipe.replace(real, here)
    subprocess.run([CLI, "gen", "--out", str(tmp_path / "crawl"), "--pages", "1500", "--seed", "3", "--no-gold",
                    "--quiet"], check=True)
    subprocess.run(["bash", "-euo", "pipefail", "-c", FAKE_SBATCH + recipe], check=True, cwd=tmp_path)
    flags = re.search(r'FLAGS="([^"]*)"', recipe).group(1).split()
    subprocess.run([CLI, "dedup", str(tmp_path / "crawl"), "--out", str(tmp_path / "ref"), "--quiet", *flags],
                   check=True)
    assert (tmp_path / "work" / "verify-1" / "meta").is_file()
    for name in ("clusters.jsonl", "candidates.jsonl"):
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "ref" / name).read_bytes(), name
