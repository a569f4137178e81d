"""Does the registry reproduce what each chapter reports? One row per pipeline and number.

Usage (from the repository root, after `make venv`)::

    .venv/bin/python benchmarks/agreement.py                 # every pipeline: about 5-10 minutes
    .venv/bin/python benchmarks/agreement.py --only naive ridge ch5_post_post   # a few

Every chapter ends with a hidden cell (tags ``remove-cell``, ``nbval-approx``) that prints, as
JSON, what the chapter measured for each pipeline it runs that :mod:`helpers.pipelines` also
registers, under the registry's name (see :mod:`helpers.agreement`). This script reads those
stored outputs (it does not run the chapters), builds each of those pipelines with
``pipelines.build(name, seed=0, size="full")``, prints the registry's number next to the
chapter's for every field, and writes the table to ``book/_generated/agreement.csv`` (with
``--only``: to ``artifacts/agreement.csv``, so that a partial run never replaces the committed
table). A number agrees when the registry's, printed with the same 3 decimals, is within the
notebook check's tolerance of the chapter's (``tests.nbval_approx.numbers_close``: 0.015 + 2 %
for decimals, 2 for integers such as epochs). The exit code is 1 if any number disagrees or is
missing.

The chapters' stored outputs come from the machine that last executed them, the registry's
numbers from this one: on the same machine they are identical, on another CPU they differ in
the last digit (see README, "What varies between machines").
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # before TensorFlow is imported

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from helpers import agreement  # noqa: E402
from tests.nbval_approx import numbers_close  # noqa: E402

PUBLISHED = ROOT / "book" / "_generated" / "agreement.csv"
SCRATCH = ROOT / "artifacts" / "agreement.csv"
# Chapters 1-7. Chapter 8 builds its pipelines with the registry's own function
# (pipelines.build_real), so it has nothing of its own to compare.
CHAPTERS = sorted((ROOT / "notebooks").glob("0[1-7]_*.ipynb"))
COLUMNS = ["name", "chapter", "field", "chapter_value", "registry_value", "difference", "agrees"]


def chapter_entries(chapters: list[Path] = CHAPTERS) -> dict[str, tuple[int, dict]]:
    """Every pipeline named in the chapters' agreement cells: name -> (chapter, entry)."""
    out: dict[str, tuple[int, dict]] = {}
    for path in chapters:
        chapter = int(path.name[:2])
        for name, entry in agreement.read_notebook(path).items():
            if name in out:
                raise ValueError(f"{name} is reported by chapters {out[name][0]} and {chapter}.")
            out[name] = (chapter, entry)
    return out


def compare(name: str, chapter: int, reported: dict, rebuilt: dict) -> list[dict]:
    """One row per field the chapter reported: its value, the registry's, and whether they agree.

    >>> chapter, registry = {"accuracy": 0.651, "epochs": 16}, {"accuracy": 0.6509, "epochs": 19}
    >>> rows = compare("p", 1, chapter, registry)
    >>> [(r["field"], r["registry_value"], r["agrees"]) for r in rows]
    [('accuracy', '0.651', True), ('epochs', '19', False)]
    """
    rows = []
    for field in agreement.FIELDS:
        if field not in reported:
            continue
        ours = agreement.printed(reported[field])
        theirs = "" if field not in rebuilt else agreement.printed(rebuilt[field])
        if theirs == "":
            agrees, difference = False, float("nan")
        else:
            agrees = numbers_close(ours, theirs)
            difference = float(theirs) - float(ours)
        rows.append(
            {
                "name": name,
                "chapter": chapter,
                "field": field,
                "chapter_value": ours,
                "registry_value": theirs,
                "difference": round(difference, 3),
                "agrees": bool(agrees),
            }
        )
    unknown = set(reported) - set(agreement.FIELDS)
    if unknown:
        raise ValueError(f"{name}: the chapter reports unknown fields {sorted(unknown)}.")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these pipelines")
    args = parser.parse_args(argv)

    from helpers import pipelines  # imports TensorFlow
    from helpers.nn import training

    training.quiet_tensorflow()
    reported = chapter_entries()
    names = args.only or list(reported)
    unknown = [n for n in names if n not in reported]
    if unknown:
        parser.error(f"no chapter reports {unknown}; reported: {sorted(reported)}")
    rows: list[dict] = []
    start = time.perf_counter()
    for name in names:
        chapter, entry = reported[name]
        tick = time.perf_counter()
        rebuilt = agreement.of_pipeline(pipelines.build(name, seed=0, size="full"))
        rows += compare(name, chapter, entry, rebuilt)
        print(
            f"{name:24s} chapter {chapter}  {time.perf_counter() - tick:5.1f} s",
            file=sys.stderr,
            flush=True,
        )
    table = pd.DataFrame(rows, columns=COLUMNS)
    out = SCRATCH if args.only else PUBLISHED
    out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(out, index=False)
    with pd.option_context("display.max_rows", None, "display.width", 120):
        print(table.to_string(index=False))
    bad = table[~table["agrees"]]
    print(
        f"\n{len(table) - len(bad)} of {len(table)} numbers of {len(names)} pipelines agree "
        f"({time.perf_counter() - start:.0f} s); written to {out.relative_to(ROOT)}",
        file=sys.stderr,
    )
    if len(bad):
        print(f"disagree: {sorted(set(bad['name']))}", file=sys.stderr)
    return 1 if len(bad) else 0


if __name__ == "__main__":
    raise SystemExit(main())
