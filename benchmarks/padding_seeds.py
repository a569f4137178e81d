"""Chapter 5's one-cause comparisons over many seeds: how large is each effect, and how much does
it vary?

Usage (from the repository root, after `make venv`)::

    .venv/bin/python benchmarks/padding_seeds.py                  # seeds 0-19: about 5-10 minutes
    .venv/bin/python benchmarks/padding_seeds.py --seeds 0 1 2    # a few (to artifacts/)

For each seed it builds chapter 5's registered pipelines (``helpers.pipelines``, full size, so
exactly the models the chapter trains with that ``SEED``) and writes one row per seed and
pipeline to ``book/_generated/ch5_seeds.csv`` (with ``--seeds``: to ``artifacts/``, so that a
partial run never replaces the committed table): the fraction of the oracle's edge, the accuracy,
and the epoch with the lowest validation loss (``best_epoch``; ``epochs`` is the fixed budget).
The chapter reads the table to give each effect's spread over seeds, and reruns its own seed live.

The chapter's budget is a fixed 4 epochs, and most models' validation loss is still falling at
the last one. ``--budget`` asks whether the padding gap is only a matter of budget: for seeds
0-4 it trains post padding without a mask and pre padding (95th percentile) with the same early
stopping (validation loss, patience 3, best weights restored, a cap of 40 epochs that is not
reached) and writes ``book/_generated/ch5_budget.csv``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # before TensorFlow is imported

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from helpers import pipelines  # noqa: E402

PUBLISHED = ROOT / "book" / "_generated" / "ch5_seeds.csv"
BUDGET = ROOT / "book" / "_generated" / "ch5_budget.csv"
SCRATCH = ROOT / "artifacts" / "padding_seeds.csv"
#: the chapter's models that differ from ``ch5_pre_pad`` in one setting each
NAMES = ("ch5_pre_pad", "ch5_post_no_mask", "ch5_post_post", "ch5_int_cast")


def run(seeds: list[int], names: tuple[str, ...] = NAMES, size: str = "full") -> pd.DataFrame:
    """One row per seed and pipeline: ``seed, name, edge_fraction, accuracy, best_epoch,
    epochs`` (``size="small"``: the registry's small sizes, for a quick check of the script)."""
    rows = []
    for seed in seeds:
        for name in names:
            start = time.perf_counter()
            p = pipelines.build(name, seed=seed, size=size)
            val_loss = p.history["val_loss"]
            rows.append(
                {
                    "seed": seed,
                    "name": name,
                    "edge_fraction": round(float(p.scores["edge_fraction"]), 4),
                    "accuracy": round(float(p.scores["accuracy"]), 4),
                    "best_epoch": int(np.argmin(val_loss)) + 1,
                    "epochs": len(val_loss),
                }
            )
            print(
                f"seed {seed:2d} {name:18s} edge {rows[-1]['edge_fraction']:.3f} "
                f"best epoch {rows[-1]['best_epoch']}/{rows[-1]['epochs']} "
                f"({time.perf_counter() - start:.0f} s)",
                flush=True,
            )
    return pd.DataFrame(rows)


def run_budget(seeds: list[int], cap: int = 40, patience: int = 3) -> pd.DataFrame:
    """Post padding (no mask) against pre padding at the 95th percentile, both trained with the
    same early stopping: one row per seed and variant with the epochs run and the edge."""
    import keras

    from helpers import metrics, sequences, settings, setups
    from helpers.nn import sequence_models, training

    rows = []
    for seed in seeds:
        c = setups.sessions(settings.CH5, seed)
        p95 = sequences.maxlen_at(c.train.lengths, 95)
        for name, padding in (("ch5_pre_pad", "pre"), ("ch5_post_no_mask", "post")):
            X = {k: sequences.pad(v, p95, padding=padding) for k, v in c.events.items()}
            training.seed_everything(seed)
            model = sequence_models.build_classifier(X["train"].shape[2])
            stop = keras.callbacks.EarlyStopping(
                patience=patience, restore_best_weights=True, monitor="val_loss"
            )
            history = model.fit(
                X["train"],
                c.train.label.astype("float32"),
                validation_data=(X["val"], c.val.label.astype("float32")),
                epochs=cap,
                batch_size=settings.CH5.batch_size,
                callbacks=[stop],
                verbose=0,
            )
            p_up = model.predict(X["test"], batch_size=2048, verbose=0).ravel()
            epochs = len(history.history["val_loss"])
            rows.append(
                {
                    "seed": seed,
                    "name": name,
                    "edge_fraction": round(
                        float(metrics.edge_fraction(c.y_true, p_up - 0.5, c.oracle, c.naive)), 4
                    ),
                    "best_epoch": int(np.argmin(history.history["val_loss"])) + 1,
                    "epochs": epochs,
                    "cap": cap,
                }
            )
            print(rows[-1], flush=True)
            if epochs >= cap:
                print(f"  seed {seed} {name}: the cap of {cap} epochs was reached", flush=True)
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", nargs="+", type=int, default=None)
    parser.add_argument("--budget", action="store_true", help="the early-stopping check")
    args = parser.parse_args(argv)
    if args.budget:
        table = run_budget(args.seeds if args.seeds is not None else list(range(5)))
        table.to_csv(BUDGET, index=False)
        print(f"wrote {BUDGET.relative_to(ROOT)}")
        print(table.pivot(index="seed", columns="name", values="edge_fraction").round(3))
        return
    table = run(args.seeds if args.seeds is not None else list(range(20)))
    out = SCRATCH if args.seeds is not None else PUBLISHED
    out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(out, index=False)
    print(f"wrote {out}")
    wide = table.pivot(index="seed", columns="name", values="edge_fraction")
    print(wide.describe().round(3))


if __name__ == "__main__":
    main()
