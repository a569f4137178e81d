"""Which notebook cells print numbers that come from a trained model, and which need a tolerance.

Usage (from the repository root, after `make venv`)::

    .venv/bin/python benchmarks/model_cells.py notebooks/01_meet_the_market.ipynb
    .venv/bin/python benchmarks/model_cells.py notebooks/*.ipynb --offset 1000

It executes each chapter once with every Keras seed shifted by ``--offset``
(``keras.utils.set_random_seed(seed + offset)``: other weights, other batch order, the same
market), and compares each code cell's text outputs with the ones stored in the notebook. A cell
whose output changes depends on training: it must carry the ``nbval-approx`` tag (round-off from
another CPU moves its numbers a little) or ``nbval-ignore-output`` (no tolerance makes it stable).
A cell whose output does not change is data, NumPy or text, and nbval compares it exactly.

For each cell it prints the tag it has, whether its output changed, and, if it changed, whether
the change is within the notebook check's tolerance (``tests/nbval_approx.py``). A tagged cell
whose output did not change, or an untagged one whose output did, is marked ``<-``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.nbval_approx import TAG, texts_close  # noqa: E402

PROBE = """\
import keras as _keras
_set_random_seed = _keras.utils.set_random_seed
_keras.utils.set_random_seed = lambda seed: _set_random_seed(int(seed) + {offset})
"""


def _texts(cell) -> list[str]:
    """The texts nbval compares, streams of one name joined as nbval joins them."""
    out, streams = [], {}
    for o in cell.get("outputs", []):
        if o.get("output_type") == "stream":
            if o["name"] in streams:
                out[streams[o["name"]]] += o["text"]
            else:
                streams[o["name"]] = len(out)
                out.append(o["text"])
        elif "data" in o:
            out.extend(o["data"][k] for k in ("text/html", "text/plain") if k in o["data"])
        elif o.get("output_type") == "error":
            out.append(f"{o['ename']}: {o['evalue']}")
    return out


def probe(path: Path, offset: int, keep: Path | None = None) -> list[dict]:
    """One row per code cell: index, tags, changed, within tolerance."""
    stored = nbformat.read(path, as_version=4)
    if keep is not None and (keep / path.name).exists():  # an earlier probe's run
        run = nbformat.read(keep / path.name, as_version=4)
    else:
        run = nbformat.read(path, as_version=4)
        run.cells.insert(0, nbformat.v4.new_code_cell(PROBE.format(offset=offset)))
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        NotebookClient(
            run, timeout=600, allow_errors=True, resources={"metadata": {"path": str(path.parent)}}
        ).execute()
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
            nbformat.write(run, keep / path.name)
    rows = []
    for i, (old, new) in enumerate(zip(stored.cells, run.cells[1:], strict=True)):
        if old.cell_type != "code":
            continue
        a, b = _texts(old), _texts(new)
        changed = a != b
        close = len(a) == len(b) and all(texts_close(x, y) for x, y in zip(a, b, strict=True))
        rows.append(
            {
                "cell": i,
                "tags": old.metadata.get("tags", []),
                "changed": changed,
                "close": close,
                "old": a,
                "new": b,
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--offset", type=int, default=1000)
    parser.add_argument("--show", action="store_true", help="print the changed outputs")
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        help="save each probe run here, and reuse a saved one instead of running",
    )
    args = parser.parse_args()
    for path in args.notebooks:
        print(f"== {path}")
        for row in probe(path, args.offset, args.keep):
            tagged = TAG in row["tags"] or "nbval-ignore-output" in row["tags"]
            if not (row["changed"] or tagged):
                continue
            flag = "" if tagged == row["changed"] else "  <-"
            verdict = "within tolerance" if row["close"] else "beyond tolerance"
            state = f"changed, {verdict}" if row["changed"] else "unchanged"
            print(f"cell {row['cell']:>3} {','.join(row['tags']) or '-':<28} {state}{flag}")
            if args.show and row["changed"]:
                for x, y in zip(row["old"], row["new"], strict=False):
                    if x != y:
                        print("   stored:", x[:400].replace("\n", "\n           "))
                        print("   probe: ", y[:400].replace("\n", "\n           "))


if __name__ == "__main__":
    main()
