"""Price levels: level forecasts over the price, their lag profiles, and the scores that tell a
forecast from a copy of today's price.

Each function draws one figure and returns it (``matplotlib.figure.Figure``); a notebook cell calls
it and then ``plt.show()``. Colours follow :data:`helpers.plotting.COLORS`.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import validate
from ._style import _color
from .market import plot_forecasts

__all__ = ["plot_levels", "plot_lag_profiles", "plot_level_scores", "plot_return_forecasts"]


def _label(value: float, decimals: int) -> str:
    """``value`` rounded for a bar label: ``"n/a"`` for NaN, and never a negative zero."""
    if not np.isfinite(value):
        return "n/a"
    return f"{round(float(value), decimals) + 0.0:.{decimals}f}"


def _check_forecasts(forecasts: object, n: int) -> None:
    if not isinstance(forecasts, Mapping) or not forecasts:
        raise ValueError("forecasts must be a non-empty mapping of name -> forecasts.")
    for name, values in forecasts.items():
        if np.shape(values) != (n,):
            raise ValueError(
                f"forecast {name!r} has shape {np.shape(values)}; every forecast needs shape "
                f"({n},)."
            )


def plot_levels(
    dates: pd.Index,
    price: np.ndarray,
    forecasts: Mapping[str, np.ndarray],
    days: int | None = None,
    markers: bool = False,
) -> Figure:
    """Forecasts of each day's price drawn over the price itself.

    ``price[i]`` is the price on ``dates[i]`` and ``forecasts[name][i]`` the
    forecast of that same price, made the day before: pass the dates of the
    days forecast, not of the days the forecasts were made. With ``days`` only
    the last ``days`` days are drawn (zoom in to see a lag); ``markers`` marks
    every day. The price is drawn wide and pale under the forecasts, so that it
    shows at both sides of a forecast lying on top of it; the legend sits
    outside the axes, off the data.
    """
    price = np.asarray(price, dtype=float)
    n = len(dates)
    if price.shape != (n,) or n == 0:
        raise ValueError(
            f"price must be 1-D with one value per date ({n}), got shape {price.shape}."
        )
    _check_forecasts(forecasts, n)
    if days is not None:
        validate.integer(days, "days", low=2, hint="or None for every day")
    keep = slice(0 if days is None else max(0, n - int(days)), n)
    style = {"marker": "o", "markersize": 3} if markers else {}
    fig, ax = plt.subplots(figsize=(10, 3.8), constrained_layout=True)
    price_style = {"marker": "o", "markersize": 7} if markers else {}
    ax.plot(
        dates[keep],
        price[keep],
        color="0.65",
        lw=4.0 if markers else 3.0,
        label="price",
        **price_style,
    )
    for i, (name, values) in enumerate(forecasts.items()):
        ax.plot(
            dates[keep],
            np.asarray(values, dtype=float)[keep],
            color=_color(name, i),
            lw=1.0,
            label=f"{name}\n(forecast made the day before)",
            **style,
        )
    ax.set_ylabel("price")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return fig


def plot_lag_profiles(profiles: Mapping[str, pd.Series]) -> Figure:
    """Grouped bars of :func:`helpers.skill.lag_profile` results, one group per lag.

    A forecast that moves with the day it forecasts has a tall bar at lag 0; one
    that merely follows the price has nothing at lag 0 and its bars at lags >= 1.
    """
    if not isinstance(profiles, Mapping) or not profiles:
        raise ValueError("profiles must be a non-empty mapping of name -> lag_profile Series.")
    index = next(iter(profiles.values())).index
    if any(not isinstance(p, pd.Series) or not p.index.equals(index) for p in profiles.values()):
        raise ValueError(
            "every profile must be a pandas Series over the same lags (use the same max_lag)."
        )
    width = 0.8 / len(profiles)
    lags = np.arange(len(index))
    fig, ax = plt.subplots(figsize=(9, 3.6), constrained_layout=True)
    for i, (name, profile) in enumerate(profiles.items()):
        ax.bar(
            lags + (i - (len(profiles) - 1) / 2) * width,
            profile.to_numpy(dtype=float),
            width,
            color=_color(name, i),
            label=name,
        )
    ax.axhline(0, color="0.4", lw=0.8)
    ax.set_xticks(lags, [str(k) for k in index])
    ax.set_xlabel("lag k: the forecast's change on day t against the price's change on day t - k")
    ax.set_ylabel("correlation")
    ax.set_ylim(-0.2, 1.05)
    ax.legend(fontsize=8)
    return fig


def plot_level_scores(table: pd.DataFrame) -> Figure:
    """Three panels from :func:`helpers.skill.level_scores`: R^2 on levels, skill vs persistence,
    oracle's edge.

    The first panel is what a level model is usually judged by; the other two
    are what tells a forecast from a copy of today's price. A NaN (a score that
    does not apply, such as the directional edge of persistence, which makes no
    directional call) is labelled ``n/a``; values below -0.3 are drawn clipped
    and labelled with their true value.
    """
    columns = {
        "r2_levels": "R^2 on price levels",
        "skill_vs_persistence": "skill vs persistence",
        "edge_fraction": "fraction of the oracle's edge",
    }
    missing = [c for c in columns if c not in getattr(table, "columns", [])]
    if missing or table.empty:
        raise ValueError(
            f"table must be a non-empty output of skill.level_scores; missing columns {missing}."
        )
    names = [str(n) for n in table.index]
    colors = [_color(n, i) for i, n in enumerate(names)]
    fig, axes = plt.subplots(
        1, 3, figsize=(12, 0.45 * len(names) + 1.6), sharey=True, constrained_layout=True
    )
    for ax, (column, label) in zip(axes, columns.items(), strict=True):
        values = table[column].to_numpy(dtype=float)
        shown = values if column == "r2_levels" else np.clip(values, -0.3, None)
        ax.barh(names, np.nan_to_num(shown), color=colors)
        for y, (v, s) in enumerate(zip(values, shown, strict=True)):
            text = _label(v, 3 if column == "r2_levels" else 2)
            at = 0.0 if not np.isfinite(s) else s
            ax.text(at, y, f" {text} ", va="center", ha="left" if at >= 0 else "right", fontsize=8)
        ax.axvline(0, color="0.4", lw=0.8)
        ax.set_title(label, fontsize=10)
        ax.set_xlim((0, 1.25) if column == "r2_levels" else (-0.45, 1.15))
    axes[0].invert_yaxis()
    return fig


def plot_return_forecasts(
    dates: pd.Index, y_true: np.ndarray, forecasts: Mapping[str, np.ndarray], days: int = 60
) -> Figure:
    """:func:`helpers.plotting.plot_forecasts` (next-day returns, last ``days`` days) with its
    legend outside the axes.

    With long forecast names the legend inside the axes would cover the series.
    """
    fig = plot_forecasts(dates, y_true, forecasts, days=days)
    fig.axes[0].legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return fig
