"""Figures of chapter 2, "Which accuracy?": how well a classifier's probabilities are calibrated,
and what trading a forecast's sign earns.

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> p = rng.uniform(size=2_000)
>>> fig = plot_reliability({"calibrated": (rng.uniform(size=2_000) < p, p)})
>>> len(fig.axes)
2
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from sklearn.calibration import calibration_curve

from ._style import COLORS, _color

__all__ = ["plot_reliability", "plot_equity"]


def plot_reliability(
    forecasts: Mapping[str, tuple[np.ndarray, np.ndarray]], bins: int = 10
) -> Figure:
    """A reliability diagram: for each forecast, the share of up days against the mean forecast
    probability, in ``bins`` bins of equal counts (``sklearn.calibration.calibration_curve``,
    ``strategy="quantile"``), above a histogram of the probabilities.

    ``forecasts`` maps a name to ``(y_up, p_up)``: the 0/1 outcomes and the forecast
    probabilities of the same days. A calibrated forecast lies on the diagonal.
    """
    if not forecasts:
        raise ValueError("forecasts is empty: pass at least one name -> (y_up, p_up) pair.")
    if isinstance(bins, bool) or not isinstance(bins, int) or bins < 2:
        raise ValueError(f"bins must be an int of at least 2, got {bins!r}.")
    checked = {}
    for name, (y_up, p_up) in forecasts.items():
        y_up = np.asarray(y_up, dtype=float).ravel()
        p_up = np.asarray(p_up, dtype=float).ravel()
        if y_up.shape != p_up.shape:
            raise ValueError(
                f"{name}: {len(y_up)} outcomes but {len(p_up)} probabilities; pass the same days."
            )
        if not np.isin(y_up, (0.0, 1.0)).all():
            raise ValueError(f"{name}: the outcomes must be 0 or 1 (up days), not returns.")
        if not (np.isfinite(p_up).all() and p_up.min() >= 0 and p_up.max() <= 1):
            raise ValueError(f"{name}: the probabilities must be finite and lie in [0, 1].")
        checked[name] = (y_up, p_up)
    fig, (top, bottom) = plt.subplots(
        2,
        1,
        figsize=(7, 6.5),
        sharex=True,
        gridspec_kw={"height_ratios": [3, 1]},
        constrained_layout=True,
    )
    top.plot([0, 1], [0, 1], color=COLORS["naive"], lw=1, ls="--", label="calibrated")
    for i, (name, (y_up, p_up)) in enumerate(checked.items()):
        share, mean_p = calibration_curve(y_up, p_up, n_bins=bins, strategy="quantile")
        color = _color(name, i)
        top.plot(mean_p, share, marker="o", color=color, label=name)
        bottom.hist(p_up, bins=40, range=(0, 1), color=color, alpha=0.5, label=name)
    top.set_ylabel("share of up days")
    top.set_title("reliability: do days given p = 0.7 go up 70% of the time?")
    top.legend(fontsize=8)
    bottom.set_xlabel("forecast probability of an up day")
    bottom.set_ylabel("days")
    return fig


def plot_equity(returns: Mapping[str, np.ndarray], index: pd.Index | None = None) -> Figure:
    """The cumulative log return of each strategy over the test days (``returns`` maps a name to
    its daily log returns, for example ``metrics.sign_returns``), on ``index`` (dates) if given.

    >>> fig = plot_equity({"always up": np.full(300, 0.001)})
    >>> fig.axes[0].get_ylabel()
    'cumulative log return'
    """
    if not returns:
        raise ValueError("returns is empty: pass at least one name -> daily returns pair.")
    lengths = {len(np.ravel(r)) for r in returns.values()}
    if len(lengths) != 1:
        raise ValueError(f"the strategies cover different numbers of days: {sorted(lengths)}.")
    n = lengths.pop()
    if index is not None and len(index) != n:
        raise ValueError(f"index has {len(index)} entries for {n} days.")
    x = index if index is not None else np.arange(n)
    fig, ax = plt.subplots(figsize=(8, 4), constrained_layout=True)
    for i, (name, r) in enumerate(returns.items()):
        ax.plot(x, np.cumsum(np.ravel(r)), color=_color(name, i), lw=1.2, label=name)
    ax.axhline(0, color=COLORS["naive"], lw=0.8)
    ax.set_ylabel("cumulative log return")
    ax.set_xlabel("test day" if index is None else "")
    ax.legend(fontsize=8)
    return fig
