"""Rerun chapters with other seeds and report whether their asserts still hold.

Usage (from the repository root, after `make venv`)::

    .venv/bin/python benchmarks/seed_sweep.py notebooks/01_meet_the_market.ipynb --seeds 1 2 3

For each seed the notebook's cell tagged ``parameters`` gets ``SEED = <seed>``
and the notebook runs in a fresh kernel (the stored notebook is not modified).
A chapter's claims must hold for any seed; this is how to check that they do.
With ``--show NAME`` the value of a notebook variable is printed after each
run (for example ``--show edge`` for chapter 1's fractions of the oracle's edge).
``--set NAME=VALUE`` changes another line of the parameters cell for every run, for
example ``--set SIGNAL=0.35`` for the weaker market (the chapter must then hold
the claims it says survive there).
"""

from __future__ import annotations

import argparse
import os
import re
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def with_seed(
    nb: nbformat.NotebookNode, seed: int, overrides: dict[str, str] | None = None
) -> nbformat.NotebookNode:
    """A copy of ``nb`` whose parameters cell sets ``SEED = seed`` (and ``NAME = value`` for each
    of ``overrides``)."""
    nb = nbformat.from_dict(nb)
    cells = [
        c for c in nb.cells if c.cell_type == "code" and "parameters" in c.metadata.get("tags", [])
    ]
    if len(cells) != 1 or not re.search(r"^SEED = \d+", cells[0].source, flags=re.M):
        raise ValueError(
            "the notebook needs exactly one cell tagged 'parameters' with a line 'SEED = <int>'."
        )
    cells[0].source = re.sub(r"^SEED = \d+", f"SEED = {seed}", cells[0].source, flags=re.M)
    for name, value in (overrides or {}).items():
        pattern = rf"^{re.escape(name)} = .*$"
        if not re.search(pattern, cells[0].source, flags=re.M):
            raise ValueError(f"the parameters cell has no line '{name} = ...' to change.")
        cells[0].source = re.sub(pattern, f"{name} = {value}", cells[0].source, flags=re.M)
    return nb


def run(path: Path, seed: int, show: str | None, overrides: dict[str, str] | None = None) -> str:
    nb = with_seed(nbformat.read(path, as_version=4), seed, overrides)
    if show:
        nb.cells.append(nbformat.v4.new_code_cell(f"print(repr({show}))"))
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    start = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as error:
        last = [line for line in str(error).splitlines() if "Error" in line]
        return f"FAILED after {time.perf_counter() - start:.0f} s: {last[-1] if last else error}"
    shown = ""
    if show:
        shown = " " + "".join(o.get("text", "") for o in nb.cells[-1].outputs).strip().replace(
            "\n", " "
        )
    return f"ok in {time.perf_counter() - start:.0f} s{shown}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--seeds", nargs="+", type=int, default=[1, 2, 3])
    parser.add_argument("--show", default=None, help="a notebook variable to print after each run")
    parser.add_argument(
        "--set",
        nargs="*",
        default=[],
        metavar="NAME=VALUE",
        help="other parameters to change, e.g. SIGNAL=0.35",
    )
    args = parser.parse_args()
    overrides = dict(item.split("=", 1) for item in args.set)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    for path in args.notebooks:
        for seed in args.seeds:
            label = " ".join([f"SEED={seed}", *args.set])
            print(f"{path.stem} {label}: {run(path, seed, args.show, overrides)}", flush=True)


if __name__ == "__main__":
    main()
