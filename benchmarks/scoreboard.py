"""The book's scoreboard: every pipeline of every chapter, over several seeds, in one table.

Usage (from the repository root, after `make venv`)::

    .venv/bin/python benchmarks/scoreboard.py --publish   # 3 seeds, full size: the book's table
    .venv/bin/python benchmarks/scoreboard.py --seeds 0 1 2 3 4   # a look, in artifacts/scoreboard/
    .venv/bin/python benchmarks/scoreboard.py --size small --only ch1_sound ridge   # a smoke run

It builds each registered pipeline of :mod:`helpers.pipelines` (the article's
recipes, each chapter's broken and fixed pipelines, the naive and ridge
baselines and the oracle) for each seed, runs :func:`helpers.doctor.examine`
on it, and writes, into ``artifacts/scoreboard/`` (or ``--out``), or with ``--publish`` into
``book/_generated/``, which the book includes and chapter 10 reads:

- ``scoreboard.csv``: one row per pipeline and seed (scores,
  training seconds, the checks the doctor flagged), written after every run,
  so an interrupted run keeps what it finished;
- ``scoreboard.md``: one row per pipeline (mean and spread of
  directional accuracy and of the fraction of the oracle's edge, mean
  training seconds), which ``book/scoreboard.md`` includes; the real market's pipelines
  (chapter 8) have no oracle and get a second table, with their skill over the training mean
  and their accuracy gain over its sign;
- ``scoreboard.png``: the pipelines with an oracle as a figure (``plotting.plot_scoreboard``:
  each edge fraction's mean and range over seeds, by chapter and kind), shown above the table.

``--publish`` is refused for ``--size small``: a smoke run can never replace the published
table. With ``--only``, the rerun pipelines' rows replace their earlier rows in the CSV of the
same size and the others are kept.

Scores are on each pipeline's honest held-out period (chapter 4's and chapter 8's leaky
pipelines: on the true future; their own test score is the "reported edge" or "reported skill").
A run with no edge fraction is a diverged one, except on the real market, which has no oracle
(``pipelines.aggregate`` tells them apart by the skill).
Seconds depend on the machine and on what else it is doing.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # before TensorFlow is imported

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from helpers import doctor, pipelines  # noqa: E402
from helpers.nn import training  # noqa: E402

PUBLISHED = ROOT / "book" / "_generated"  # what the book includes and chapter 10 reads
SCRATCH = ROOT / "artifacts" / "scoreboard"  # everything else (git-ignored)


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes}:{secs:02d}"


def run(seeds: list[int], size: str, only: list[str] | None, out: Path) -> pd.DataFrame:
    """Build every pipeline for every seed, with a progress line per run; returns one row per
    run.
    """
    names = only or pipelines.names()
    unknown = [n for n in names if n not in pipelines.PIPELINES]
    if unknown:
        raise SystemExit(f"unknown pipelines {unknown}; registered: {pipelines.names()}")
    total = len(names) * len(seeds)
    rows: list[dict] = []
    start = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    kept = _kept(out / "scoreboard.csv", names, seeds, size) if only else pd.DataFrame()
    done = 0
    for seed in seeds:  # seeds outer: each seed's data is built once and shared by its pipelines
        for name in names:
            tick = time.perf_counter()
            pipe = pipelines.build(name, seed=seed, size=size)
            report = doctor.examine(**pipe.evidence())
            rows.append({**pipe.row(), "flagged": ";".join(report.flagged)})
            done += 1
            elapsed = time.perf_counter() - start
            eta = elapsed / done * (total - done)
            # the fraction of the oracle's edge, or on a real market the skill over the mean
            score = "edge" if "edge_fraction" in pipe.scores else "skill"
            value = pipe.scores.get("edge_fraction", pipe.scores.get("skill", float("nan")))
            print(
                f"[{done:>3}/{total}] seed {seed} {name:<20} {score} {value:6.2f}  "
                f"{time.perf_counter() - tick:5.1f} s  elapsed {_clock(elapsed)}  left "
                f"~{_clock(eta)}",
                flush=True,
            )
            merged = (
                pd.concat([kept, pd.DataFrame(rows)], ignore_index=True)
                if len(kept)
                else pd.DataFrame(rows)
            )
            merged.to_csv(out / "scoreboard.csv", index=False, float_format="%.6g")
            del pipe, report
    return merged


def _kept(path: Path, names: list[str], seeds: list[int], size: str) -> pd.DataFrame:
    """With --only: the earlier runs (same size) of the other pipelines or seeds, to keep in the
    CSV.
    """
    if not path.exists():
        return pd.DataFrame()
    earlier = pd.read_csv(path, keep_default_na=False, na_values=[""])
    earlier = earlier[earlier["size"] == size]
    redo = earlier["name"].isin(names) & earlier["seed"].isin(seeds)
    return earlier[~redo]


def page_table(runs: pd.DataFrame) -> str:
    """The Markdown that the book page includes: the table, and how it was produced (read from
    ``runs``).
    """
    position = {name: i for i, name in enumerate(pipelines.names())}
    runs = runs.sort_values("name", key=lambda names: names.map(position), kind="stable")
    table = pipelines.aggregate(runs)
    seeds = sorted(int(s) for s in runs["seed"].unique())
    sizes = sorted(runs["size"].unique())
    size_text = (
        "the chapters' own sizes"
        if sizes == ["full"]
        else f"size {', '.join(sizes)} (a smoke test, not a measurement)"
    )
    machine = (
        f"{os.cpu_count()} CPU cores, {platform.machine()}, Python {platform.python_version()}"
    )
    note = (
        f"Produced by `benchmarks/scoreboard.py --publish --seeds {' '.join(map(str, seeds))}`: "
        f"{len(runs)} runs (seeds {', '.join(map(str, seeds))}; {size_text}) on a "
        f"shared machine with {machine}; {runs['seconds'].sum() / 60:.0f} minutes of training in "
        "all."
    )
    real = (table["yardstick"] == "training mean").to_numpy()
    text = pipelines.markdown(table[~real]) if (~real).any() else ""
    if real.any():
        text += (
            "\n\n**The real market (chapter 8): no oracle.** The S&P 500's pipelines are scored "
            "on 2015-2018 against the training period's mean return: skill is "
            "1 - MSE / MSE(training mean), 0 for the mean itself (mean over the seeds, then the "
            "lowest and highest seed); the accuracy gain is the directional accuracy minus that "
            "of the training mean's sign (always up). Reported skill: the leaky pipelines' own "
            "test score.\n\n" + pipelines.markdown(table[real], decimals=3)
        )
    return text.lstrip() + "\n\n" + note + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--seeds", type=int, nargs="+", default=[0, 1, 2], help="seeds to run (default: 0 1 2)"
    )
    parser.add_argument(
        "--size",
        choices=pipelines.SIZES,
        default="full",
        help="full: the chapters' sizes (default)",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        default=None,
        metavar="NAME",
        help="run only these pipelines; their rows replace earlier ones in the CSV, the others are "
        "kept",
    )
    parser.add_argument(
        "--publish",
        action="store_true",
        help=f"write into {PUBLISHED.relative_to(ROOT)} (the book's table); full size only",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help=f"output folder (default: {SCRATCH.relative_to(ROOT)}; not with --publish)",
    )
    parser.add_argument(
        "--table-only", action="store_true", help="only rewrite scoreboard.md from the existing CSV"
    )
    args = parser.parse_args(argv)
    if args.publish and args.out is not None:
        parser.error("--publish writes into book/_generated: leave out --out")
    if args.publish and args.size != "full":
        parser.error(
            f"--size {args.size} is a smoke run: it cannot be published (leave out --publish)"
        )
    if args.out is None:
        args.out = PUBLISHED if args.publish else SCRATCH
    if not args.publish and args.out.resolve() == PUBLISHED.resolve():
        parser.error("to write into book/_generated, pass --publish (and --size full)")
    if args.table_only:
        runs = pd.read_csv(args.out / "scoreboard.csv", keep_default_na=False, na_values=[""])
    else:
        training.quiet_tensorflow()
        start = time.perf_counter()
        runs = run(args.seeds, args.size, args.only, args.out)
        print(
            f"{len(runs)} runs in {_clock(time.perf_counter() - start)} (load average "
            f"{os.getloadavg()[0]:.1f})"
        )
    (args.out / "scoreboard.md").write_text(page_table(runs))
    # the figure from the CSV as written (6 significant digits), as the book's test redraws it
    saved = pd.read_csv(args.out / "scoreboard.csv", keep_default_na=False, na_values=[""])
    write_figure(saved, args.out / "scoreboard.png")
    print(
        f"wrote {args.out / 'scoreboard.csv'} ({len(runs)} runs), {args.out / 'scoreboard.md'} "
        "and scoreboard.png"
    )


def write_figure(runs: pd.DataFrame, path: Path) -> None:
    """Save :func:`helpers.plotting.plot_scoreboard` of ``runs`` as a PNG (no date in it, so an
    unchanged table gives an unchanged file)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from helpers import plotting

    fig = plotting.plot_scoreboard(runs)
    fig.savefig(path, dpi=110, metadata={"Software": None})
    plt.close(fig)


if __name__ == "__main__":
    main()
