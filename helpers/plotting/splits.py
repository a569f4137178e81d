"""Splits and leaks: walk-forward folds on the time axis, scores per epoch, reported against true
scores.

Each function draws one figure and returns it (``matplotlib.figure.Figure``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import validate
from ._style import COLORS, _color

__all__ = ["plot_walk_forward", "plot_epoch_scores", "plot_reported_vs_future"]


def _runs(index: np.ndarray) -> list[tuple[int, int]]:
    """Contiguous runs of sorted integer positions, as (start, length) pairs for ``broken_barh``."""
    index = np.sort(np.asarray(index, dtype=int))
    if index.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(index) != 1)
    starts = np.concatenate([[index[0]], index[breaks + 1]])
    stops = np.concatenate([index[breaks], [index[-1]]])
    return [(int(a), int(b - a + 1)) for a, b in zip(starts, stops, strict=True)]


def plot_walk_forward(
    folds: Sequence[tuple[np.ndarray, np.ndarray]],
    n_samples: int,
    *,
    dates: pd.Index | None = None,
    extra: Mapping[str, np.ndarray] | None = None,
) -> Figure:
    """Walk-forward folds on the time axis: one row per fold, training in blue, validation in
    orange.

    ``folds`` is the output of :func:`helpers.splits.walk_forward` (or any
    list of ``(train, validation)`` index arrays over ``n_samples`` windows);
    the stretch between the training period and the validation block is
    the gap (the purged windows), marked with a black tick (it is usually too narrow to see).
    ``extra`` adds rows below the folds, for example ``{"test": split.test}``.
    With ``dates`` (one per window, e.g. ``w.dates``) the axis shows dates.
    """
    if not folds:
        raise ValueError("folds is empty: pass the output of splits.walk_forward.")
    validate.positive_int(n_samples, "n_samples", hint="windows")
    extra = dict(extra or {})
    rows: list[tuple[str, list[tuple[np.ndarray, str, str]]]] = []
    for k, (train, val) in enumerate(folds, start=1):
        rows.append(
            (f"fold {k}", [(train, COLORS["fixed"], "training"), (val, "#e08214", "validation")])
        )
    for name, index in extra.items():
        rows.append((str(name), [(index, _color(str(name), len(rows)), str(name))]))
    for label, parts in rows:
        for index, _, _ in parts:
            index = np.asarray(index)
            if index.size and (index.min() < 0 or index.max() >= n_samples):
                raise ValueError(
                    f"{label}: positions must lie in [0, {n_samples}), got "
                    f"{index.min()}..{index.max()}."
                )
    if dates is not None and len(dates) != n_samples:
        raise ValueError(
            f"dates has {len(dates)} entries for {n_samples} windows; pass one date per window."
        )
    fig, ax = plt.subplots(figsize=(10, 0.45 * len(rows) + 1.4), constrained_layout=True)
    seen: set[str] = set()
    for y, (_label, parts) in enumerate(rows):
        for index, color, name in parts:
            ax.broken_barh(
                _runs(index), (y - 0.35, 0.7), color=color, label=None if name in seen else name
            )
            seen.add(name)
    for y, (train, val) in enumerate(folds):
        if len(train) and len(val) and np.max(train) < np.min(val):
            middle = (np.max(train) + np.min(val)) / 2
            ax.vlines(
                middle,
                y - 0.45,
                y + 0.45,
                color="k",
                lw=1.5,
                label=None if "gap" in seen else "gap",
            )
            seen.add("gap")
    ax.set_yticks(range(len(rows)), [label for label, _ in rows])
    ax.invert_yaxis()
    ax.set_xlim(0, n_samples)
    if dates is not None:
        ticks = np.linspace(0, n_samples - 1, 6).astype(int)
        ax.set_xticks(ticks, [str(pd.Timestamp(dates[i]).year) for i in ticks])
        ax.set_xlabel("forecast day (window's last day)")
    else:
        ax.set_xlabel("window (in time order)")
    ax.legend(loc="lower left", fontsize=8, ncol=len(seen))
    return fig


def plot_epoch_scores(
    curves: Mapping[str, Mapping[str, Sequence[float]]],
    *,
    ylabel: str = "R²",
    best: Mapping[str, int] | None = None,
) -> Figure:
    """A score after every epoch, several data sets per panel, one panel per training run.

    ``curves`` maps a run's name to ``{data set name: one score per epoch}``;
    ``best`` optionally maps a run's name to the epoch early stopping kept
    (1-based), drawn as a dotted line.
    """
    if not curves or not all(isinstance(v, Mapping) and v for v in curves.values()):
        raise ValueError(
            "curves must map each run's name to a non-empty {data set: scores per epoch} mapping."
        )
    best = dict(best or {})
    for run, sets in curves.items():
        for name, scores in sets.items():
            if np.ndim(scores) != 1 or np.size(scores) == 0:
                raise ValueError(
                    f"{run} / {name}: pass one score per epoch (a non-empty 1-D sequence)."
                )
    fig, axes = plt.subplots(
        1, len(curves), figsize=(5 * len(curves), 3.6), constrained_layout=True, squeeze=False
    )
    for ax, (run, sets) in zip(axes[0], curves.items(), strict=True):
        for i, (name, scores) in enumerate(sets.items()):
            scores = np.asarray(scores, dtype=float)
            ax.plot(
                np.arange(1, scores.size + 1),
                scores,
                marker="o",
                ms=3,
                color=_color(name, i),
                label=name,
            )
        if run in best:
            ax.axvline(best[run], color="0.5", ls=":", label=f"kept epoch ({best[run]})")
        ax.axhline(0, color="0.7", lw=0.8)
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
        ax.set_title(run, fontsize=10)
        ax.set_xlabel("epoch")
        ax.set_ylabel(ylabel)
        ax.legend(fontsize=8)
    return fig


def plot_reported_vs_future(
    table: pd.DataFrame, colors: Mapping[str, str] | None = None, *, r2_label: str = "R²"
) -> Figure:
    """For every row, the score its developer reports (hollow) and the score on the true future
    (filled).

    ``table`` has one row per pipeline and the columns ``reported accuracy``,
    ``future accuracy``, ``reported R2`` and ``future R2`` (see
    :func:`helpers.leakage.reported_and_future`). An arrow goes from the
    reported score to the future one: a long arrow pointing left is a leak.
    A row named ``oracle`` also sets a dashed line at its future score. A
    missing (NaN) score leaves its row empty in that panel. ``colors`` maps
    row names to colours (the others get the book's usual ones). ``r2_label`` names the second
    panel's score (chapter 8 puts the skill over the training mean in the R2 columns).
    """
    needed = ["reported accuracy", "future accuracy", "reported R2", "future R2"]
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise ValueError(
            f"table lacks the columns {missing}; build its rows with leakage.reported_and_future."
        )
    if table.empty:
        raise ValueError("table is empty.")
    for metric in ("accuracy", "R2"):
        if not np.isfinite(
            table[[f"reported {metric}", f"future {metric}"]].to_numpy(dtype=float)
        ).any():
            raise ValueError(f"table has no finite {metric} score to draw.")
    names = [str(i) for i in table.index]
    fig, axes = plt.subplots(
        1, 2, figsize=(11, 0.42 * len(names) + 1.6), constrained_layout=True, sharey=True
    )
    for ax, metric, label in zip(
        axes, ("accuracy", "R2"), ("directional accuracy", str(r2_label)), strict=True
    ):
        reported = table[f"reported {metric}"].to_numpy(dtype=float)
        future = table[f"future {metric}"].to_numpy(dtype=float)
        for y, (name, a, b) in enumerate(zip(names, reported, future, strict=True)):
            if not (np.isfinite(a) and np.isfinite(b)):
                # A row without this score (e.g. a rule that forecasts a direction, no size).
                continue
            color = (colors or {}).get(name) or _color(name, y)
            ax.annotate(
                "",
                xy=(b, y),
                xytext=(a, y),
                arrowprops={"arrowstyle": "->", "color": color, "lw": 1.2},
            )
            ax.scatter([a], [y], s=40, facecolors="white", edgecolors=color, zorder=3)
            ax.scatter([b], [y], s=40, color=color, zorder=3)
        if "oracle" in table.index:
            ax.axvline(
                float(table.loc["oracle", f"future {metric}"]),
                color=COLORS["oracle"],
                ls="--",
                lw=1,
            )
        ax.set_xlabel(label)
        ax.set_yticks(range(len(names)), names)
        low, high = (
            np.nanmin(np.concatenate([reported, future])),
            np.nanmax(np.concatenate([reported, future])),
        )
        pad = 0.05 * (high - low) + 1e-3
        ax.set_xlim(low - pad, high + pad)
    axes[0].invert_yaxis()
    axes[0].set_title("hollow: reported   filled: true future", fontsize=9, loc="left")
    if "oracle" in table.index:
        axes[1].set_title("dashed: the oracle on the true future", fontsize=9, loc="left")
    return fig
