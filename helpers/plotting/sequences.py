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


def plot_maxlen_curve(
    table: pd.DataFrame, mark: int | None = None, last: int | None = None
) -> Figure:
    """Fraction of the oracle's edge, and padded time steps per epoch, against ``maxlen``.

    ``table`` has one row per ``maxlen`` with columns ``maxlen``, ``edge_fraction`` and
    ``padded_steps`` (time steps the LSTM reads per epoch, the cost that grows with ``maxlen``);
    with ``edge_low`` and ``edge_high`` the edge's interval is drawn as a band. ``mark`` (the
    article's 95th percentile) and ``last`` (the planted window) are drawn as vertical lines.
    """
    for column in ("maxlen", "edge_fraction", "padded_steps"):
        if column not in table:
            raise ValueError(f"table needs a {column!r} column.")
    table = table.reset_index(drop=True).sort_values("maxlen")
    x = table["maxlen"].to_numpy(dtype=float)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.5), constrained_layout=True)
    ax1.plot(x, table["edge_fraction"], marker="o", color=COLORS["fixed"])
    if {"edge_low", "edge_high"} <= set(table.columns):
        ax1.fill_between(
            x, table["edge_low"], table["edge_high"], color=COLORS["fixed"], alpha=0.2, lw=0
        )
    ax1.set_ylim(min(0.0, float(table["edge_fraction"].min())), 1.05)
    ax1.set_ylabel("fraction of the oracle's edge")
    ax2.plot(x, table["padded_steps"], marker="o", color="k")
    ax2.set_ylabel("time steps read per epoch")
    for ax in (ax1, ax2):
        ax.set_xscale("log", base=2)
        ax.set_xlabel("maxlen (front truncation, pre padding)")
        if last is not None:
            ax.axvline(last, color="0.4", ls=":", lw=1, label=f"the planted last {last}")
        if mark is not None:
            ax.axvline(mark, color=COLORS["article"], ls="--", lw=1, label=f"95th pct. = {mark}")
        if mark is not None or last is not None:
            ax.legend(fontsize=8, loc="lower right")
    return fig
