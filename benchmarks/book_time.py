"""Print how long each chapter takes to execute, and the whole book.

Usage (from the repository root, after `make venv`)::

    .venv/bin/python benchmarks/book_time.py [notebooks/01_meet_the_market.ipynb ...]

Each notebook runs in a fresh kernel, as the book build and nbval run it; the
stored notebook is not modified. Timings are figures to read, never asserted:
they depend on the machine and on what else it is doing.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def execute(path: Path) -> float:
    """Execute the notebook at ``path`` in a fresh kernel and return the wall-clock seconds."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def main(paths: list[str]) -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    notebooks = [Path(p) for p in paths] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    total = 0.0
    print(f"{'chapter':<40} {'seconds':>8}")
    for path in notebooks:
        seconds = execute(path)
        total += seconds
        print(f"{path.stem:<40} {seconds:8.1f}", flush=True)
    print(f"{'whole book (' + str(len(notebooks)) + ' chapters)':<40} {total:8.1f}")
    print(f"on {os.cpu_count()} CPU cores; load average now {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
