"""The one install command a notebook may hold: the guarded Colab cell, the first code cell of
every chapter.

Colab opens a notebook alone, without the repository or its package, so there (and only there,
``"google.colab" in sys.modules``) the cell clones the repository at the tag of the release this
notebook belongs to, installs the book's package from it with the version pinned, adds ``arch``
(Colab already has TensorFlow and the scientific stack), moves into the clone's ``notebooks/``
(the chapters read ``../book/_generated/``) and prints the version. Anywhere else it does
nothing and prints nothing, so nbval and the stored outputs never see it. The site hides it
(tag ``remove-cell``).

Two environment variables stand in for the network in ``tests/test_colab_cell.py``:
``BOOK_REPO`` (where to clone from) and ``BOOK_WHEEL`` (what to install).

    python tests/colab_cell.py --check   # exit 1 if a notebook's first code cell is not the cell
    python tests/colab_cell.py --fix     # insert or update it in every chapter

A release: raise ``version`` in pyproject.toml and ``helpers.__version__`` (a test ties them),
run ``--fix``, commit, and tag that commit ``v<version>``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CELL_ID = "colab-install"
TAGS = ["remove-cell"]


def version() -> str:
    """The package's version, from pyproject.toml."""
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def source(release: str | None = None) -> str:
    """The cell's code for ``release`` (default: :func:`version`)."""
    release = release or version()
    return f'''# Colab opens this notebook alone: there, install the book's release {release}.
import os
import subprocess
import sys

if "google.colab" in sys.modules:
    BOOK = "lstm-accuracy-book"
    VERSION = "{release}"
    HOME = os.path.abspath(BOOK)  # /content/lstm-accuracy-book
    REPO = os.environ.get("BOOK_REPO", f"https://github.com/{{BOOK}}/{{BOOK}}")
    if not os.path.isdir(HOME):  # the repository at the release's tag
        clone = ["git", "clone", "-q", "--depth", "1", "-b", f"v{{VERSION}}"]
        subprocess.run([*clone, REPO, HOME], check=True)
    pip = [sys.executable, "-m", "pip", "install", "-q"]
    PACKAGE = os.environ.get("BOOK_WHEEL", HOME)
    subprocess.run([*pip, "--no-deps", PACKAGE], check=True)
    subprocess.run([*pip, "arch>=8"], check=True)  # Colab has the rest
    os.chdir(os.path.join(HOME, "notebooks"))  # the chapters read ../book/
    import helpers

    assert helpers.__version__ == VERSION, helpers.__version__
    print(f"{{BOOK}} {{helpers.__version__}}")'''


def _first_code(nb: dict) -> int:
    return next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code")


def problems(path: Path) -> list[str]:
    """What is wrong with ``path``'s Colab cell (an empty list if nothing)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = nb["cells"][_first_code(nb)]
    found = []
    if "".join(cell["source"]) != source():
        found.append("its first code cell is not the Colab cell of this release")
    if cell.get("metadata", {}).get("tags") != TAGS:
        found.append(f"the Colab cell must be tagged exactly {TAGS}")
    if cell.get("outputs"):
        found.append("the Colab cell has stored outputs (it prints nothing outside Colab)")
    return found


def fix(path: Path) -> bool:
    """Insert the cell before the first code cell of ``path`` (or update it); True if changed."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    lines = source().split("\n")
    cell = {
        "cell_type": "code",
        "execution_count": None,
        "id": CELL_ID,
        "metadata": {"tags": list(TAGS)},
        "outputs": [],
        "source": [line + "\n" for line in lines[:-1]] + [lines[-1]],
    }
    i = _first_code(nb)
    if nb["cells"][i].get("id") == CELL_ID:
        if nb["cells"][i] == cell:
            return False
        nb["cells"][i] = cell
    else:
        nb["cells"].insert(i, cell)
    text = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--fix", action="store_true")
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args(argv)
    files = args.files or NOTEBOOKS
    if args.fix:
        for path in files:
            if fix(path):
                print(f"updated {path.name}")
        return 0
    bad = {path.name: problems(path) for path in files}
    for name, found in bad.items():
        for problem in found:
            print(f"{name}: {problem}")
    return 1 if any(bad.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
