"""Scores, and the book's yardstick: the fraction of the oracle's edge a model captures.

Directional accuracy is the share of days on which a forecast has the sign of
what happened (a forecast of exactly 0 counts as "down"). The *edge* of a
forecast is its accuracy minus the naive forecast's; the oracle's edge is the
most any model can have on average, so ``edge_fraction`` says how much of the
achievable skill a model captures: 0 is no better than naive, 1 is as good as
the oracle.

The edge counts signs only: it ignores how large a forecast is. A forecast
with the right sign and ten times the right size has the oracle's edge and a
negative R^2, so the book reports :func:`r2_fraction` beside it. And a score
on one test period is one draw: :func:`edge_interval` and :func:`scorecard`
give a block-bootstrap interval over test days (``arch.bootstrap``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

import numpy as np
import pandas as pd
from sklearn.metrics import r2_score

from . import validate
from .windows import check_finite

__all__ = [
    "directional_accuracy",
    "rmse",
    "r2",
    "edge_fraction",
    "r2_fraction",
    "evaluate",
    "BLOCK",
    "Interval",
    "bootstrap_interval",
    "edge_interval",
    "scorecard",
    "TRADING_DAYS",
    "sign_returns",
    "sharpe",
    "trading_scores",
]

#: The mean block length, in test days, of the stationary bootstrap: the market's calm spells last
#: 50 days on average (``data.PLANT["stay_calm"] = 0.98``), its sentiment decays with
#: ``phi = 0.8``, so days closer than that are not independent and are resampled together.
BLOCK = 50


def _pair(y_true: np.ndarray, y_hat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    y_true = np.asarray(y_true, dtype=float)
    y_hat = np.asarray(y_hat, dtype=float)
    if y_hat.ndim == 2 and y_hat.shape[1] == 1:
        y_hat = y_hat.ravel()  # what Keras' predict returns
    if y_true.ndim != 1 or y_hat.ndim != 1:
        raise ValueError(
            f"y_true and y_hat must be 1-D, got shapes {y_true.shape} and {y_hat.shape}."
        )
    if y_true.shape != y_hat.shape:
        raise ValueError(
            f"y_true has {y_true.size} values but y_hat has {y_hat.size}; they must match."
        )
    if y_true.size == 0:
        raise ValueError("y_true is empty: there is nothing to score.")
    check_finite("y_true", y_true)
    check_finite("y_hat", y_hat)
    return y_true, y_hat


def directional_accuracy(y_true: np.ndarray, y_hat: np.ndarray) -> float:
    """Share of samples where ``y_hat > 0`` agrees with ``y_true > 0``.

    >>> directional_accuracy([0.01, -0.02, 0.03, -0.01], [0.5, -0.1, -0.2, 0.0])
    0.75
    """
    y_true, y_hat = _pair(y_true, y_hat)
    return float(np.mean((y_hat > 0) == (y_true > 0)))


def rmse(y_true: np.ndarray, y_hat: np.ndarray) -> float:
    """Root mean squared error.

    >>> rmse([1.0, 2.0], [1.0, 4.0])
    1.4142135623730951
    """
    y_true, y_hat = _pair(y_true, y_hat)
    return float(np.sqrt(np.mean((y_true - y_hat) ** 2)))


def r2(y_true: np.ndarray, y_hat: np.ndarray) -> float:
    """Coefficient of determination (``sklearn.metrics.r2_score``); below 0 means worse than the
    mean.

    >>> r2([1.0, 2.0, 3.0], [1.0, 2.0, 3.0])
    1.0
    """
    y_true, y_hat = _pair(y_true, y_hat)
    return float(r2_score(y_true, y_hat))


def edge_fraction(
    y_true: np.ndarray, y_hat: np.ndarray, oracle: np.ndarray, naive: np.ndarray
) -> float:
    """Fraction of the oracle's directional edge over the naive forecast that ``y_hat`` captures.

    ``(acc(y_hat) - acc(naive)) / (acc(oracle) - acc(naive))``. Raises if the
    oracle has no edge over the naive forecast on these samples, since the
    ratio would be meaningless.

    >>> y = np.array([1.0, -1.0, 1.0, -1.0])
    >>> edge_fraction(y, y, oracle=y, naive=np.ones(4))
    1.0
    >>> edge_fraction(y, np.ones(4), oracle=y, naive=np.ones(4))
    0.0
    """
    acc_naive = directional_accuracy(y_true, naive)
    acc_oracle = directional_accuracy(y_true, oracle)
    if acc_oracle - acc_naive <= 0:
        raise ValueError(
            f"the oracle ({acc_oracle:.3f}) has no edge over the naive forecast ({acc_naive:.3f}) "
            "on these samples; score on a longer period."
        )
    return (directional_accuracy(y_true, y_hat) - acc_naive) / (acc_oracle - acc_naive)


def r2_fraction(y_true: np.ndarray, y_hat: np.ndarray, oracle: np.ndarray) -> float:
    """``y_hat``'s R^2 as a fraction of the oracle's R^2 on the same samples: the magnitude beside
    the edge, which counts signs only.

    1 is the oracle's fit; 0 is the fit of a constant at the test mean; below 0 is worse than
    that. Raises if the oracle's R^2 is not positive, since the ratio would be meaningless.

    >>> y = np.array([1.0, -1.0, 2.0, -2.0])
    >>> r2_fraction(y, 0.5 * y, oracle=y)
    0.75
    >>> r2_fraction(y, 10 * y, oracle=y) < 0  # right signs, ten times too large
    True
    """
    best = r2(y_true, oracle)
    if best <= 0:
        raise ValueError(
            f"the oracle's R^2 is {best:.3f} on these samples, not positive; "
            "score on a longer period."
        )
    return r2(y_true, y_hat) / best


class Interval(NamedTuple):
    """A score and its bootstrap confidence interval: ``low <= point <= high`` as a rule, though
    a percentile interval need not contain the point."""

    point: float
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.point:.2f} [{self.low:.2f}, {self.high:.2f}]"


def bootstrap_interval(
    statistic: Callable[..., float],
    *arrays: np.ndarray,
    block: int = BLOCK,
    reps: int = 1000,
    level: float = 0.95,
    seed: int | np.random.Generator = 0,
) -> Interval:
    """``statistic(*arrays)`` and its percentile interval under a stationary block bootstrap.

    The days of every array are resampled together (the same rows), in blocks of random
    length with mean ``block`` (Politis and Romano, 1994; ``arch.bootstrap.StationaryBootstrap``),
    so serial dependence within a block survives. ``seed`` fixes the resampling.

    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=2_000)
    >>> ci = bootstrap_interval(np.mean, x)
    >>> bool(ci.low < 0 < ci.high), bool(ci.high - ci.low < 0.2)
    (True, True)
    """
    from arch.bootstrap import StationaryBootstrap

    if not callable(statistic):
        raise TypeError(f"statistic must be a function of the arrays, got {statistic!r}.")
    if not arrays:
        raise ValueError("pass at least one array to resample.")
    columns = [np.asarray(a, dtype=float) for a in arrays]
    n = len(columns[0])
    if any(len(c) != n for c in columns):
        raise ValueError(
            f"the arrays have lengths {[len(c) for c in columns]}; they must be the same days."
        )
    block = validate.positive_int(block, "block")
    reps = validate.positive_int(reps, "reps")
    if n < 2 * block:
        raise ValueError(
            f"{n} days cannot be resampled in blocks of {block}: use a smaller block or more days."
        )
    if not 0 < level < 1:
        raise ValueError(f"level must lie in (0, 1), for example 0.95; got {level}.")
    rng = (
        seed
        if isinstance(seed, np.random.Generator)
        else np.random.default_rng(validate.seed(seed))
    )
    boot = StationaryBootstrap(block, *columns, seed=rng)
    ci = boot.conf_int(
        lambda *a: np.array([statistic(*a)]), reps=reps, method="percentile", size=level
    )
    return Interval(float(statistic(*columns)), float(ci[0, 0]), float(ci[1, 0]))


def edge_interval(
    y_true: np.ndarray,
    y_hat: np.ndarray,
    oracle: np.ndarray,
    naive: np.ndarray,
    **bootstrap: object,
) -> Interval:
    """:func:`edge_fraction` with a block-bootstrap interval over test days.

    Each resample scores the model, the naive forecast and the oracle on the same resampled days,
    so the interval carries the uncertainty of the oracle's edge (the denominator) too. Keyword
    arguments go to :func:`bootstrap_interval` (``block``, ``reps``, ``level``, ``seed``).

    >>> rng = np.random.default_rng(1)
    >>> mean = rng.normal(size=3_000)
    >>> y = mean + rng.normal(size=3_000)
    >>> ci = edge_interval(y, 0.5 * mean + rng.normal(size=3_000), mean, np.zeros(3_000))
    >>> bool(0 < ci.low < ci.point < ci.high < 1)
    True
    """
    _pair(y_true, y_hat)
    _pair(y_true, oracle)
    _pair(y_true, naive)

    def fraction(y: np.ndarray, f: np.ndarray, o: np.ndarray, n: np.ndarray) -> float:
        up = y > 0
        acc = [np.mean((x > 0) == up) for x in (f, o, n)]
        edge = acc[1] - acc[2]
        return (acc[0] - acc[2]) / edge if edge > 0 else np.nan

    ci = bootstrap_interval(fraction, y_true, np.ravel(y_hat), oracle, naive, **bootstrap)
    if not np.isfinite([ci.low, ci.high]).all():
        raise ValueError(
            "in some resamples the oracle had no edge over the naive forecast: the test period is "
            "too short for an interval; score on a longer period."
        )
    return ci


def evaluate(
    y_true: np.ndarray,
    forecasts: Mapping[str, np.ndarray],
    *,
    oracle: np.ndarray,
    naive: np.ndarray,
) -> pd.DataFrame:
    """One row per forecast: directional accuracy, RMSE, R^2 and the fraction of the oracle's edge.

    ``forecasts`` maps a name to predictions on the same samples as ``y_true``.
    The naive and oracle forecasts are added as the first and last rows if
    their names (``"naive"``, ``"oracle"``) are not among the keys.
    """
    if not forecasts:
        raise ValueError("forecasts is empty: pass at least one name -> predictions pair.")
    rows = {"naive": naive, **forecasts}
    rows.setdefault("oracle", oracle)
    table = {
        name: {
            "accuracy": directional_accuracy(y_true, y_hat),
            "rmse": rmse(y_true, y_hat),
            "r2": r2(y_true, y_hat),
            "edge_fraction": edge_fraction(y_true, y_hat, oracle, naive),
        }
        for name, y_hat in rows.items()
    }
    return pd.DataFrame.from_dict(table, orient="index").rename_axis("forecast")


def scorecard(
    y_true: np.ndarray,
    forecasts: Mapping[str, np.ndarray],
    *,
    oracle: np.ndarray,
    naive: np.ndarray,
    **bootstrap: object,
) -> pd.DataFrame:
    """:func:`evaluate` with the interval of each edge fraction and each R^2 as a fraction of the
    oracle's: the columns ``edge_low``, ``edge_high`` and ``r2_fraction`` are added.

    Keyword arguments go to :func:`bootstrap_interval`; every row is resampled with the same seed,
    so the rows' intervals are drawn from the same resampled days.
    """
    table = evaluate(y_true, forecasts, oracle=oracle, naive=naive)
    rows = {"naive": naive, **forecasts}
    rows.setdefault("oracle", oracle)
    intervals = {
        name: edge_interval(y_true, y_hat, oracle, naive, **bootstrap)
        for name, y_hat in rows.items()
    }
    table["edge_low"] = [intervals[name].low for name in table.index]
    table["edge_high"] = [intervals[name].high for name in table.index]
    table["r2_fraction"] = [r2_fraction(y_true, rows[name], oracle) for name in table.index]
    return table


# --------------------------------------------------------------------------- an economic dial

#: Trading days per year, to annualise daily returns.
TRADING_DAYS = 252


def sign_returns(y_true: np.ndarray, y_hat: np.ndarray, cost: float = 0.0) -> np.ndarray:
    """Each day's log return of holding one unit long when ``y_hat > 0`` and one unit short
    otherwise, net of ``cost`` per unit traded.

    The position is the forecast's sign as :func:`directional_accuracy` reads it (a forecast of
    exactly 0 counts as "down", so short); turning from long to short trades two units. The
    first day pays for opening its position. Unlike accuracy, this counts each day by its size.

    >>> sign_returns([0.01, -0.02, 0.03], [1.0, 1.0, -1.0])
    array([ 0.01, -0.02, -0.03])
    >>> sign_returns([0.01, -0.02, 0.03], [1.0, 1.0, -1.0], cost=0.001).round(4)
    array([ 0.009, -0.02 , -0.032])
    """
    y_true, y_hat = _pair(y_true, y_hat)
    cost = validate.non_negative_number(cost, "cost", hint="a share of the position, e.g. 0.0005")
    position = np.where(y_hat > 0, 1.0, -1.0)
    traded = np.abs(np.diff(position, prepend=0.0))
    return position * y_true - cost * traded


def sharpe(returns: np.ndarray, periods: int = TRADING_DAYS) -> float:
    """The annualised Sharpe ratio of daily ``returns``: ``mean / sd * sqrt(periods)`` (no
    risk-free rate; the sample standard deviation).

    >>> round(sharpe(np.array([0.01, -0.005, 0.02, 0.0])), 2)
    8.95
    """
    returns = np.asarray(returns, dtype=float)
    if returns.ndim != 1 or len(returns) < 2:
        raise ValueError(
            f"returns must be a 1-D array of at least 2 days, got shape {returns.shape}."
        )
    if not np.isfinite(returns).all():
        raise ValueError("returns hold NaN or infinite values: a Sharpe ratio needs finite ones.")
    periods = validate.positive_int(periods, "periods")
    sd = returns.std(ddof=1)
    # a constant series keeps a tiny nonzero sd after rounding: compare with its scale
    if np.ptp(returns) == 0 or sd <= 1e-12 * np.abs(returns).max():
        raise ValueError("returns do not vary: a Sharpe ratio is undefined.")
    return float(returns.mean() / sd * np.sqrt(periods))


def trading_scores(
    y_true: np.ndarray,
    forecasts: Mapping[str, np.ndarray],
    *,
    cost: float = 0.0,
    **bootstrap: object,
) -> pd.DataFrame:
    """One row per forecast: directional accuracy, annualised return and Sharpe ratio of trading
    its sign (:func:`sign_returns`, net of ``cost``), with the Sharpe ratio's block-bootstrap
    interval (``sharpe_low``, ``sharpe_high``; keyword arguments go to
    :func:`bootstrap_interval`).
    """
    if not forecasts:
        raise ValueError("forecasts is empty: pass at least one name -> predictions pair.")
    rows = {}
    for name, y_hat in forecasts.items():
        daily = sign_returns(y_true, y_hat, cost)
        ci = bootstrap_interval(sharpe, daily, **bootstrap)
        rows[name] = {
            "accuracy": directional_accuracy(y_true, y_hat),
            "annual_return": float(daily.mean() * TRADING_DAYS),
            "sharpe": ci.point,
            "sharpe_low": ci.low,
            "sharpe_high": ci.high,
        }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("forecast")
