"""The doctor's findings: its verdict on every pipeline, and the margins of its thresholds.

Each function draws one figure and returns it (``matplotlib.figure.Figure``); the colours of the
severities are :data:`helpers.plotting.SEVERITY_COLORS`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ._style import COLORS, SEVERITY_COLORS

__all__ = ["plot_findings", "plot_margins"]


def plot_findings(
    severities: pd.DataFrame, expected: Mapping[str, Sequence[str]] | None = None
) -> Figure:
    """A grid of the doctor's verdicts: one row per pipeline, one column per check.

    ``severities`` holds one severity ("ok", "info", "warning" or "critical")
    per cell, pipelines as its index and check ids as its columns. ``expected``
    maps a pipeline to the checks it should trigger; those cells get a black
    frame, so a miss (framed but not coloured) and a false alarm (coloured but
    not framed) both stand out.
    """
    if not isinstance(severities, pd.DataFrame) or severities.empty:
        raise ValueError("severities must be a non-empty DataFrame (pipelines x checks).")
    unknown = sorted(set(severities.to_numpy().ravel()) - set(SEVERITY_COLORS))
    if unknown:
        raise ValueError(f"unknown severities {unknown}; expected one of {list(SEVERITY_COLORS)}.")
    rows, cols = [str(i) for i in severities.index], [str(c) for c in severities.columns]
    fig, ax = plt.subplots(
        figsize=(0.55 * len(cols) + 3.0, 0.32 * len(rows) + 1.8), constrained_layout=True
    )
    for y, row in enumerate(severities.to_numpy()):
        for x, severity in enumerate(row):
            ax.add_patch(
                plt.Rectangle((x, y), 1, 1, facecolor=SEVERITY_COLORS[severity], edgecolor="white")
            )
    for y, name in enumerate(rows):
        for check in (expected or {}).get(name, ()):
            if check in cols:
                ax.add_patch(
                    plt.Rectangle(
                        (cols.index(check) + 0.06, y + 0.06),
                        0.88,
                        0.88,
                        fill=False,
                        lw=1.6,
                        edgecolor="black",
                    )
                )
    ax.set_xlim(0, len(cols))
    ax.set_ylim(len(rows), 0)
    ax.set_xticks(np.arange(len(cols)) + 0.5, cols, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(np.arange(len(rows)) + 0.5, rows, fontsize=8)
    ax.tick_params(length=0)
    handles = [
        plt.Rectangle((0, 0), 1, 1, facecolor=c, edgecolor="grey", lw=0.5)
        for c in SEVERITY_COLORS.values()
    ]
    handles.append(plt.Rectangle((0, 0), 1, 1, fill=False, edgecolor="black", lw=1.6))
    labels = [*SEVERITY_COLORS, "expected"]
    ax.legend(
        handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False
    )
    for side in ax.spines.values():
        side.set_visible(False)
    return fig


def plot_margins(
    values: pd.DataFrame,
    kinds: Mapping[str, str],
    thresholds: Mapping[str, float],
    log: Sequence[str] = (),
) -> Figure:
    """Where a check's evidence falls for broken and for sound pipelines, and where its threshold
    sits.

    ``values`` has one row per pipeline and one column per quantity (e.g.
    the doctor's largest feature RMS, or its skill score); a NaN leaves a
    pipeline out of that panel. ``kinds`` maps each pipeline to "broken",
    "article", "fixed" or "baseline"; the first two are drawn as one group,
    the last two as the other. ``thresholds`` gives each column's threshold
    (a dashed line); columns named in ``log`` use a log scale.
    """
    if not isinstance(values, pd.DataFrame) or values.empty:
        raise ValueError("values must be a non-empty DataFrame (pipelines x quantities).")
    missing = [c for c in values.columns if c not in thresholds]
    if missing:
        raise ValueError(f"no threshold for {missing}; pass one per column.")
    unknown = [
        n for n in values.index if kinds.get(n) not in ("broken", "article", "fixed", "baseline")
    ]
    if unknown:
        raise ValueError(f"no kind (broken, article, fixed or baseline) for {unknown}.")
    groups = {"broken / article": ("broken", "article"), "fixed / baseline": ("fixed", "baseline")}
    colors = {"broken / article": COLORS["broken"], "fixed / baseline": COLORS["fixed"]}
    fig, axes = plt.subplots(
        1,
        len(values.columns),
        figsize=(3.2 * len(values.columns), 2.6),
        constrained_layout=True,
        squeeze=False,
    )
    for ax, column in zip(axes[0], values.columns, strict=True):
        for y, (group, members) in enumerate(groups.items()):
            rows = [n for n in values.index if kinds[n] in members]
            x = values.loc[rows, column].to_numpy(dtype=float)
            x = x[np.isfinite(x)]
            jitter = np.linspace(-0.18, 0.18, len(x)) if len(x) > 1 else np.zeros(len(x))
            ax.scatter(x, y + jitter, s=18, color=colors[group], alpha=0.8)
        ax.axvline(thresholds[column], color="black", ls="--", lw=1)
        if column in log:
            ax.set_xscale("log")
        ax.set_yticks([0, 1], list(groups) if ax is axes[0][0] else ["", ""])
        ax.set_ylim(1.6, -0.6)
        ax.set_title(column, fontsize=9)
    return fig
