"""Every example of README.md's "From Python" section runs as written.

Shell blocks run with build/python replaced by the package root under test
(the build folder may be another than build/) in a scratch folder; Python
blocks run in a fresh interpreter, the one running these tests.
"""

import os
import pathlib
import re
import subprocess
import sys

import shabih

README = pathlib.Path(__file__).resolve().parents[2] / "README.md"
PACKAGE_ROOT = str(pathlib.Path(shabih.__file__).resolve().parents[1])


def section_blocks():
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## From Python\n")
    end = text.index("\n## ", start + 1)
    return re.findall(r"```(\w+)\n(.*?)```", text[start:end], flags=re.S)


def test_the_section_has_examples():
    kinds = [k for k, _ in section_blocks()]
    assert kinds.count("python") >= 2 and kinds.count("sh") >= 2


def test_python_examples(tmp_path):
    env = dict(os.environ, PYTHONPATH=PACKAGE_ROOT)
    for kind, code in section_blocks():
        if kind == "python":
            subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path, env=env)


def test_shell_examples(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    for i, (kind, code) in enumerate(section_blocks()):
        if kind != "sh":
            continue
        code = code.replace("build/python", PACKAGE_ROOT).replace("/usr/bin/python3", sys.executable)
        cwd = tmp_path / f"block{i}"
        cwd.mkdir()
        out = subprocess.run(["bash", "-euo", "pipefail", "-c", code], check=True, cwd=cwd, env=env,
                             capture_output=True, text=True).stdout
        assert out.strip(), f"block {i} printed nothing"
