"""tests/colab_cell.py: every chapter's guarded Colab cell, and the Colab path run offline.

The end-to-end test builds what Colab would meet: a fresh virtual environment with the locked
dependencies but without the book's package (installed by uv from its cache, ``--offline``), a
tagged clone of this repository as the "remote", and a wheel of the package built locally. It then
executes chapter 1's first cells there, with ``google.colab`` planted in ``sys.modules`` so that
the cell takes its Colab branch: it must clone, install the wheel, move into the clone's
``notebooks/``, import the package from the fresh environment (not from this checkout) and print
its version; then the chapter's own imports and parameters cell must run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from tests import colab_cell

ROOT = colab_cell.ROOT


def test_every_chapter_starts_with_the_colab_cell():
    assert colab_cell.NOTEBOOKS, "no chapters found"
    for path in colab_cell.NOTEBOOKS:
        assert colab_cell.problems(path) == [], path.name


def test_the_cell_pins_this_release_and_this_repository():
    import helpers

    assert helpers.__version__ == colab_cell.version()
    repo = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    assert repo == "https://github.com/lstm-accuracy-book/lstm-accuracy-book"
    assert 'f"https://github.com/{BOOK}/{BOOK}"' in colab_cell.source()
    assert f'VERSION = "{colab_cell.version()}"' in colab_cell.source()
    assert max(len(line) for line in colab_cell.source().splitlines()) <= 80


def _without_counts(path: Path) -> dict:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        cell.pop("execution_count", None)
    return nb


def test_check_notices_a_missing_or_stale_cell(tmp_path):
    chapter = colab_cell.NOTEBOOKS[0]
    nb = json.loads(chapter.read_text(encoding="utf-8"))
    first = next(c for c in nb["cells"] if c["cell_type"] == "code")
    nb["cells"].remove(first)  # the chapter as it was before the cell
    bare = tmp_path / chapter.name
    bare.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert colab_cell.main(["--check", str(bare)]) == 1
    assert colab_cell.fix(bare) and not colab_cell.fix(bare)  # idempotent
    assert colab_cell.main(["--check", str(bare)]) == 0
    assert _without_counts(bare) == _without_counts(chapter)  # the stored chapter, once run
    stale = bare.read_text(encoding="utf-8").replace(
        f'VERSION = \\"{colab_cell.version()}\\"', 'VERSION = \\"0.0.1\\"'
    )
    bare.write_text(stale, encoding="utf-8")
    assert colab_cell.main(["--check", str(bare)]) == 1


RUNNER = textwrap.dedent(
    """
    import sys
    import nbformat
    from nbclient import NotebookClient

    notebook, home = sys.argv[1], sys.argv[2]
    nb = nbformat.read(notebook, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    upto = next(i for i, c in enumerate(code) if "parameters" in c.metadata.get("tags", []))
    plant = nbformat.v4.new_code_cell(
        "import sys, types\\nsys.modules['google.colab'] = types.ModuleType('google.colab')"
    )
    probe = nbformat.v4.new_code_cell(
        "import os, helpers\\nprint('FROM', helpers.__file__)\\nprint('CWD', os.getcwd())"
    )
    nb.cells = [plant, *code[: upto + 1], probe]
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": home}}).execute()
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            print(out.get("text", ""), end="")
    """
)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_colab_path_runs_offline(tmp_path):
    release = colab_cell.version()
    python = Path(sys.executable)
    uv = python.parent / "uv"
    if not uv.exists():
        pytest.fail("uv is missing from the environment: make venv installs it")
    env = {**os.environ, "UV_SYSTEM_CERTS": "1"}
    env.pop("PYTHONPATH", None)  # the fresh environment must not see this checkout
    # the "remote": a clone of this repository with the release's tag
    remote = tmp_path / "remote"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(remote)], check=True)
    tags = subprocess.run(
        ["git", "-C", str(remote), "tag", "--list", f"v{release}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    if not tags:
        subprocess.run(["git", "-C", str(remote), "tag", f"v{release}"], check=True)
    # the package, as a wheel built here (no network: setuptools from this environment)
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(remote),
        ],
        check=True,
        env=env,
    )
    (wheel,) = wheels.glob("lstm_accuracy_book-*.whl")
    # Colab's side: the locked dependencies, without the book's package (pip from ensurepip;
    # uv itself is pinned in the lock but installed by pip, so it is not in uv's cache)
    venv = tmp_path / "venv"
    subprocess.run([str(python), "-m", "venv", str(venv)], check=True, env=env)
    fresh = venv / "bin" / "python"
    lock = tmp_path / "requirements.txt"
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    lock.write_text("\n".join(line for line in lines if not line.startswith("uv==")) + "\n")
    subprocess.run(
        [
            str(uv),
            "pip",
            "install",
            "-q",
            "--offline",
            "--python",
            str(fresh),
            "-r",
            str(lock),
        ],
        check=True,
        env=env,
    )
    absent = subprocess.run(
        [str(fresh), "-c", "import helpers"], capture_output=True, env=env, cwd=tmp_path
    )
    assert absent.returncode != 0, "the fresh environment already has the package"
    # Colab's working directory is /content; here it is an empty folder
    content = tmp_path / "content"
    content.mkdir()
    env.update(BOOK_REPO=str(remote), BOOK_WHEEL=str(wheel), PIP_NO_INDEX="1")
    chapter = sorted((remote / "notebooks").glob("01_*.ipynb"))[0]
    run = subprocess.run(
        [str(fresh), "-c", RUNNER, str(chapter), str(content)],
        capture_output=True,
        text=True,
        env=env,
        cwd=content,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    out = run.stdout
    assert f"lstm-accuracy-book {release}" in out
    home = content / "lstm-accuracy-book"
    assert f"CWD {home / 'notebooks'}" in out
    assert f"FROM {venv}" in out, out  # imported from the fresh environment, not a checkout
