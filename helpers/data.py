"""Synthetic data with a known ceiling.

The book's markets are synthetic on purpose: because we plant the predictable
part ourselves, the best achievable forecast (the *oracle*) is known exactly on
every day, and every model can be reported as the fraction of the oracle's edge
that it captures.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import validate

__all__ = [
    "FEATURES",
    "PLANT",
    "make_market",
    "stationary_features",
    "raw_features",
    "weighted_history_sd",
    "planted_oracle",
    "add_trend",
    "plant_crash",
]

#: The observable columns of :func:`make_market`, in order.
FEATURES: tuple[str, ...] = ("price", "volume", "flow", "sentiment")

#: The constants of the planted component (see :func:`make_market`).
PLANT: dict[str, object] = {
    "amplitude": 0.011,  # size of the planted daily mean return (1.1 %)
    "flow_phi": 0.5,  # AR(1) coefficient of order-flow imbalance
    "sentiment_phi": 0.8,  # AR(1) coefficient of news sentiment
    "flow_weights": (1.0, -0.5),  # flow today minus its predictable part: the flow surprise
    "sentiment_weights": (0.2, 0.3, 0.5),  # weights on sentiment today, 1, 2 days ago
    "flow_gain": 1.2,  # saturation gain on the flow history
    "sentiment_gain": 3.0,  # saturation gain on the sentiment history
    "flow_bias": 0.4,  # flow's effect when sentiment is neutral: the part a linear model can see
    "calm_vol": 0.008,  # daily volatility in the calm regime
    "stressed_vol": 0.02,  # daily volatility in the stressed regime
    "stay_calm": 0.98,  # P(calm tomorrow | calm today)
    "stay_stressed": 0.95,  # P(stressed tomorrow | stressed today)
    "tail_df": 4,  # degrees of freedom of the Student-t shocks
}

_BURN_IN = 50  # days simulated and dropped so the AR(1) signals start stationary
_START = "2000-01-03"


def weighted_history_sd(weights: tuple[float, ...], phi: float) -> float:
    """Standard deviation of ``sum_k weights[k] * x[t-k]`` for a unit-variance AR(1) ``x``.

    The lag-``j`` autocorrelation of a stationary AR(1) is ``phi**j``, so the
    variance is ``sum_jk w_j w_k phi**|j-k|``.

    >>> round(weighted_history_sd((1.0,), 0.5), 6)
    1.0
    >>> round(weighted_history_sd((0.5, 0.5), 0.0), 6)
    0.707107
    """
    w = np.asarray(weights, dtype=float)
    if w.ndim != 1 or w.size == 0:
        raise ValueError("weights must be a non-empty 1-D sequence of numbers.")
    if not -1.0 < phi < 1.0:
        raise ValueError(f"phi must lie in (-1, 1) for a stationary AR(1); got {phi}.")
    lags = np.abs(np.subtract.outer(np.arange(w.size), np.arange(w.size)))
    return float(np.sqrt(w @ (phi**lags) @ w))


def _ar1(rng: np.random.Generator, phi: float, n: int) -> np.ndarray:
    """A unit-variance stationary AR(1) path of length ``n``."""
    shocks = rng.standard_normal(n) * np.sqrt(1.0 - phi**2)
    x = np.empty(n)
    x[0] = rng.standard_normal()
    for t in range(1, n):
        x[t] = phi * x[t - 1] + shocks[t]
    return x


def _history(x: np.ndarray, weights: tuple[float, ...], phi: float) -> np.ndarray:
    """``sum_k w_k x[t-k]`` rescaled to unit sd; the first ``len(w)-1`` values are NaN."""
    out = np.full(x.size, np.nan)
    k = len(weights)
    out[k - 1 :] = sum(w * x[k - 1 - j : x.size - j] for j, w in enumerate(weights))
    return out / weighted_history_sd(weights, phi)


def _regimes(rng: np.random.Generator, n: int) -> np.ndarray:
    """A two-state Markov chain: 0 = calm, 1 = stressed."""
    stay = (PLANT["stay_calm"], PLANT["stay_stressed"])
    p_stressed = (1 - stay[0]) / ((1 - stay[0]) + (1 - stay[1]))
    u = rng.random(n)
    state = np.empty(n, dtype=np.int8)
    state[0] = u[0] < p_stressed
    for t in range(1, n):
        state[t] = state[t - 1] if u[t] < stay[state[t - 1]] else 1 - state[t - 1]
    return state


def make_market(
    n_days: int = 12_000, seed: int = 0, signal: float = 1.0, drift: float = 0.0
) -> pd.DataFrame:
    """Simulate a daily market in which the predictable part of tomorrow's return is known.

    What is planted
        Two exogenous signals near unit scale are observed every day:
        ``flow`` (order-flow imbalance, a stationary AR(1) with coefficient 0.5)
        and ``sentiment`` (news sentiment, AR(1) with coefficient 0.8). Two
        short histories, each rescaled to unit standard deviation, set
        tomorrow's expected return: ``m1``, the flow *surprise*
        ``flow[t] - 0.5 * flow[t-1]`` (2 days), and ``m2``, a weighted sum of
        the last 3 days of sentiment (weights 0.2, 0.3, 0.5 on today,
        yesterday and the day before)::

            oracle[t] = 0.011 * tanh(1.2 * m1[t]) * (0.4 + tanh(3.0 * m2[t]))
            target[t] = oracle[t] + vol[t+1] * eps[t+1]

        ``eps`` is Student-t with 4 degrees of freedom scaled to unit variance
        (fat tails), and ``vol`` switches between a calm (0.8 %) and a stressed
        (2 %) regime following a hidden two-state Markov chain.

    Why this shape
        The signal is mostly an *interaction*: a flow surprise pushes the price
        its own way when sentiment is neutral or positive, and the *other* way
        when sentiment is negative (below -0.14 sd). It *saturates* (tanh), and it
        depends on *several days* of history. A linear model of the window --
        ridge regression included -- can only see the small average effect of
        flow (the 0.4 term); the product with sentiment is invisible to it,
        while an LSTM that reads the last few days can learn it. That gives
        the LSTM an honest reason to exist.
        Because the flow surprise is independent of everything before it, the
        oracle has no autocorrelation: past returns alone predict nothing, so
        naive forecasts (zero, mean, persistence) have no edge.

    Observable columns
        ``price`` (starts at 100, ``price[t] = price[t-1] * exp(return[t])``, a
        random walk with regime-switching volatility and fat-tailed shocks),
        ``volume`` (lognormal near 1e6 shares, higher on volatile days),
        ``flow`` and ``sentiment``.

    Known columns
        ``target``: the log return from day ``t`` to the next business day.
        ``oracle``: ``E[target[t] | everything observable up to day t]``, exact
        by construction. The frame ends on the last day whose target is known,
        so there is no NaN anywhere.

    Parameters
    ----------
    n_days : int
        Number of business days (rows), at least 10.
    seed : int
        Seed of the ``numpy.random.Generator``; the same seed gives an
        identical frame.
    signal : float
        Strength of the planted mean, a multiple of ``PLANT["amplitude"]``
        (default 1: the book's market, whose oracle gets the direction right on
        about 73 % of days with an R^2 near 0.24, far more than any real market
        allows; at 0.35 about 60 % with an R^2 near 0.04; 0 leaves pure noise).
        The random draws do not depend on it: only the planted mean, and
        through it the returns and the volume, change.
    drift : float
        A constant added to every day's expected log return (default 0: the
        book's market, as many up days as down days). Up days then outnumber
        down days: about 55% of them at 0.001 with ``signal=0``, and at
        0.0015 on the book's market (``signal=1``, chapter 2). Unlike
        :func:`add_trend`, which shifts a finished market, the drift is part
        of the simulated mean, so ``oracle`` includes it and the volume reacts
        to the returns it moves; the random draws are the same.

    Returns
    -------
    pandas.DataFrame
        Indexed by business days from 2000-01-03, with the columns
        ``price, volume, flow, sentiment, target, oracle``.

    Examples
    --------
    >>> df = make_market(500, seed=1)
    >>> list(df.columns)
    ['price', 'volume', 'flow', 'sentiment', 'target', 'oracle']
    >>> bool(df.notna().all().all()), df.index.freqstr
    (True, 'B')
    >>> bool(df.equals(make_market(500, seed=1)))
    True
    """
    validate.integer(n_days, "n_days", low=10, hint="a useful market needs thousands")
    validate.seed(seed)
    signal = validate.non_negative_number(signal, "signal", hint="1 is the book's market")
    drift = validate.daily_drift(drift)
    rng = np.random.default_rng(seed)
    n = n_days + _BURN_IN + 1  # one extra day: the last row's target
    flow = _ar1(rng, PLANT["flow_phi"], n)
    sentiment = _ar1(rng, PLANT["sentiment_phi"], n)
    m1 = _history(flow, PLANT["flow_weights"], PLANT["flow_phi"])
    m2 = _history(sentiment, PLANT["sentiment_weights"], PLANT["sentiment_phi"])
    mood = PLANT["flow_bias"] + np.tanh(PLANT["sentiment_gain"] * m2)
    mean = drift + PLANT["amplitude"] * signal * np.tanh(PLANT["flow_gain"] * m1) * mood

    regime = _regimes(rng, n)
    vol = np.where(regime == 1, PLANT["stressed_vol"], PLANT["calm_vol"])
    df_t = PLANT["tail_df"]
    eps = rng.standard_t(df_t, n) / np.sqrt(df_t / (df_t - 2))
    ret = np.zeros(n)
    ret[1:] = mean[:-1] + vol[1:] * eps[1:]  # ret[t]: log return from t-1 to t
    ret[: _BURN_IN + 1] = 0.0  # so the kept price path starts exactly at 100

    log_volume = np.log(1e6) + 0.35 * rng.standard_normal(n) + 12.0 * (np.abs(ret) - 0.01)
    keep = slice(_BURN_IN, _BURN_IN + n_days)
    index = pd.bdate_range(_START, periods=n_days, name="date")
    return pd.DataFrame(
        {
            "price": 100.0 * np.exp(np.cumsum(ret))[keep],
            "volume": np.exp(log_volume)[keep],
            "flow": flow[keep],
            "sentiment": sentiment[keep],
            "target": ret[_BURN_IN + 1 : _BURN_IN + 1 + n_days],
            "oracle": mean[keep],
        },
        index=index,
    )


def _check_market(market: pd.DataFrame) -> None:
    if not isinstance(market, pd.DataFrame):
        raise TypeError(
            f"market must be a pandas DataFrame from make_market, got {type(market).__name__}."
        )
    missing = [c for c in FEATURES if c not in market.columns]
    if missing:
        raise ValueError(f"market lacks the columns {missing}; build it with data.make_market().")
    if len(market) < 2:
        raise ValueError("market has fewer than 2 rows; returns need at least two days.")


def raw_features(market: pd.DataFrame) -> pd.DataFrame:
    """The observable features exactly as the market reports them (unscaled, price level).

    >>> raw_features(make_market(20, seed=0)).columns.tolist()
    ['price', 'volume', 'flow', 'sentiment']
    """
    _check_market(market)
    return market.loc[:, list(FEATURES)].copy()


def stationary_features(market: pd.DataFrame) -> pd.DataFrame:
    """Stationary versions of the observable features, still unscaled.

    ``log_return`` (today's log price change; 0 on the first day),
    ``log_volume``, ``flow`` and ``sentiment``. Every value uses only data up to
    its own day, so no feature can see the future.

    >>> f = stationary_features(make_market(20, seed=0))
    >>> f.columns.tolist()
    ['log_return', 'log_volume', 'flow', 'sentiment']
    >>> float(f['log_return'].iloc[0])
    0.0
    """
    _check_market(market)
    log_price = np.log(market["price"])
    return pd.DataFrame(
        {
            "log_return": log_price.diff().fillna(0.0),
            "log_volume": np.log(market["volume"]),
            "flow": market["flow"],
            "sentiment": market["sentiment"],
        },
        index=market.index,
    )


# --------------------------------------------------------------------------- trends and crashes


def planted_oracle(
    flow: pd.Series | np.ndarray, sentiment: pd.Series | np.ndarray, signal: float = 1.0
) -> np.ndarray:
    """The planted expected next-day return, recomputed from the observed ``flow`` and
    ``sentiment`` (``signal`` as in :func:`make_market`).

    Applies the formula of :func:`make_market` to the two columns; the first
    two days, whose histories reach before the data, are NaN.

    >>> market = make_market(300, seed=2)
    >>> oracle = planted_oracle(market["flow"], market["sentiment"])
    >>> bool(np.isnan(oracle[:2]).all()), bool(np.allclose(oracle[2:], market["oracle"].iloc[2:]))
    (True, True)
    """
    flow = np.asarray(flow, dtype=float)
    sentiment = np.asarray(sentiment, dtype=float)
    if flow.ndim != 1 or flow.shape != sentiment.shape:
        raise ValueError(
            f"flow and sentiment must be 1-D and of equal length, got {flow.shape} and "
            f"{sentiment.shape}."
        )
    m1 = _history(flow, PLANT["flow_weights"], PLANT["flow_phi"])
    m2 = _history(sentiment, PLANT["sentiment_weights"], PLANT["sentiment_phi"])
    mood = PLANT["flow_bias"] + np.tanh(PLANT["sentiment_gain"] * m2)
    signal = validate.non_negative_number(signal, "signal", hint="1 is the book's market")
    return PLANT["amplitude"] * signal * np.tanh(PLANT["flow_gain"] * m1) * mood


def add_trend(market: pd.DataFrame, drift: float = 0.0002) -> pd.DataFrame:
    """A copy of ``market`` whose price drifts upward by ``drift`` log points per day.

    Stock indices rise in the long run (0.0002 a day is about 5 % a year), so
    a price level seen in a later period often lies above everything seen
    before. The drift is known to everyone, so it is added to ``target`` and
    to ``oracle`` alike; ``volume``, ``flow`` and ``sentiment`` are unchanged.

    >>> market = make_market(300, seed=0)
    >>> trended = add_trend(market, drift=0.001)
    >>> float(trended["price"].iloc[0]), bool(
    ...     np.allclose(trended["target"] - market["target"], 0.001)
    ... )
    (100.0, True)
    >>> log_returns = lambda m: np.log(m["price"]).diff().iloc[1:]
    >>> bool(np.allclose(log_returns(trended), log_returns(market) + 0.001))
    True
    """
    _check_market(market)
    drift = validate.daily_drift(drift)
    out = market.copy()
    out["price"] = market["price"].to_numpy() * np.exp(drift * np.arange(len(market)))
    for column in ("target", "oracle"):
        if column in out:
            out[column] = market[column] + drift
    return out


def plant_crash(
    market: pd.DataFrame,
    day: int,
    *,
    log_return: float = -0.256,
    volume_factor: float = 4.0,
    flow: float | None = -20.0,
) -> pd.DataFrame:
    """A copy of ``market`` with one crash day at row position ``day``.

    On the crash day the price falls by ``log_return`` (-0.256 is the -22.6 %
    of the Dow Jones on 19 October 1987) and stays lower afterwards, volume is
    multiplied by ``volume_factor``, and order flow is set to ``flow`` (in
    units of its standard deviation; ``None`` leaves it alone). The crash is
    a surprise: it enters the target of the day before (the return from
    ``day - 1`` to ``day``), not that day's oracle. The planted formula still
    holds afterwards: the oracle of the crash day and of the next day is
    recomputed from the new flow, and their targets move with it, so ``target
    - oracle`` (the unpredictable noise) is unchanged on every other day.

    >>> market = make_market(300, seed=0)
    >>> crashed = plant_crash(market, 100)
    >>> float(np.log(crashed["price"] / market["price"]).iloc[100].round(3))
    -0.256
    >>> float(crashed["flow"].iloc[100]), float(
    ...     crashed["volume"].iloc[100] / market["volume"].iloc[100]
    ... )
    (-20.0, 4.0)
    >>> bool(np.allclose(crashed["price"].iloc[:100], market["price"].iloc[:100]))
    True
    """
    _check_market(market)
    day = validate.integer(
        day,
        "day",
        low=2,
        high=len(market) - 2,
        hint="a row position with days around the crash on both sides",
    )
    log_return = validate.number(log_return, "log_return")
    volume_factor = validate.positive_number(
        volume_factor, "volume_factor", hint="it multiplies the volume"
    )
    out = market.copy()
    out.iloc[day:, out.columns.get_loc("price")] *= np.exp(log_return)
    out.iloc[day, out.columns.get_loc("volume")] *= volume_factor
    if "target" in out:
        out.iloc[day - 1, out.columns.get_loc("target")] += log_return
    if flow is not None:
        out.iloc[day, out.columns.get_loc("flow")] = validate.number(flow, "flow")
        # The plant reads two days of flow: the oracle of the crash day and of the next day change
        # (by a difference of the formula, so that a drift added by add_trend is kept).
        rows = slice(day, day + 2)
        before = planted_oracle(market["flow"].to_numpy(), market["sentiment"].to_numpy())[rows]
        after = planted_oracle(out["flow"].to_numpy(), out["sentiment"].to_numpy())[rows]
        for column in ("oracle", "target"):
            if column in out:
                out.iloc[rows, out.columns.get_loc(column)] += after - before
    return out
