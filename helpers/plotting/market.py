"""The market and the scores: the figures of the data, of training, and of forecasts against the
oracle.

The market and its planted signal (:func:`plot_market`, :func:`plot_plant`), a real market's
stylised facts (:func:`plot_real_market`), learning curves
(:func:`plot_learning_curves`), and every forecast judged against what happened and against the
oracle (:func:`plot_scores`, :func:`plot_forecasts`, :func:`plot_vs_oracle`). Each function draws
one figure and returns it (``matplotlib.figure.Figure``); a notebook cell calls it and then
``plt.show()``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import data, validate
from ._style import COLORS, _color

__all__ = [
    "plot_market",
    "plot_real_market",
    "plot_plant",
    "plot_learning_curves",
    "plot_scores",
    "plot_forecasts",
    "plot_vs_oracle",
]


def plot_market(market: pd.DataFrame, days: int | None = 500) -> Figure:
    """Price, volume, the two signals, and the next-day return with the oracle on top.

    ``days`` limits the lower panels to the last ``days`` rows, so daily detail
    stays visible; the price panel always shows the whole history.
    """
    data.raw_features(market)  # validates the columns
    if "target" not in market or "oracle" not in market:
        raise ValueError(
            "market needs 'target' and 'oracle' columns; build it with data.make_market()."
        )
    if days is not None:
        validate.positive_int(days, "days", hint="or None for every day")
    recent = market if days is None else market.iloc[-int(days) :]
    fig, axes = plt.subplots(4, 1, figsize=(10, 9), constrained_layout=True)
    axes[0].plot(market.index, market["price"], lw=0.8, color="k")
    axes[0].axvspan(recent.index[0], recent.index[-1], color="0.9", zorder=0)
    axes[0].set_ylabel("price")
    axes[0].set_title("The whole history (shaded: the days in the panels below)", fontsize=10)
    axes[1].bar(recent.index, recent["volume"], width=1.0, color="0.5")
    axes[1].set_ylabel("volume")
    axes[2].plot(recent.index, recent["flow"], lw=0.8, label="flow")
    axes[2].plot(recent.index, recent["sentiment"], lw=1.2, label="sentiment")
    axes[2].set_ylabel("signals")
    axes[2].legend(loc="upper left", ncol=2, fontsize=8)
    axes[3].plot(
        recent.index, recent["target"], lw=0.6, color="0.6", label="next-day return (target)"
    )
    axes[3].plot(
        recent.index,
        recent["oracle"],
        lw=1.0,
        color=COLORS["oracle"],
        label="oracle (its expectation)",
    )
    axes[3].set_ylabel("return")
    axes[3].legend(loc="upper left", ncol=2, fontsize=8)
    return fig


def plot_real_market(price: pd.Series, max_lag: int = 20) -> Figure:
    """A real price series' stylised facts: its price (log scale), its daily log returns (the
    volatility clusters), and the autocorrelation of the returns and of their sizes.

    ``price`` is a date-indexed series of positive prices (``prices.sp500()["price"]``). The
    third panel draws, for lags 1 to ``max_lag``, the autocorrelation of the log returns and of
    their absolute values, with the band ``±1.96 / sqrt(n)`` inside which an autocorrelation of
    independent days falls 95 % of the time.
    """
    if not isinstance(price, pd.Series) or not isinstance(price.index, pd.DatetimeIndex):
        raise TypeError("price must be a pandas Series indexed by dates (prices.sp500()['price']).")
    values = price.to_numpy(dtype=float)
    if len(values) < 3 or not np.isfinite(values).all() or (values <= 0).any():
        raise ValueError("price must hold at least 3 positive, finite prices.")
    max_lag = validate.positive_int(max_lag, "max_lag")
    r = np.log(price.astype(float)).diff().dropna()
    if max_lag >= len(r):
        raise ValueError(f"max_lag={max_lag} needs more than {max_lag + 1} prices.")
    fig, axes = plt.subplots(3, 1, figsize=(10, 8), constrained_layout=True)
    axes[0].plot(price.index, values, color="0.2", lw=0.9)
    axes[0].set_yscale("log")
    axes[0].set_ylabel("price (log scale)")
    axes[1].plot(r.index, r.to_numpy(), color="0.2", lw=0.5)
    axes[1].set_ylabel("daily log return")
    lags = np.arange(1, max_lag + 1)
    for k, (name, series) in enumerate((("returns", r), ("|returns|", r.abs()))):
        acf = [series.autocorr(lag) for lag in lags]
        axes[2].bar(lags + (k - 0.5) * 0.4, acf, width=0.4, color=_color(name, k), label=name)
    band = 1.96 / np.sqrt(len(r))
    axes[2].axhspan(-band, band, color="0.85", zorder=0, label="95 % band of independent days")
    axes[2].axhline(0, color="0.3", lw=0.8)
    axes[2].set_xlabel("lag (days)")
    axes[2].set_ylabel("autocorrelation")
    axes[2].legend(frameon=False, loc="upper right")
    return fig


def plot_plant(grid: int = 121) -> Figure:
    """The planted expected return as a function of the flow surprise ``m1`` and sentiment
    ``m2``.
    """
    validate.integer(grid, "grid", low=3, hint="points per axis")
    m = np.linspace(-2.5, 2.5, grid)
    m1, m2 = np.meshgrid(m, m)
    p = data.PLANT
    g = (
        p["amplitude"]
        * np.tanh(p["flow_gain"] * m1)
        * (p["flow_bias"] + np.tanh(p["sentiment_gain"] * m2))
    )
    fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(10, 4), constrained_layout=True)
    limit = float(np.abs(g).max()) * 100
    im = ax0.pcolormesh(m1, m2, g * 100, cmap="RdBu", vmin=-limit, vmax=limit, shading="auto")
    fig.colorbar(im, ax=ax0, label="expected next-day return (%)")
    ax0.set_xlabel("m1: flow surprise (sd)")
    ax0.set_ylabel("m2: recent sentiment (sd)")
    ax0.set_title("The planted signal")
    for level in (-1.0, 0.0, 1.0):
        row = np.argmin(np.abs(m - level))
        ax1.plot(m, g[row] * 100, label=f"sentiment m2 = {level:+.0f} sd")
    ax1.axhline(0, color="0.7", lw=0.8)
    ax1.set_xlabel("m1: flow surprise (sd)")
    ax1.set_ylabel("expected next-day return (%)")
    ax1.set_title("Slices: the sign of flow's effect depends on sentiment")
    ax1.legend(fontsize=8)
    return fig


def plot_learning_curves(histories: Mapping[str, Mapping[str, Sequence[float]]]) -> Figure:
    """Training and validation loss per epoch, one panel per model.

    ``histories`` maps a model's name to a Keras-style history dict with
    ``"loss"`` and, if validated, ``"val_loss"``.
    """
    if not histories:
        raise ValueError("histories is empty: pass at least one name -> history dict.")
    for name, history in histories.items():
        if "loss" not in history:
            raise ValueError(f"the history of {name!r} has no 'loss' key.")
    fig, axes = plt.subplots(
        1, len(histories), figsize=(5 * len(histories), 3.5), constrained_layout=True, squeeze=False
    )
    for ax, (name, history) in zip(axes[0], histories.items(), strict=True):
        epochs = np.arange(1, len(history["loss"]) + 1)
        ax.plot(epochs, history["loss"], marker="o", ms=3, label="training loss")
        if "val_loss" in history:
            ax.plot(epochs, history["val_loss"], marker="o", ms=3, label="validation loss")
            best = int(np.nanargmin(history["val_loss"])) + 1
            ax.axvline(best, color="0.6", ls=":", label=f"best epoch ({best})")
        ax.set_title(name)
        ax.set_xlabel("epoch")
        ax.set_ylabel("loss")
        ax.legend(fontsize=8)
    return fig


def plot_scores(table: pd.DataFrame, column: str = "edge_fraction") -> Figure:
    """Horizontal bars of one score per forecast, with the naive (0) and oracle (1) marks.

    ``table`` is the output of :func:`helpers.metrics.evaluate`, or of
    :func:`helpers.metrics.scorecard`: then each edge fraction gets its interval (``edge_low`` to
    ``edge_high``) as a black line.
    """
    if column not in table.columns:
        raise ValueError(f"table has no column {column!r}; it has {list(table.columns)}.")
    if table.empty:
        raise ValueError("table is empty.")
    values = table[column].astype(float)
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(values) + 1.2), constrained_layout=True)
    colors = [_color(str(name), i) for i, name in enumerate(values.index)]
    ax.barh(values.index.astype(str), values.to_numpy(), color=colors)
    if column == "edge_fraction" and {"edge_low", "edge_high"} <= set(table.columns):
        low, high = table["edge_low"].to_numpy(float), table["edge_high"].to_numpy(float)
        ax.hlines(range(len(values)), low, high, color="black", lw=2)
    ax.invert_yaxis()
    for y, v in enumerate(values.to_numpy()):
        ax.text(v, y, f" {v:.2f}", va="center", ha="left" if v >= 0 else "right", fontsize=9)
    if column == "edge_fraction":
        ax.axvline(0, color=COLORS["naive"], lw=1)
        ax.axvline(1, color=COLORS["oracle"], lw=1, ls="--")
        ax.set_xlabel("fraction of the oracle's edge captured (0 = naive, 1 = oracle)")
        ax.set_xlim(min(-0.1, values.min() - 0.1), 1.2)
    else:
        ax.set_xlabel(column)
    return fig


def plot_forecasts(
    dates: pd.Index, y_true: np.ndarray, forecasts: Mapping[str, np.ndarray], days: int = 120
) -> Figure:
    """Forecasts over the last ``days`` samples, against what happened and the oracle.

    Include ``"oracle"`` in ``forecasts`` to draw it; every array must match ``dates``.
    """
    n = len(dates)
    if len(y_true) != n or any(len(v) != n for v in forecasts.values()):
        raise ValueError("dates, y_true and every forecast must have the same length.")
    if n == 0:
        raise ValueError("there is nothing to plot: dates is empty.")
    keep = slice(max(0, n - int(days)), n)
    fig, ax = plt.subplots(figsize=(10, 3.5), constrained_layout=True)
    ax.plot(dates[keep], np.asarray(y_true)[keep], color="0.75", lw=0.8, label="what happened")
    for i, (name, y_hat) in enumerate(forecasts.items()):
        ax.plot(dates[keep], np.asarray(y_hat)[keep], lw=1.3, color=_color(name, i), label=name)
    ax.axhline(0, color="0.5", lw=0.6)
    ax.set_ylabel("next-day return")
    ax.legend(fontsize=8, ncol=len(forecasts) + 1, loc="upper left")
    return fig


def plot_vs_oracle(
    oracle: np.ndarray, forecasts: Mapping[str, np.ndarray], max_points: int = 3000
) -> Figure:
    """Each forecast against the oracle, one panel per forecast: a perfect model lies on the
    diagonal.

    The title of each panel gives the correlation with the oracle. At most
    ``max_points`` evenly spaced samples are drawn, to keep the figure light.
    """
    oracle = np.asarray(oracle, dtype=float)
    if not forecasts:
        raise ValueError("forecasts is empty: pass at least one name -> predictions pair.")
    if oracle.ndim != 1 or oracle.size < 2:
        raise ValueError(f"oracle must be 1-D with at least 2 values, got shape {oracle.shape}.")
    if any(np.shape(v) != oracle.shape for v in forecasts.values()):
        raise ValueError("every forecast must have the oracle's shape.")
    step = max(1, oracle.size // int(max_points))
    fig, axes = plt.subplots(
        1, len(forecasts), figsize=(4.2 * len(forecasts), 4), constrained_layout=True, squeeze=False
    )
    limit = float(np.abs(oracle).max()) * 100 * 1.1
    for i, (ax, (name, y_hat)) in enumerate(zip(axes[0], forecasts.items(), strict=True)):
        y_hat = np.asarray(y_hat, dtype=float)
        ax.scatter(oracle[::step] * 100, y_hat[::step] * 100, s=3, alpha=0.3, color=_color(name, i))
        ax.plot([-limit, limit], [-limit, limit], color=COLORS["oracle"], lw=1, ls="--")
        ax.set_xlim(-limit, limit)
        ax.set_ylim(-limit, limit)
        corr = float(np.corrcoef(oracle, y_hat)[0, 1]) if np.std(y_hat) > 0 else 0.0
        ax.set_title(f"{name}: correlation {corr:.2f}", fontsize=10)
        ax.set_xlabel("oracle (%)")
        ax.set_ylabel("forecast (%)")
    return fig
