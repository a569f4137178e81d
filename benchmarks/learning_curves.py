"""Learning curves against the oracle: the fraction of the oracle's edge that the book's sound
LSTM, ridge and gradient-boosted trees capture, against the number of training days, at four
strengths of the planted signal; and, at small sizes and weak signals, what helps.

Usage (from the repository root, after `make venv`)::

    .venv/bin/python benchmarks/learning_curves.py           # the full grid (46 min, 2 cores)
    .venv/bin/python benchmarks/learning_curves.py --quick   # a small grid, to artifacts/ (< 2 min)
    .venv/bin/python benchmarks/learning_curves.py --figures # redraw from the CSV, train nothing

The run is resumable: every finished cell (model, variant, signal, n_train, seed) is appended to
``book/_generated/learning_curves.csv`` at once, and a rerun skips the cells already there, so an
interrupted run continues where it stopped (delete the file to start afresh; delete one model's
rows to recompute only those: the 192 ``hgb`` rows took 4 to 7 min alone). Then it writes the
figures ``learning_curves.png`` and ``learning_remedies.png`` and the table
``learning_crossovers.csv`` beside it (``--quick``: all of it to ``artifacts/learning_quick/``,
so that a quick run never touches the committed results; ``--out DIR`` elsewhere).

The design (:func:`helpers.learning.curve_setup`): one long market per seed and signal; the last
``N_TEST`` windows are the test block, the ``N_VAL`` before them (after a gap) the validation
block, and each size trains on the most recent ``n_train`` windows before that, with a scaler fit
on those windows only. Every size is scored on the same test days.

The models, each with its own early stopping on the validation block and no binding cap:

- ``lstm``: ``training.train`` with ``learning.RECIPE``: ``settings.SOUND`` (LSTM(32), Huber on
  a standardised target, Adam 3e-3 with clipping, batch 256, patience 6, best weights restored),
  its epoch cap raised to ``EPOCH_CAP`` so that only early stopping ends training (``capped``
  says if the cap was hit);
- ``ridge``: ``baselines.fit_ridge`` (its penalty chosen by leave-one-out on the training windows);
- ``hgb``: ``baselines.fit_boosting`` (``HistGradientBoostingRegressor``, early-stopped on the
  validation block after 20 rounds without improvement, predicting with its best validation
  round: ``iterations`` is the rounds fitted, ``best_iteration`` the round used, 0 for the
  training mean).

Variants of the LSTM (each differs from ``sound`` in one thing): ``units8`` (LSTM(8) instead of 32),
``dropout0.3`` (dropout 0.3 on the inputs), ``flow+sentiment`` (only the two informative features),
``pooled4`` (training windows of 4 markets that share the planted rule, ``n_train`` each).

Each row holds the fraction of the oracle's edge on the test block with its block-bootstrap
interval over test days (``metrics.edge_interval``), the accuracies, and the training effort.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # before TensorFlow is imported

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from helpers import baselines, learning, metrics  # noqa: E402

PUBLISHED = ROOT / "book" / "_generated"
QUICK = ROOT / "artifacts" / "learning_quick"
RESULTS = "learning_curves.csv"
CROSSOVERS = "learning_crossovers.csv"
CURVES_PNG = "learning_curves.png"
REMEDIES_PNG = "learning_remedies.png"

#: Epochs the LSTM may run: far above what early stopping lets it reach (see ``capped``).
EPOCH_CAP = learning.RECIPE.epochs
#: The columns of the results file, in order.
COLUMNS = (
    *learning.KEY,
    "edge",
    "edge_low",
    "edge_high",
    "accuracy",
    "oracle_accuracy",
    "naive_accuracy",
    "iterations",
    "best_iteration",
    "capped",
    "seconds",
)
#: The LSTM variants: what each changes in ``settings.SOUND`` or in the data.
VARIANTS: dict[str, dict[str, object]] = {
    "units8": {"recipe": {"units": 8}},
    "dropout0.3": {"recipe": {"dropout": 0.3}},
    "flow+sentiment": {"features": ("flow", "sentiment")},
    "pooled4": {"pool": 4},
}


@dataclass(frozen=True)
class Grid:
    """What to run: the main curves (every model, every signal and size) and the variants."""

    signals: tuple[float, ...]
    sizes: tuple[int, ...]
    seeds: tuple[int, ...]
    #: sizes at least this large run only on ``large_seeds``
    large: int
    large_seeds: tuple[int, ...]
    variant_signals: tuple[float, ...]
    variant_sizes: tuple[int, ...]
    variants: dict[str, dict[str, object]] = field(default_factory=lambda: dict(VARIANTS))
    n_val: int = learning.N_VAL
    n_test: int = learning.N_TEST
    lookback: int = learning.LOOKBACK
    reps: int = 1_000

    @property
    def max_train(self) -> int:
        return max(self.sizes)

    def cells(self) -> list[tuple[str, str, float, int, int]]:
        """Every cell's key, ordered so that one market (seed, signal) is finished at a time."""
        out = []
        for seed in self.seeds:
            for signal in self.signals:
                for n in self.sizes:
                    if n >= self.large and seed not in self.large_seeds:
                        continue
                    out += [(m, "sound", signal, n, seed) for m in ("lstm", "ridge", "hgb")]
                if signal in self.variant_signals:
                    out += [
                        ("lstm", v, signal, n, seed)
                        for n in self.variant_sizes
                        for v in self.variants
                    ]
        return out


FULL = Grid(
    signals=(1.0, 0.35, 0.2, 0.1),
    sizes=(250, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, learning.MAX_TRAIN),
    seeds=(0, 1, 2, 3, 4),
    large=learning.MAX_TRAIN,
    large_seeds=(0, 1, 2),
    variant_signals=(0.35, 0.1),
    variant_sizes=(1_000, 4_000, 16_000),
)

QUICK_GRID = Grid(
    signals=(1.0, 0.35),
    sizes=(250, 1_000),
    seeds=(0,),
    large=1_000,
    large_seeds=(0,),
    variant_signals=(0.35,),
    variant_sizes=(250,),
    variants={**VARIANTS, "pooled4": {"pool": 2}},
    n_val=500,
    n_test=4_000,
    reps=200,
)


def run_cell(grid: Grid, key: tuple[str, str, float, int, int]) -> dict[str, object]:
    """Train and score one cell; return its row (every column of :data:`COLUMNS`)."""
    model, variant, signal, n_train, seed = key
    spec = {} if variant == "sound" else grid.variants[variant]
    c = learning.curve_setup(
        seed,
        signal,
        n_train,
        max_train=grid.max_train,
        n_val=grid.n_val,
        n_test=grid.n_test,
        lookback=grid.lookback,
        features=spec.get("features"),
        pool=int(spec.get("pool", 1)),
    )
    start = time.perf_counter()
    capped = False
    if model == "lstm":
        from helpers.nn import training

        recipe = learning.RECIPE.replace(**spec.get("recipe", {}))
        fit = training.train(c.X_train, c.y_train, c.X_val, c.y_val, seed=seed, **recipe.kwargs())
        y_hat = fit.predict(c.X_test)
        iterations, best = fit.epochs, fit.best_epoch
        capped = fit.epochs >= EPOCH_CAP
    elif model == "ridge":
        y_hat = baselines.fit_ridge(c.X_train, c.y_train).predict(c.X_test)
        iterations, best = 0, 0
    elif model == "hgb":
        fit = baselines.fit_boosting(c.X_train, c.y_train, c.X_val, c.y_val, seed=seed)
        y_hat = fit.predict(c.X_test)
        iterations = int(fit[-1].n_iter_)
        best = int(fit[-1].best_iteration_)
        capped = iterations >= fit[-1].max_iter
    else:
        raise ValueError(f"unknown model {model!r}")
    seconds = time.perf_counter() - start
    ci = metrics.edge_interval(c.y_test, y_hat, c.oracle, c.naive, reps=grid.reps, seed=seed)
    return {
        "model": model,
        "variant": variant,
        "signal": signal,
        "n_train": n_train,
        "seed": seed,
        "edge": round(ci.point, 4),
        "edge_low": round(ci.low, 4),
        "edge_high": round(ci.high, 4),
        "accuracy": round(metrics.directional_accuracy(c.y_test, y_hat), 5),
        "oracle_accuracy": round(metrics.directional_accuracy(c.y_test, c.oracle), 5),
        "naive_accuracy": round(metrics.directional_accuracy(c.y_test, c.naive), 5),
        "iterations": iterations,
        "best_iteration": best,
        "capped": capped,
        "seconds": round(seconds, 2),
    }


def run(grid: Grid, out: Path, *, limit: int | None = None) -> int:
    """Run every cell of ``grid`` not yet in ``out/learning_curves.csv``, appending each row as
    soon as it is done; stop after ``limit`` new cells (None: all). Return the cells run."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / RESULTS
    if learning.repair(path):
        print(f"cut a partial last line from {path}", flush=True)
    done = learning.completed(path)
    todo = [
        k
        for k in grid.cells()
        if learning.key_of(dict(zip(learning.KEY, k, strict=True))) not in done
    ]
    total = len(grid.cells())
    print(f"{len(done)} cells already in {path}; {len(todo)} of {total} to run", flush=True)
    if todo:
        from helpers.nn import training

        training.quiet_tensorflow()
    start = time.perf_counter()
    for i, key in enumerate(todo[:limit] if limit is not None else todo, start=1):
        row = run_cell(grid, key)
        learning.append_row(path, row, COLUMNS)
        label = (
            f"{key[0]} {key[1]} signal={key[2]} n={key[3]} seed={key[4]}: edge {row['edge']:.2f}"
            f" [{row['edge_low']:.2f}, {row['edge_high']:.2f}]"
        )
        print(learning.progress_line(i, len(todo), time.perf_counter() - start, label), flush=True)
    return len(todo) if limit is None else min(limit, len(todo))


def report(out: Path, grid: Grid) -> pd.DataFrame:
    """Write the crossover table and the two figures from the results file; return the table."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from helpers import plotting

    results = pd.read_csv(out / RESULTS)
    table = learning.crossovers(results)
    table.to_csv(out / CROSSOVERS, index=False)
    fig = plotting.plot_edge_by_size(results)
    fig.savefig(out / CURVES_PNG, dpi=110)
    plt.close(fig)
    if (results["variant"] != "sound").any():
        fig = plotting.plot_remedies(results, signal=min(grid.variant_signals))
        fig.savefig(out / REMEDIES_PNG, dpi=110)
        plt.close(fig)
    return table


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="a small grid, in under 2 minutes")
    parser.add_argument("--figures", action="store_true", help="redraw only, train nothing")
    parser.add_argument("--out", type=Path, default=None, help="write here instead")
    parser.add_argument("--limit", type=int, default=None, help="stop after this many cells")
    args = parser.parse_args(argv)
    grid = QUICK_GRID if args.quick else FULL
    out = args.out if args.out is not None else (QUICK if args.quick else PUBLISHED)
    start = time.perf_counter()
    if not args.figures:
        ran = run(grid, out, limit=args.limit)
        print(f"ran {ran} cells in {(time.perf_counter() - start) / 60:.1f} min", flush=True)
    done = learning.completed(out / RESULTS)
    if len(done) < len(grid.cells()):
        print(f"{len(grid.cells()) - len(done)} cells still to run: rerun to continue", flush=True)
        return
    table = report(out, grid)
    print(table.to_string(index=False))
    print(f"wrote {out / CROSSOVERS}, {out / CURVES_PNG}")


if __name__ == "__main__":
    main()
