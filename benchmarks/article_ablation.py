"""Where does the article's recipe lose the oracle's edge? One setting at a time, both ways.

Usage (from the repository root, after `make venv`)::

    .venv/bin/python benchmarks/article_ablation.py                 # seeds 0-2, full size
    .venv/bin/python benchmarks/article_ablation.py --quick --out artifacts/ablation_quick.csv

Chapter 7 trains the article's Example 3 (``settings.ARTICLE``: LSTM(50, relu), MSE on the raw
target, batches of 32, Adam at 1e-3, no clipping, a fixed 10 epochs, the test set as
``validation_data``) and the book's sound recipe (``settings.SOUND``) on the same data. They differ
in eight settings. This script trains every row of ``helpers.nn.tuning.ablation_variants``: each
recipe as it is, the article's recipe with one setting of the sound recipe, and the sound recipe
with one setting of the article's, on chapter 7's data (``settings.CH7``, full size) for each seed,
and scores each on the test period: the fraction of the oracle's edge with its block-bootstrap
interval (``metrics.edge_interval``), R^2 as a fraction of the oracle's, the epochs run and the
best one. The table goes to ``book/_generated/article_ablation.csv``, one row per variant and seed.

The run is resumable: rows already in the output file (same variant, seed and signal) are kept
and not trained again. ``--quick`` runs four variants on a few hundred windows with a budget of
two epochs, in well under a minute: a check that the script works, not a measurement.
54 trainings for three seeds at full size: about 45 minutes on two busy cores (the batch-32 rows
with early stopping are the slow ones); ``--only`` and two ``--out`` files let two processes
share the grid (concatenate them afterwards, in ``ablation_variants``' order).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # before TensorFlow is imported

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from helpers import settings, setups  # noqa: E402

PUBLISHED = ROOT / "book" / "_generated" / "article_ablation.csv"
COLUMNS = [
    "variant",
    "base",
    "setting",
    "seed",
    "signal",
    "edge",
    "edge_low",
    "edge_high",
    "r2_fraction",
    "accuracy",
    "epochs",
    "best_epoch",
    "seconds",
]
#: --quick: these variants only, on small data, at most two epochs
QUICK_VARIANTS = (
    "article",
    "sound",
    "article + sound's activation",
    "sound + article's validation set",
)
QUICK = settings.CH7.replace(n_train=400, n_val=200, n_test=1_000)


def plan(
    variants: Sequence[str], seeds: Iterable[int], signal: float, done: pd.DataFrame
) -> list[tuple[str, int]]:
    """The (variant, seed) pairs still to train: every pair not already in ``done`` at ``signal``.

    >>> done = pd.DataFrame({"variant": ["article"], "seed": [0], "signal": [1.0]})
    >>> plan(["article", "sound"], [0, 1], 1.0, done)
    [('article', 1), ('sound', 0), ('sound', 1)]
    """
    seeds = [int(s) for s in seeds]
    if not seeds or not variants:
        raise ValueError("pass at least one variant and one seed.")
    have = set()
    if len(done):
        at = done[done["signal"] == float(signal)]
        have = set(zip(at["variant"], at["seed"].astype(int), strict=True))
    return [(v, s) for v in variants for s in seeds if (v, s) not in have]


def run(
    seeds: Sequence[int],
    out: Path,
    *,
    signal: float = 1.0,
    quick: bool = False,
    only: Sequence[str] | None = None,
    reps: int = 1000,
) -> pd.DataFrame:
    """Train the rows still missing from ``out``, appending each to it as soon as it is scored;
    returns the whole table."""
    from helpers.nn import training, tuning

    training.quiet_tensorflow()
    variants = {v.name: v for v in tuning.ablation_variants()}
    names = list(QUICK_VARIANTS if quick else variants)
    if only:
        unknown = set(only) - set(variants)
        if unknown:
            raise ValueError(
                f"unknown variants {sorted(unknown)}; the variants are {list(variants)}."
            )
        names = [n for n in names if n in set(only)]
    done = pd.read_csv(out) if out.is_file() else pd.DataFrame(columns=COLUMNS)
    todo = plan(names, seeds, signal, done)
    base = (QUICK if quick else settings.CH7).replace(signal=signal)
    data: dict[int, setups.DailySetup] = {}
    for name, seed in todo:
        if seed not in data:
            data[seed] = setups.daily(base, seed)
        d = data[seed]
        knobs = dict(variants[name].knobs)
        if quick:
            knobs["epochs"] = min(knobs["epochs"], 2)
        start = time.perf_counter()
        trained = tuning.fit_variant(knobs, d.scaled, seed=seed)
        scores = tuning.variant_scores(
            trained,
            d.scaled.test.X,
            d.scaled.test.y,
            d.oracle,
            d.naive,
            seed=seed,
            reps=50 if quick else reps,
        )
        row = {
            "variant": name,
            "base": variants[name].base,
            "setting": variants[name].setting,
            "seed": seed,
            "signal": float(signal),
            **scores,
            "seconds": time.perf_counter() - start,
        }
        done = pd.concat([done.astype(object), pd.DataFrame([row])], ignore_index=True)
        out.parent.mkdir(parents=True, exist_ok=True)
        done[COLUMNS].to_csv(out, index=False, float_format="%.4f")
        print(
            f"{name:45s} seed {seed}: edge {scores['edge']:.3f} "
            f"[{scores['edge_low']:.3f}, {scores['edge_high']:.3f}], "
            f"best epoch {scores['best_epoch']:.0f} of {scores['epochs']:.0f}, "
            f"{row['seconds']:.0f} s",
            flush=True,
        )
    return pd.read_csv(out) if out.is_file() else done


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--signal", type=float, default=1.0)
    parser.add_argument("--quick", action="store_true", help="a few variants, tiny, two epochs")
    parser.add_argument("--only", nargs="*", default=None, help="these variants only")
    parser.add_argument("--out", type=Path, default=None, help=f"default: {PUBLISHED}")
    args = parser.parse_args(argv)
    out = args.out or PUBLISHED
    if args.quick and out.resolve() == PUBLISHED.resolve():
        parser.error("--quick writes elsewhere: pass --out (the published table is full size).")
    table = run(args.seeds, out, signal=args.signal, quick=args.quick, only=args.only)
    from helpers.nn import tuning

    print(tuning.ablation_summary(table).round(3).to_string())


if __name__ == "__main__":
    main()
