"""Training: activation stability, how far back a cell reaches, learning rates, and searches
reported against the future.

Each function draws one figure and returns it (``matplotlib.figure.Figure``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ._style import COLORS

__all__ = [
    "plot_activation_stability",
    "plot_reach",
    "plot_lr_curves",
    "plot_search",
    "plot_ablation",
]

_ACTIVATION_COLORS = {"tanh": COLORS["fixed"], "relu": COLORS["broken"]}


def plot_activation_stability(table: pd.DataFrame) -> Figure:
    """The worst training loss of every run of :func:`helpers.nn.tuning.activation_sweep`, on a log
    scale.

    One group per (lookback, learning rate), one colour per activation, one
    dot per seed; a dashed line at 1, the loss of always forecasting the mean
    (the target is standardised). An infinite or NaN loss is drawn at the top, labelled.
    """
    needed = {"lookback", "activation", "learning rate", "seed", "worst loss"}
    if not needed <= set(table.columns) or table.empty:
        raise ValueError(
            f"table must be a non-empty activation_sweep table with columns {sorted(needed)}."
        )
    groups = (
        table[["lookback", "learning rate"]]
        .drop_duplicates()
        .sort_values(["lookback", "learning rate"])
    )
    activations = list(dict.fromkeys(table["activation"]))
    finite = table["worst loss"].replace([np.inf, -np.inf], np.nan)
    top = float(np.nanmax(finite)) * 10 if finite.notna().any() else 10.0
    fig, ax = plt.subplots(figsize=(8, 3.8), constrained_layout=True)
    width = 0.8 / len(activations)
    for i, activation in enumerate(activations):
        for g, (lookback, lr) in enumerate(groups.itertuples(index=False)):
            rows = table[
                (table["activation"] == activation)
                & (table["lookback"] == lookback)
                & (table["learning rate"] == lr)
            ]
            values = (
                rows["worst loss"]
                .replace([np.inf, -np.inf], np.nan)
                .fillna(top)
                .to_numpy(dtype=float)
            )
            x = g + (i - (len(activations) - 1) / 2) * width
            color = _ACTIVATION_COLORS.get(activation, f"C{i}")
            ax.bar(
                x,
                values.max(),
                width=width * 0.9,
                color=color,
                alpha=0.35,
                label=activation if g == 0 else None,
            )
            ax.scatter(np.full(len(values), x), values, color=color, s=18, zorder=3)
            if not np.isfinite(rows["worst loss"].to_numpy(dtype=float)).all():
                ax.annotate(
                    "NaN / inf",
                    (x, top),
                    textcoords="offset points",
                    xytext=(0, 4),
                    ha="center",
                    fontsize=8,
                )
    ax.axhline(1.0, color=COLORS["naive"], ls="--", lw=1, label="forecasting the mean")
    ax.set_yscale("log")
    ax.set_xticks(
        range(len(groups)),
        [f"lookback {lb}\nlr {lr:g}" for lb, lr in groups.itertuples(index=False)],
    )
    ax.set_ylabel("worst epoch's training loss (log)")
    ax.set_title("LSTM activation: bars = worst seed, dots = each seed", fontsize=10)
    ax.legend(fontsize=8)
    return fig


def plot_reach(accuracy: pd.DataFrame, gradients: pd.DataFrame) -> Figure:
    """Left: test accuracy against the lag of the planted signal. Right: gradient per step back
    (log).

    ``accuracy`` comes from :func:`helpers.nn.reach.reach_sweep` (index lag, one
    column per cell), ``gradients`` from :func:`helpers.nn.reach.gradient_profile`.
    """
    for name, table in (("accuracy", accuracy), ("gradients", gradients)):
        if not isinstance(table, pd.DataFrame) or table.empty:
            raise ValueError(f"{name} must be a non-empty DataFrame with one column per cell.")
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.8), constrained_layout=True)
    for i, name in enumerate(accuracy.columns):
        ax1.plot(accuracy.index, accuracy[name], marker="o", color=f"C{i}", label=name)
    ax1.axhline(0.5, color=COLORS["naive"], ls="--", lw=1, label="chance")
    ax1.set_xlabel("lag of the planted signal (steps before the last)")
    ax1.set_ylabel("test directional accuracy")
    ax1.set_ylim(0.4, 1.02)
    ax1.set_title("How far back a small budget reaches", fontsize=10)
    ax1.legend(fontsize=8)
    for i, name in enumerate(gradients.columns):
        ax2.semilogy(gradients.index, gradients[name], color=f"C{i}", label=name)
    ax2.set_xlabel("steps back from the most recent input")
    ax2.set_ylabel("gradient norm / most recent step (log)")
    ax2.set_title("Backpropagation through time, untrained cells", fontsize=10)
    ax2.legend(fontsize=8)
    return fig


def plot_lr_curves(histories: Mapping[str, Mapping[str, Sequence[float]]]) -> Figure:
    """Validation loss (solid) and training loss (dotted) per epoch, one colour per learning rate.

    ``histories`` maps a label (e.g. ``"lr 0.003"``) to a Keras-style history
    with ``"loss"`` and ``"val_loss"``; the best validation epoch is marked.
    """
    if not histories:
        raise ValueError("histories is empty: pass at least one label -> history dict.")
    fig, ax = plt.subplots(figsize=(8, 3.8), constrained_layout=True)
    for i, (label, history) in enumerate(histories.items()):
        if "loss" not in history or "val_loss" not in history:
            raise ValueError(f"the history of {label!r} needs 'loss' and 'val_loss'.")
        val = np.asarray(history["val_loss"], dtype=float)
        epochs = np.arange(1, len(val) + 1)
        ax.plot(epochs, val, color=f"C{i}", label=f"{label}: validation")
        ax.plot(epochs, history["loss"], color=f"C{i}", ls=":", lw=1)
        if np.isfinite(val).any():
            best = int(np.nanargmin(val))
            ax.scatter([epochs[best]], [val[best]], color=f"C{i}", s=40, zorder=3)
    ax.set_xlabel("epoch")
    ax.set_ylabel("Huber loss (standardised target)")
    ax.set_title("dots: the epoch early stopping keeps; dotted: training loss", fontsize=10)
    ax.legend(fontsize=8)
    return fig


def plot_search(tables: Mapping[str, pd.DataFrame], metric: str = "R²") -> Figure:
    """Each configuration's cross-validated score against its true-future score, one colour per
    search.

    ``tables`` maps a search's name to a :func:`helpers.nn.tuning.grid_search`
    table. Points above the diagonal were promised more than the future
    delivered; the configuration each search picks is circled.
    """
    if not tables:
        raise ValueError("tables is empty: pass at least one name -> grid_search table.")
    fig, ax = plt.subplots(figsize=(6, 5), constrained_layout=True)
    values = []
    for i, (name, table) in enumerate(tables.items()):
        if not {"cv", "future"} <= set(table.columns) or table.empty:
            raise ValueError(f"the table of {name!r} must be a non-empty grid_search table.")
        color = COLORS["broken"] if "shuffl" in name.lower() else COLORS["fixed"] if i else f"C{i}"
        ax.scatter(table["future"], table["cv"], color=color, s=25, alpha=0.8, label=name)
        best = table["cv"].idxmax()
        ax.scatter(
            [table.loc[best, "future"]],
            [table.loc[best, "cv"]],
            s=160,
            facecolors="none",
            edgecolors=color,
            lw=2,
        )
        values += [*table["cv"], *table["future"]]
    low, high = float(np.min(values)), float(np.max(values))
    ax.plot(
        [low, high], [low, high], color=COLORS["naive"], ls="--", lw=1, label="reported = future"
    )
    ax.set_xlabel(f"{metric} on the true future")
    ax.set_ylabel(f"{metric} the search reports")
    ax.set_title("circled: the configuration each search picks", fontsize=10)
    ax.legend(fontsize=8)
    return fig


def plot_ablation(table: pd.DataFrame) -> Figure:
    """The article's recipe taken apart: each variant's edge fraction, one dot per seed with its
    bootstrap interval, article-based variants in the broken colour, sound-based ones in the
    fixed colour; the two recipes' mean edges as dashed lines.

    ``table`` is ``benchmarks/article_ablation.py``'s table (columns ``variant``, ``base``,
    ``seed``, ``edge``, ``edge_low``, ``edge_high``), in its order; a diverged run (NaN edge) is
    marked with an x at 0.
    """
    needed = {"variant", "base", "seed", "edge", "edge_low", "edge_high"}
    if not isinstance(table, pd.DataFrame) or not needed <= set(table.columns):
        raise ValueError(f"table must be a DataFrame with the columns {sorted(needed)}.")
    if table.empty:
        raise ValueError("table is empty: run benchmarks/article_ablation.py first.")
    order = list(dict.fromkeys(table["variant"]))
    seeds = sorted(table["seed"].unique())
    colors = {"article": COLORS["broken"], "sound": COLORS["fixed"]}
    fig, ax = plt.subplots(figsize=(8, 0.38 * len(order) + 1.4), constrained_layout=True)
    for _, row in table.iterrows():
        y = order.index(row["variant"]) + 0.15 * (seeds.index(row["seed"]) - (len(seeds) - 1) / 2)
        color = colors.get(row["base"], "0.4")
        if np.isfinite(row["edge"]):
            ax.hlines(y, row["edge_low"], row["edge_high"], color=color, lw=1.2)
            ax.plot(row["edge"], y, "o", color=color, ms=4)
        else:
            ax.plot(0, y, "x", color=color, ms=6)
    for base, color in colors.items():
        mean = table.loc[table["variant"] == base, "edge"].mean()
        if np.isfinite(mean):
            ax.axvline(mean, color=color, ls="--", lw=1, label=f"{base} recipe (mean)")
    ax.set_yticks(range(len(order)), order, fontsize=8)
    ax.invert_yaxis()
    ax.axvline(0, color=COLORS["naive"], lw=1)
    ax.set_xlabel("fraction of the oracle's edge (dots: seeds; lines: 95 % intervals)")
    ax.legend(fontsize=8, loc="lower right")
    return fig
