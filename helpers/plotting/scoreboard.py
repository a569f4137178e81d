"""The scoreboard as a picture: every pipeline's fraction of the oracle's edge, with its range over
seeds, grouped by chapter and coloured by kind (``benchmarks/scoreboard.py`` saves it for the
book's scoreboard page)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ._style import COLORS

__all__ = ["plot_scoreboard"]

#: The order of the kinds within a chapter, and the colour of each.
_KIND_ORDER = ("article", "broken", "fixed", "baseline")
_KIND_COLORS = {
    "article": COLORS["article"],
    "broken": "#d95f02",
    "fixed": COLORS["fixed"],
    "baseline": COLORS["naive"],
}
_NEEDED = ("name", "chapter", "kind", "seed", "edge_fraction")


def plot_scoreboard(runs: pd.DataFrame, clip: float = -0.5) -> Figure:
    """A dot (the mean over seeds) and a line (the lowest to the highest seed) per pipeline.

    ``runs`` is ``book/_generated/scoreboard.csv``: one row per pipeline and seed, with the
    columns ``name, chapter, kind, seed, edge_fraction``. Pipelines are grouped by chapter (one
    band each, chapter 1 at the top) and ordered within it by kind (:data:`_KIND_ORDER`), then by
    mean edge. Values below ``clip`` are drawn at ``clip`` with an arrow and their number, so that
    one collapsed pipeline does not squeeze every other row; a pipeline with no edge fraction on
    any seed (its training diverged: ``NaN`` in the CSV) is written "diverged" on its row.

    A real market has no oracle (chapter 8): a pipeline with no edge fraction but a ``skill``
    (an optional column: skill over the training mean) is not drawn on this axis, and the
    figure's title says how many were left to the table.
    """
    if not isinstance(runs, pd.DataFrame):
        raise TypeError(f"runs must be a DataFrame (scoreboard.csv), got {type(runs).__name__}.")
    missing = [c for c in _NEEDED if c not in runs.columns]
    if missing:
        raise ValueError(f"runs lacks the columns {missing}: pass scoreboard.csv as written.")
    if runs.empty:
        raise ValueError("runs is empty: run benchmarks/scoreboard.py first.")
    no_oracle: set[str] = set()
    if "skill" in runs.columns:
        by_name = runs.groupby("name", sort=False)
        no_edge = by_name["edge_fraction"].apply(lambda e: bool(e.isna().all()))
        skill = by_name["skill"].apply(lambda k: bool(k.notna().any()))
        no_oracle = set(no_edge.index[no_edge & skill])
        runs = runs[~runs["name"].isin(no_oracle)]
        if runs.empty:
            raise ValueError("runs holds only pipelines without an oracle: nothing to draw.")
    unknown = sorted(set(runs["kind"]) - set(_KIND_ORDER))
    if unknown:
        raise ValueError(f"unknown kinds {unknown}; expected some of {_KIND_ORDER}.")
    table = (
        runs.groupby(["chapter", "kind", "name"], sort=False)["edge_fraction"]
        .agg(["mean", "min", "max", "count"])
        .reset_index()
    )
    table["kind_rank"] = table["kind"].map(_KIND_ORDER.index)
    table = table.sort_values(["chapter", "kind_rank", "mean"], ascending=[True, True, False])
    table = table.reset_index(drop=True)
    n = len(table)
    fig, ax = plt.subplots(figsize=(8, 0.28 * n + 1.6), constrained_layout=True)
    y = np.arange(n)
    low = np.maximum(table["min"].to_numpy(float), clip)
    high = np.maximum(table["max"].to_numpy(float), clip)
    mean = table["mean"].to_numpy(float)
    colors = [_KIND_COLORS[k] for k in table["kind"]]
    ax.hlines(y, low, high, colors=colors, lw=2.5, alpha=0.6)
    ax.scatter(np.maximum(mean, clip), y, c=colors, s=28, zorder=3)
    for i in np.flatnonzero(np.isnan(mean)):
        ax.text(
            0.02,
            y[i],
            "diverged on every seed (no forecast)",
            va="center",
            fontsize=8,
            color=colors[i],
        )
    for i in np.flatnonzero(mean < clip):
        ax.annotate(
            f"{mean[i]:.1f}",
            (clip, y[i]),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
        ax.plot(clip, y[i], marker="<", color=colors[i], ms=6, zorder=4)
    # one shaded band per chapter, labelled at the right
    for k, (chapter, rows) in enumerate(table.groupby("chapter", sort=False)):
        top, bottom = rows.index.min() - 0.5, rows.index.max() + 0.5
        if k % 2 == 0:
            ax.axhspan(top, bottom, color="#f2f2f2", zorder=0)
        ax.text(
            1.02,
            (top + bottom) / 2,
            f"ch. {chapter}",
            transform=ax.get_yaxis_transform(),
            va="center",
            fontsize=9,
        )
    ax.axvline(0, color=COLORS["naive"], lw=1)
    ax.axvline(1, color=COLORS["oracle"], lw=1, ls="--")
    ax.set_yticks(y, table["name"], fontsize=8)
    ax.set_ylim(n - 0.5, -0.5)
    finite = np.concatenate([low[np.isfinite(low)], high[np.isfinite(high)], [clip, 1.1]])
    ax.set_xlim(min(clip, finite.min()) - 0.05, finite.max() + 0.05)
    ax.set_xlabel(
        "fraction of the oracle's edge (0 = naive, 1 = oracle); line: lowest to highest seed"
    )
    seeds = int(table["count"].max())
    title = f"Every pipeline of the book, {seeds} seeds each"
    if no_oracle:
        title = (
            f"Every pipeline with an oracle, {seeds} seeds each ({len(no_oracle)} on a real "
            "market, with no oracle, are in the table)"
        )
    ax.set_title(title, fontsize=10)
    handles = [
        Line2D([], [], color=_KIND_COLORS[k], marker="o", lw=2.5, label=k)
        for k in _KIND_ORDER
        if k in set(table["kind"])
    ]
    fig.legend(handles=handles, loc="outside upper center", ncols=len(handles), fontsize=8)
    return fig
