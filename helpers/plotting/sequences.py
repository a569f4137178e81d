"""Variable-length sequences: session lengths, what padding and truncation keep, and what trailing
padding and ``maxlen`` cost.

Each function draws one figure and returns it; a notebook cell calls it and then ``plt.show()``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from .. import sequences
from ._style import COLORS

__all__ = ["plot_lengths", "plot_layouts", "plot_trailing_pads", "plot_maxlen_curve"]


def plot_lengths(lengths: Sequence[int] | np.ndarray, marks: Mapping[str, int]) -> Figure:
    """Histogram of session lengths with vertical lines at the named ``maxlen`` values."""
    lengths = np.asarray(lengths)
    if lengths.ndim != 1 or lengths.size == 0:
        raise ValueError("lengths must be a non-empty 1-D array.")
    fig, ax = plt.subplots(figsize=(9, 3.2), constrained_layout=True)
    ax.hist(lengths, bins=np.arange(0, lengths.max() + 6, 5), color="0.6")
    for i, (name, value) in enumerate(marks.items()):
        ax.axvline(value, color=f"C{i}", lw=1.5, label=f"{name} = {value}")
    ax.set_xlabel("events in the session")
    ax.set_ylabel("sessions")
    ax.legend(fontsize=8)
    return fig


def plot_layouts(
    lengths: Sequence[int] | np.ndarray,
    settings: Mapping[str, tuple[int, str, str]],
    last: int,
) -> Figure:
    """One panel per setting ``name -> (maxlen, padding, truncating)``: which events land in which
    slot.

    Each row is a session. White is padding, grey an event the label does not
    depend on, dark green one of the ``last`` events that decide the label.
    Events cut away by truncation are simply absent.
    """
    if not settings:
        raise ValueError("settings is empty: pass name -> (maxlen, padding, truncating).")
    lengths = np.asarray(lengths, dtype=int)
    cmap = ListedColormap(["white", "0.75", COLORS["oracle"]])
    fig, axes = plt.subplots(
        len(settings), 1, figsize=(10, 1.0 + 1.1 * len(settings)), constrained_layout=True
    )
    axes = np.atleast_1d(axes)
    for ax, (name, (maxlen, padding, truncating)) in zip(axes, settings.items(), strict=True):
        slots = sequences.layout(lengths, maxlen, padding, truncating)
        decisive = slots >= (lengths[:, None] - last)
        code = np.where(slots < 0, 0, np.where(decisive, 2, 1))
        ax.imshow(code, aspect="auto", cmap=cmap, vmin=0, vmax=2, interpolation="nearest")
        ax.set_yticks(range(len(lengths)), [f"{n} events" for n in lengths], fontsize=7)
        ax.set_title(name, fontsize=9, loc="left")
        ax.set_xlabel("slot (time step the LSTM reads)", fontsize=8)
    return fig


def plot_trailing_pads(
    curves: Mapping[str, pd.Series], ylabel: str = "fraction of the oracle's edge"
) -> Figure:
    """One line per model: a score (y) against the number of zero steps appended after each session
    (x).
    """
    if not curves:
        raise ValueError("curves is empty.")
    fig, ax = plt.subplots(figsize=(7, 3.5), constrained_layout=True)
    for i, (name, curve) in enumerate(curves.items()):
        color = (
            COLORS["fixed"] if "mask" in name.lower() else COLORS["broken"] if i == 0 else f"C{i}"
        )
        ax.plot(curve.index, curve.values, marker="o", label=name, color=color)
    ax.axhline(0, color=COLORS["naive"], lw=1, ls="--")
    ax.set_xlabel("zero steps appended after the last event")
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8)
    return fig


def plot_maxlen_curve(table: pd.DataFrame, mark: float = 95) -> Figure:
    """Accuracy edge and seconds per epoch against the ``maxlen`` percentile.

    ``table`` is indexed by percentile with columns ``maxlen``,
    ``edge_fraction`` and ``seconds_per_epoch``; the percentile ``mark`` (the
    article's suggestion) is highlighted.
    """
    for column in ("maxlen", "edge_fraction", "seconds_per_epoch"):
        if column not in table:
            raise ValueError(f"table needs a {column!r} column.")
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.5), constrained_layout=True)
    x = table.index.to_numpy(dtype=float)
    ax1.plot(x, table["edge_fraction"], marker="o", color=COLORS["fixed"])
    ax1.set_ylim(0, 1.05)
    ax1.set_ylabel("fraction of the oracle's edge")
    ax2.plot(x, table["seconds_per_epoch"], marker="o", color="k")
    ax2.set_ylabel("seconds per epoch")
    for ax in (ax1, ax2):
        ax.set_xlabel("maxlen = this percentile of session lengths")
        if mark in table.index:
            ax.axvline(
                mark, color=COLORS["article"], ls="--", lw=1, label=f"the article's {mark:g}th"
            )
            ax.legend(fontsize=8, loc="lower right")
        for p, row in table.iterrows():
            ax.annotate(
                f"{int(row['maxlen'])}",
                (p, row[ax is ax1 and "edge_fraction" or "seconds_per_epoch"]),
                textcoords="offset points",
                xytext=(0, 6),
                fontsize=7,
                ha="center",
            )
    return fig
