"""Learning curves over the number of training days, against the oracle: every model's fraction
of the oracle's edge with its band over seeds, one panel per signal strength; and the remedies
for short data side by side (``benchmarks/learning_curves.py`` saves both for the book)."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import learning
from ..metrics import TRADING_DAYS
from ._style import COLORS

__all__ = ["plot_edge_by_size", "plot_remedies"]

_NEEDED = (*learning.KEY, "edge", "oracle_accuracy")
#: each model's colour and label
_MODELS = {
    "lstm": (COLORS["sound"], "sound LSTM"),
    "ridge": (COLORS["ridge"], "ridge"),
    "hgb": ("#e08214", "gradient boosting"),
}
_VARIANT_COLORS = {
    "sound": COLORS["sound"],
    "units8": "#67a9cf",
    "dropout0.3": "#7b3294",
    "flow+sentiment": "#e7298a",
    "pooled4": COLORS["oracle"],
}


def _check(results: pd.DataFrame) -> None:
    if not isinstance(results, pd.DataFrame):
        raise TypeError(f"results must be a DataFrame, got {type(results).__name__}.")
    missing = [c for c in _NEEDED if c not in results.columns]
    if missing:
        raise ValueError(f"results lack the columns {missing}: pass learning_curves.csv.")
    if results.empty:
        raise ValueError("results is empty: run benchmarks/learning_curves.py first.")


def _years_axis(ax: plt.Axes) -> None:
    top = ax.secondary_xaxis(
        "top", functions=(lambda d: d / TRADING_DAYS, lambda y: y * TRADING_DAYS)
    )
    top.set_xlabel("years of daily data", fontsize=8)
    top.tick_params(labelsize=8)


def plot_edge_by_size(
    results: pd.DataFrame, models: tuple[str, ...] = ("lstm", "ridge", "hgb")
) -> Figure:
    """One panel per signal strength (strongest first): each model's mean fraction of the
    oracle's edge over seeds against the training days (log scale, years on top), with its 95 %
    t band over seeds; the oracle at 1, the naive forecast at 0, half the edge dotted.

    ``results`` is ``book/_generated/learning_curves.csv`` (its ``sound`` rows are drawn).
    """
    _check(results)
    main = results[results["variant"] == "sound"]
    signals = sorted(main["signal"].unique(), reverse=True)
    cols = min(2, len(signals))
    rows = int(np.ceil(len(signals) / cols))
    fig, axes = plt.subplots(
        rows, cols, figsize=(5.2 * cols, 3.6 * rows), constrained_layout=True, squeeze=False
    )
    for ax, signal in zip(axes.flat, signals, strict=False):
        g = main[main["signal"] == signal]
        for model in models:
            s = learning.seed_summary(g[g["model"] == model], by=("n_train",))
            if s.empty:
                continue
            color, label = _MODELS.get(model, ("C0", model))
            ax.plot(s["n_train"], s["mean"], marker="o", ms=3, color=color, label=label)
            ax.fill_between(s["n_train"], s["low"], s["high"], color=color, alpha=0.2, lw=0)
        ax.axhline(1.0, color=COLORS["oracle"], lw=1, label="oracle")
        ax.axhline(0.0, color=COLORS["naive"], lw=1, label="naive (training mean)")
        ax.axhline(0.5, color="0.5", lw=0.8, ls=":")
        ax.set_xscale("log")
        ax.set_ylim(-0.35, 1.1)
        hit = g["oracle_accuracy"].mean()
        ax.set_title(f"signal {signal:g}: the oracle is right on {hit:.1%} of days", fontsize=9)
        ax.set_xlabel("training days")
        ax.set_ylabel("fraction of the oracle's edge")
        _years_axis(ax)
    for ax in list(axes.flat)[len(signals) :]:
        ax.set_visible(False)
    axes.flat[0].legend(fontsize=7, loc="lower right")
    return fig


def _variant_label(variant: str) -> str:
    """The legend's name of an LSTM variant; a pooled one says how many training days it had.

    >>> _variant_label("sound"), _variant_label("pooled4"), _variant_label("units8")
    ('sound LSTM', 'LSTM, pooled4 (4 markets: 4 × n days in all)', 'LSTM, units8')
    """
    if variant == "sound":
        return "sound LSTM"
    pooled = re.fullmatch(r"pooled(\d+)", variant)
    if pooled:
        k = pooled.group(1)
        return f"LSTM, {variant} ({k} markets: {k} × n days in all)"
    return f"LSTM, {variant}"


def plot_remedies(results: pd.DataFrame, signal: float) -> Figure:
    """At one signal strength and the sizes where variants ran: the mean fraction of the oracle's
    edge over seeds of each LSTM variant, the sound LSTM, ridge and gradient boosting, with 95 %
    t bars over seeds (levels, not paired differences), one group of points per training size
    ``n`` (days per market: a pooled variant trained on ``k × n`` days in all).
    """
    _check(results)
    at = results[np.isclose(results["signal"], signal)]
    sizes = sorted(at.loc[at["variant"] != "sound", "n_train"].unique())
    if not sizes:
        raise ValueError(f"no variant ran at signal {signal}.")
    at = at[at["n_train"].isin(sizes)]
    entries = [("lstm", "sound"), *(("lstm", v) for v in sorted(set(at["variant"]) - {"sound"}))]
    entries += [("ridge", "sound"), ("hgb", "sound")]
    fig, ax = plt.subplots(figsize=(8, 3.8), constrained_layout=True)
    width = 0.8 / len(entries)
    for j, (model, variant) in enumerate(entries):
        rows = at[(at["model"] == model) & (at["variant"] == variant)]
        s = learning.seed_summary(rows, by=("n_train",))
        if s.empty:
            continue
        x = np.searchsorted(sizes, s["n_train"]) + (j - (len(entries) - 1) / 2) * width
        if model == "lstm":
            color = _VARIANT_COLORS.get(variant, f"C{j}")
            label = _variant_label(variant)
        else:
            color, label = _MODELS[model]
        err = np.vstack([s["mean"] - s["low"], s["high"] - s["mean"]])
        ax.errorbar(x, s["mean"], yerr=err, fmt="o", ms=4, color=color, label=label, capsize=2)
    ax.axhline(0.0, color=COLORS["naive"], lw=1)
    ax.axhline(1.0, color=COLORS["oracle"], lw=1)
    ax.set_ylim(-0.5, 1.2)  # a band over few seeds can reach far beyond; the view stays fixed
    ax.set_xticks(range(len(sizes)))
    ax.set_xticklabels(
        [f"n = {n:,} days\n({n / TRADING_DAYS:.0f} years)" for n in sizes], fontsize=8
    )
    hit = at["oracle_accuracy"].mean()
    ax.set_title(f"signal {signal:g} (the oracle is right on {hit:.1%} of days)", fontsize=9)
    ax.set_ylabel("fraction of the oracle's edge")
    ax.legend(fontsize=7, ncol=2, loc="upper left")
    return fig
