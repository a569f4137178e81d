"""Skill against a reference forecast, and the lag diagnosis of a level forecast.

A forecast of tomorrow's *price level* is judged against **persistence**
("tomorrow = today"), not against the mean: on a random walk persistence
already has an R^2 near 1, so R^2 on levels says nothing. The skill score

    skill = 1 - MSE(model) / MSE(reference)

is 1 for a perfect forecast, 0 for one no better than the reference, and
negative for one that is worse.

A level forecast that has only learned to repeat today's price *lags* the
series by one day: its day-to-day changes copy the series' changes of the day
before. ``lag_profile`` measures that: the correlation of the forecast's
changes with the series' changes ``k`` days earlier, for ``k = 0 ... max_lag``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from . import metrics, validate

__all__ = [
    "skill_score",
    "persistence_skill",
    "lag_profile",
    "best_lag",
    "implied_return",
    "implied_level",
    "level_scores",
    "diebold_mariano",
    "versus_baselines",
    "EDGE",
    "NO_EDGE",
    "WORSE",
    "VERDICTS",
    "verdict",
]


def _vector(name: str, values: object) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if array.ndim == 2 and array.shape[1] == 1:
        array = array.ravel()  # what Keras' predict returns
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {array.shape}.")
    if array.size == 0:
        raise ValueError(f"{name} is empty: there is nothing to score.")
    if not np.isfinite(array).all():
        bad = int((~np.isfinite(array)).sum())
        raise ValueError(
            f"{name} holds {bad} NaN or infinite values; drop or fill them before scoring."
        )
    return array


def _same_length(**arrays: np.ndarray) -> None:
    sizes = {name: a.size for name, a in arrays.items()}
    if len(set(sizes.values())) != 1:
        described = ", ".join(f"{name} has {size}" for name, size in sizes.items())
        raise ValueError(f"lengths differ ({described}); pass forecasts of the same days.")


def skill_score(y_true: np.ndarray, y_hat: np.ndarray, y_ref: np.ndarray) -> float:
    """``1 - MSE(y_true, y_hat) / MSE(y_true, y_ref)``: the skill of ``y_hat`` over the reference
    ``y_ref``.

    1 is perfect, 0 is no better than the reference, negative is worse.

    >>> skill_score([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [0.0, 0.0, 0.0])
    1.0
    >>> skill_score([1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0])
    0.0
    >>> skill_score([0.0, 0.0], [2.0, 2.0], [1.0, 1.0])
    -3.0
    """
    y_true = _vector("y_true", y_true)
    y_hat = _vector("y_hat", y_hat)
    y_ref = _vector("y_ref", y_ref)
    _same_length(y_true=y_true, y_hat=y_hat, y_ref=y_ref)
    reference_mse = float(np.mean((y_true - y_ref) ** 2))
    if reference_mse == 0.0:
        raise ValueError(
            "the reference forecast has zero error on these samples, so no skill can be measured "
            "against it; use a different reference or more samples."
        )
    return 1.0 - float(np.mean((y_true - y_hat) ** 2)) / reference_mse


def persistence_skill(
    levels_true: np.ndarray, levels_hat: np.ndarray, levels_prev: np.ndarray
) -> float:
    """Skill of a level forecast over persistence: ``skill_score`` with today's level as the
    reference.

    ``levels_prev[i]`` is the last known level when ``levels_hat[i]`` was made
    (today's price, for a forecast of tomorrow's).

    >>> persistence_skill([101.0, 103.0], [101.0, 103.0], [100.0, 101.0])
    1.0
    >>> persistence_skill([101.0, 103.0], [100.0, 101.0], [100.0, 101.0])
    0.0
    """
    return skill_score(levels_true, levels_hat, levels_prev)


def lag_profile(y_hat: np.ndarray, series: np.ndarray, max_lag: int = 5) -> pd.Series:
    """Correlation of the forecast's day-to-day changes with the series' changes ``k`` days earlier.

    ``y_hat[i]`` and ``series[i]`` belong to the same, consecutive, day ``t_i``:
    the forecast of day ``t_i`` and what the series was on day ``t_i``. For
    each lag ``k`` in ``0 ... max_lag`` the result holds
    ``corr(diff(y_hat)[t], diff(series)[t - k])``. A forecast that tracks the
    series moves with it at lag 0; a forecast that repeats yesterday's value
    (persistence) has correlation 1 at lag 1.

    >>> series = np.cumsum(np.random.default_rng(0).normal(size=300))
    >>> repeat_yesterday = np.r_[series[0], series[:-1]]
    >>> lag_profile(repeat_yesterday, series, max_lag=2).round(1).tolist()
    [0.0, 1.0, 0.0]
    """
    validate.non_negative_int(max_lag, "max_lag", hint="days")
    y_hat = _vector("y_hat", y_hat)
    series = _vector("series", series)
    _same_length(y_hat=y_hat, series=series)
    if y_hat.size < max_lag + 4:
        raise ValueError(
            f"only {y_hat.size} days for a max_lag of {max_lag}: pass at least {max_lag + 4} days "
            "or lower max_lag."
        )
    forecast_changes = pd.Series(np.diff(y_hat))
    series_changes = pd.Series(np.diff(series))
    if forecast_changes.std() == 0 or series_changes.std() == 0:
        raise ValueError(
            "y_hat or series never changes, so its correlation with anything is undefined."
        )
    profile = {k: forecast_changes.corr(series_changes.shift(k)) for k in range(int(max_lag) + 1)}
    return pd.Series(profile, name="correlation", dtype=float).rename_axis("lag")


def best_lag(y_hat: np.ndarray, series: np.ndarray, max_lag: int = 5) -> int:
    """The lag at which ``lag_profile`` peaks: 0 for a forecast that tracks the series, 1 for one
    that lags it.

    >>> series = np.cumsum(np.random.default_rng(0).normal(size=300))
    >>> best_lag(np.r_[series[0], series[:-1]], series)
    1
    >>> best_lag(series, series)
    0
    """
    return int(lag_profile(y_hat, series, max_lag=max_lag).idxmax())


# --------------------------------------------------------------------------- levels vs returns


def implied_return(levels_hat: np.ndarray, levels_prev: np.ndarray) -> np.ndarray:
    """The log return a level forecast implies: ``log(levels_hat / levels_prev)``.

    Turns a forecast of tomorrow's price into a forecast of tomorrow's return, so
    that a level model can be scored on direction like a return model.

    >>> implied_return([110.0, 90.0], [100.0, 100.0]).round(4).tolist()
    [0.0953, -0.1054]
    """
    levels_hat = _vector("levels_hat", levels_hat)
    levels_prev = _vector("levels_prev", levels_prev)
    _same_length(levels_hat=levels_hat, levels_prev=levels_prev)
    if (levels_hat <= 0).any() or (levels_prev <= 0).any():
        raise ValueError(
            "levels must be positive prices to take a log return; check the inverse scaling."
        )
    return np.log(levels_hat / levels_prev)


def implied_level(returns_hat: np.ndarray, levels_prev: np.ndarray) -> np.ndarray:
    """The price a log-return forecast implies: ``levels_prev * exp(returns_hat)``.

    >>> implied_level([0.0, np.log(2.0)], [100.0, 50.0]).tolist()
    [100.0, 100.0]
    """
    returns_hat = _vector("returns_hat", returns_hat)
    levels_prev = _vector("levels_prev", levels_prev)
    _same_length(returns_hat=returns_hat, levels_prev=levels_prev)
    return levels_prev * np.exp(returns_hat)


def level_scores(
    returns_true: np.ndarray,
    levels_prev: np.ndarray,
    forecasts: Mapping[str, np.ndarray],
    *,
    oracle: np.ndarray,
    naive: np.ndarray,
) -> pd.DataFrame:
    """Score return forecasts both as levels and as returns, with persistence and the oracle as
    yardsticks.

    Every forecast is a next-day log return (convert a level forecast with
    :func:`implied_return`); ``levels_prev`` is today's price, so tomorrow's
    price is ``levels_prev * exp(returns_true)``. One row per forecast:

    - ``r2_levels``: R^2 of the implied price against tomorrow's price;
    - ``skill_vs_persistence``: :func:`persistence_skill` of the implied price;
    - ``accuracy``: directional accuracy of the return;
    - ``edge_fraction``: the fraction of the oracle's edge over ``naive``.

    Rows ``"naive"``, ``"persistence"`` (a return of 0: tomorrow's price is
    today's) and ``"oracle"`` are added unless ``forecasts`` has them.
    """
    if not isinstance(forecasts, Mapping) or not forecasts:
        raise ValueError(
            "forecasts must be a non-empty mapping of name -> next-day return forecasts."
        )
    returns_true = _vector("returns_true", returns_true)
    levels_prev = _vector("levels_prev", levels_prev)
    _same_length(returns_true=returns_true, levels_prev=levels_prev)
    levels_true = implied_level(returns_true, levels_prev)
    rows = {"naive": naive, "persistence": np.zeros(returns_true.size), **forecasts}
    rows.setdefault("oracle", oracle)
    table = {}
    for name, returns_hat in rows.items():
        levels_hat = implied_level(returns_hat, levels_prev)
        table[name] = {
            "r2_levels": metrics.r2(levels_true, levels_hat),
            "skill_vs_persistence": persistence_skill(levels_true, levels_hat, levels_prev),
            "accuracy": metrics.directional_accuracy(returns_true, returns_hat),
            "edge_fraction": metrics.edge_fraction(returns_true, returns_hat, oracle, naive),
        }
    return pd.DataFrame.from_dict(table, orient="index").rename_axis("forecast")


# --------------------------------------------------------------------------- is the skill real?


def diebold_mariano(
    y_true: np.ndarray, y_hat: np.ndarray, y_ref: np.ndarray, horizon: int = 1
) -> float:
    """Diebold-Mariano statistic of ``y_hat`` against the reference ``y_ref``, squared error, with
    a Newey-West variance and the Harvey-Leybourne-Newbold correction.

    With ``d_i = (y_true_i - y_ref_i)^2 - (y_true_i - y_hat_i)^2`` the loss
    differential, the statistic is ``mean(d) / sqrt(lrv(d) / n)``, where ``lrv`` is
    the long-run variance of ``d``: a Bartlett-kernel (Newey-West) estimate whose
    bandwidth is chosen from the data (``arch.covariance.kernel.Bartlett``). The
    variance must be a long-run one even one step ahead: on this book's markets
    ``d`` inherits the sentiment's AR(0.8) and the volatility regimes, so its days
    are not independent, and the plain ``std(d) / sqrt(n)`` would overstate the
    evidence. The result is then multiplied by Harvey, Leybourne and Newbold's
    (1997) small-sample factor ``sqrt((n + 1 - 2h + h (h - 1) / n) / n)`` for a
    ``horizon``-step forecast. Under the hypothesis that both forecasts are
    equally accurate it is about Student-t with ``n - 1`` degrees of freedom, so
    a value above about 2 says ``y_hat`` is better than the reference beyond
    noise, and below about -2 that it is worse.

    >>> rng = np.random.default_rng(0)
    >>> signal = rng.normal(size=500)
    >>> y = signal + rng.normal(size=500)
    >>> bool(diebold_mariano(y, signal, np.zeros(500)) > 5)
    True
    >>> bool(diebold_mariano(y, np.zeros(500), signal) < -5)  # the same test, the other way
    True
    """
    from arch.covariance.kernel import Bartlett

    y_true = _vector("y_true", y_true)
    y_hat = _vector("y_hat", y_hat)
    y_ref = _vector("y_ref", y_ref)
    _same_length(y_true=y_true, y_hat=y_hat, y_ref=y_ref)
    h = validate.positive_int(horizon, "horizon")
    n = y_true.size
    if n < 10 or n <= 2 * h:
        raise ValueError(
            f"only {n} samples: a Diebold-Mariano test needs at least 10 (and more than twice the "
            "horizon), and hundreds to mean much."
        )
    d = (y_true - y_ref) ** 2 - (y_true - y_hat) ** 2
    if float(np.std(d)) == 0.0:
        raise ValueError(
            "the two forecasts have identical squared errors on every sample; the test is "
            "undefined."
        )
    long_run = float(Bartlett(d[:, None]).cov.long_run[0, 0])
    if long_run <= 0:  # cannot happen with Bartlett weights, which keep it non-negative
        raise ValueError("the long-run variance of the loss differential is not positive.")
    hln = np.sqrt((n + 1 - 2 * h + h * (h - 1) / n) / n)
    return float(hln * np.mean(d) / np.sqrt(long_run / n))


def versus_baselines(
    y_true: np.ndarray,
    forecasts: Mapping[str, np.ndarray],
    *,
    naive: np.ndarray,
    persistence: np.ndarray,
    horizon: int = 1,
    **bootstrap: object,
) -> pd.DataFrame:
    """The yardstick where there is no oracle: each forecast against the training mean and
    persistence, with block-bootstrap intervals and a Diebold-Mariano statistic.

    One row per forecast, plus ``"training mean"`` (``naive``), ``"always up"`` and
    ``"persistence"`` first. ``"always up"`` forecasts a return of the smallest positive float
    every day: its directional accuracy is the share of up days, and its squared error that of
    a zero forecast (the random walk's). The training mean's sign is "up" only if the training
    period rose; after a fall it says "down" every day. Columns:

    - ``accuracy``: directional accuracy; ``gain``, ``gain_low``, ``gain_high``: its gain over
      the training mean's direction (on a rising training period, "always up"), with its 95 %
      interval (:func:`helpers.leakage.gain_interval`'s statistic);
    - ``skill``, ``skill_low``, ``skill_high``: ``1 - MSE / MSE(training mean)``, an out-of-sample
      R^2 against the mean a forecaster already knew, with its interval;
    - ``vs_persistence``: ``1 - MSE / MSE(persistence)``;
    - ``dm``: :func:`diebold_mariano` against the training mean (above about 2: better beyond
      noise; ``horizon`` is the days each target spans); NaN for a forecast whose squared
      errors are the training mean's.

    Keyword arguments go to :func:`helpers.metrics.bootstrap_interval` (``block``, ``reps``,
    ``seed``); every row is resampled on the same days.

    >>> rng = np.random.default_rng(0)
    >>> y = rng.normal(size=2_000)
    >>> t = versus_baselines(y, {"noise": rng.normal(size=2_000) * 0.1},
    ...                      naive=np.full(2_000, 0.01), persistence=np.roll(y, 1), reps=200)
    >>> list(t.index)
    ['training mean', 'always up', 'persistence', 'noise']
    >>> bool(t.loc["noise", "skill_low"] < 0), bool(abs(t.loc["noise", "dm"]) < 3)
    (True, True)
    """
    y_true = _vector("y_true", y_true)
    naive = _vector("naive", naive)
    persistence = _vector("persistence", persistence)
    if not forecasts:
        raise ValueError("forecasts is empty: pass at least one name -> predictions pair.")
    up = np.full(y_true.shape, np.finfo(float).tiny)  # the sign of "up", the size of nothing
    rows = {"training mean": naive, "always up": up, "persistence": persistence}
    for name, values in forecasts.items():
        if name in rows:
            raise ValueError(f"{name!r} is a baseline's row name; rename that forecast.")
        rows[str(name)] = _vector(str(name), values)
    _same_length(y_true=y_true, **{k.replace(" ", "_"): v for k, v in rows.items()})

    def gain(y: np.ndarray, f: np.ndarray, n: np.ndarray) -> float:
        return metrics.directional_accuracy(y, f) - metrics.directional_accuracy(y, n)

    def over_mean(y: np.ndarray, f: np.ndarray, n: np.ndarray) -> float:
        return 1.0 - float(np.mean((y - f) ** 2) / np.mean((y - n) ** 2))

    table = {}
    for name, f in rows.items():
        g = metrics.bootstrap_interval(gain, y_true, f, naive, **bootstrap)
        k = metrics.bootstrap_interval(over_mean, y_true, f, naive, **bootstrap)
        identical = bool(np.array_equal((y_true - f) ** 2, (y_true - naive) ** 2))
        table[name] = {
            "accuracy": metrics.directional_accuracy(y_true, f),
            "gain": g.point,
            "gain_low": g.low,
            "gain_high": g.high,
            "skill": k.point,
            "skill_low": k.low,
            "skill_high": k.high,
            "vs_persistence": skill_score(y_true, f, persistence),
            "dm": np.nan if identical else diebold_mariano(y_true, f, naive, horizon=horizon),
        }
    return pd.DataFrame.from_dict(table, orient="index").rename_axis("forecast")


# --------------------------------------------------------------------------- the verdict in words

#: The three conclusions :func:`verdict` can reach; its text holds exactly one of them.
EDGE = "an edge beyond noise"
NO_EDGE = "no evidence of an edge"
WORSE = "worse than the training mean beyond noise"
VERDICTS = (EDGE, NO_EDGE, WORSE)

_VERDICT_COLUMNS = (
    "accuracy",
    "gain",
    "gain_low",
    "gain_high",
    "skill",
    "skill_low",
    "skill_high",
    "dm",
)


def verdict(table: pd.DataFrame, forecast: str, *, flagged: Sequence[str] | None = None) -> str:
    """The row ``forecast`` of a :func:`versus_baselines` table, read out in words.

    Four lines of numbers (the skill over the training mean and the directional accuracy gain
    over the training mean's sign, each with its 95 % interval, the Diebold-Mariano statistic
    against the training mean, and the accuracy next to that of the better constant sign), then
    one of :data:`VERDICTS`, decided on squared error, which judges the whole forecast:

    - :data:`WORSE` if the skill's interval lies below 0 or the statistic is -2 or less: the
      forecast is further from what happened than the mean a forecaster already knew;
    - :data:`EDGE` if two tests agree that it is better: the skill's interval lies above 0 *and*
      the statistic is 2 or more;
    - :data:`NO_EDGE` otherwise, including a statistic that is NaN (a forecast identical to the
      training mean).

    Claiming an edge needs more evidence than claiming none. The direction alone never makes an
    edge: a table offers many intervals, each with its 5 % chance of clearing 0 by luck, and a
    forecast that says "up" more often than the training mean does can gain on it in direction
    while its squared error is no better (the S&P 500 example does this for some seeds). When the
    gain's interval clears what the better constant sign gains (always up or always down: its
    accuracy is ``max(a, 1 - a)``, ``a`` the accuracy of the table's ``"always up"`` row, the
    share of up days; without that row, ``a`` is the training mean's accuracy, right only where
    the training mean has one sign on every day, which walk-forward folds need not), a no-edge
    verdict says so, as a hint to check on more data.

    ``flagged`` is the doctor's ``report.flagged`` (check ids), or ``None`` to say nothing of it.
    An edge is the moment to look for a leak, so it comes with the flagged checks, or with a
    reminder that the doctor sees only the leaks it checks for.

    >>> rows = {"training mean": [0.52, 0, 0, 0, 0, 0, 0, np.nan],
    ...         "LSTM": [0.54, 0.02, -0.01, 0.05, 0.004, -0.003, 0.011, 1.1]}
    >>> table = pd.DataFrame.from_dict(rows, orient="index", columns=_VERDICT_COLUMNS)
    >>> print(verdict(table, "LSTM", flagged=[]))
    LSTM
      skill over the training mean:                  +0.004 [-0.003, +0.011]
      accuracy gain over the training mean's sign:   +0.020 [-0.010, +0.050]
      Diebold-Mariano t against the training mean:   +1.10
      accuracy 0.540; the better constant sign's:    0.520
      verdict: no evidence of an edge (the doctor flagged nothing)
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a versus_baselines table, got {type(table).__name__}.")
    missing = [c for c in _VERDICT_COLUMNS if c not in table.columns]
    if missing or "training mean" not in table.index:
        absent = missing or ["the row 'training mean'"]
        raise ValueError(f"table has no {absent}: pass the table of skill.versus_baselines.")
    if forecast not in table.index:
        raise KeyError(f"no row {forecast!r} in the table; its rows: {list(table.index)}.")
    if flagged is not None and (
        isinstance(flagged, str) or not all(isinstance(f, str) for f in flagged)
    ):
        raise TypeError("flagged must be a list of check ids (report.flagged) or None.")
    row = table.loc[forecast, list(_VERDICT_COLUMNS)].astype(float)
    for name in _VERDICT_COLUMNS[:-1]:
        if not np.isfinite(row[name]):
            raise ValueError(f"the {name} of {forecast!r} is not a number: {row[name]}.")
    mean_accuracy = float(table.loc["training mean", "accuracy"])
    # always up or always down, the better: from the table's "always up" row when it has one
    # (a share of up days a; always down scores at most 1 - a), else from the training mean's
    # sign, which is one of the two only where that sign is the same on every day
    a = float(table.loc["always up", "accuracy"]) if "always up" in table.index else mean_accuracy
    constant = max(a, 1.0 - a)
    dm = row["dm"]
    if row["skill_high"] < 0 or dm <= -2:
        outcome = WORSE
    elif row["skill_low"] > 0 and dm >= 2:
        outcome = EDGE
    else:
        outcome = NO_EDGE
    hint = ""
    if outcome == NO_EDGE and row["gain_low"] > constant - mean_accuracy:
        hint = (
            "; its direction beats the better constant sign beyond noise, but its squared error "
            "does not confirm it: check it on more data"
        )
    if flagged is None:
        doctor = ""
    elif flagged:
        doctor = f" (the doctor flagged {', '.join(flagged)})"
    else:
        doctor = " (the doctor flagged nothing)"
    if outcome == EDGE:
        doctor = (
            f": check it for leaks{doctor}"
            if flagged is None or flagged
            else ": check it for leaks (the doctor flagged nothing, but it sees only the leaks "
            "it checks for)"
        )

    def interval(name: str) -> str:
        return f"{row[name]:+.3f} [{row[name + '_low']:+.3f}, {row[name + '_high']:+.3f}]"

    statistic = "n/a (the forecast is the training mean)" if np.isnan(dm) else f"{dm:+.2f}"
    return "\n".join(
        [
            str(forecast),
            f"  skill over the training mean:                  {interval('skill')}",
            f"  accuracy gain over the training mean's sign:   {interval('gain')}",
            f"  Diebold-Mariano t against the training mean:   {statistic}",
            f"  accuracy {row['accuracy']:.3f}; the better constant sign's:    {constant:.3f}",
            f"  verdict: {outcome}{doctor}{hint}",
        ]
    )
