"""Rerun chapters with other seeds and report whether their asserts still hold.

Usage (from the repository root, after `make venv`)::

    .venv/bin/python benchmarks/seed_sweep.py notebooks/01_meet_the_market.ipynb --seeds 1 2 3

For each seed the notebook's cell tagged ``parameters`` gets ``SEED = <seed>``
and the notebook runs in a fresh kernel (the stored notebook is not modified).
A chapter's claims must hold for any seed; this is how to check that they do.
With ``--show NAME`` the value of a notebook variable is printed after each
run (for example ``--show edge`` for chapter 1's fractions of the oracle's edge).
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


def with_seed(nb: nbformat.NotebookNode, seed: int) -> nbformat.NotebookNode:
    """A copy of ``nb`` whose parameters cell sets ``SEED = seed``."""
    nb = nbformat.from_dict(nb)
    cells = [
        c for c in nb.cells if c.cell_type == "code" and "parameters" in c.metadata.get("tags", [])
    ]
    if len(cells) != 1 or not re.search(r"^SEED = \d+", cells[0].source, flags=re.M):
        raise ValueError(
            "the notebook needs exactly one cell tagged 'parameters' with a line 'SEED = <int>'."
        )
    cells[0].source = re.sub(r"^SEED = \d+", f"SEED = {seed}", cells[0].source, flags=re.M)
    return nb


def run(path: Path, seed: int, show: str | None) -> str:
    nb = with_seed(nbformat.read(path, as_version=4), seed)
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
    args = parser.parse_args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    for path in args.notebooks:
        for seed in args.seeds:
            print(f"{path.stem} SEED={seed}: {run(path, seed, args.show)}", flush=True)


if __name__ == "__main__":
    main()
