"""Data generators and pipeline pieces for the held-out doctor cases (tests/heldout_pipelines.py).

Written independently of helpers/doctor.py, helpers/pipelines.py and the book's market generator:
nothing here is imported from ``helpers``. Every generator takes a ``numpy.random.Generator``.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

# ------------------------------------------------------------------------------------------------
# Generators
# ------------------------------------------------------------------------------------------------


def student_t(rng: np.random.Generator, n: int, nu: float = 5.0) -> np.ndarray:
    """Student-t shocks rescaled to unit variance."""
    return rng.standard_t(nu, size=n) * np.sqrt((nu - 2.0) / nu)


def garch_t_returns(
    rng: np.random.Generator,
    n: int,
    *,
    omega: float = 2e-6,
    alpha: float = 0.08,
    beta: float = 0.9,
    nu: float = 5.0,
    burn: int = 500,
) -> tuple[np.ndarray, np.ndarray]:
    """Daily log returns from a GARCH(1,1) with Student-t shocks, and their conditional sd.

    Unconditional sd = sqrt(omega / (1 - alpha - beta)) = 1% a day with the defaults.
    """
    z = student_t(rng, n + burn, nu)
    var = np.empty(n + burn)
    r = np.empty(n + burn)
    var[0] = omega / (1.0 - alpha - beta)
    r[0] = np.sqrt(var[0]) * z[0]
    for t in range(1, n + burn):
        var[t] = omega + alpha * r[t - 1] ** 2 + beta * var[t - 1]
        r[t] = np.sqrt(var[t]) * z[t]
    return r[burn:], np.sqrt(var[burn:])


def ar1_returns(
    rng: np.random.Generator, n: int, phi: float, *, sigma: float = 0.01, nu: float = 6.0
) -> np.ndarray:
    """Returns with a planted AR(1) signal: r_t = phi r_{t-1} + e_t, e_t Student-t.

    The best one-step forecast is phi r_{t-1}; its sign hit rate is 1/2 + arcsin(phi)/pi with
    Gaussian shocks (0.58 for phi = 0.25, 0.60 for 0.3, 0.70 for 0.6), about 0.01 more with
    these t(6) shocks.
    """
    e = sigma * np.sqrt(1.0 - phi**2) * student_t(rng, n + 200, nu)
    r = np.empty(n + 200)
    r[0] = e[0]
    for t in range(1, n + 200):
        r[t] = phi * r[t - 1] + e[t]
    return r[200:]


def exogenous_signal(
    rng: np.random.Generator, n: int, *, strength: float = 0.35, sigma: float = 0.01
) -> tuple[np.ndarray, np.ndarray]:
    """An observable indicator z (AR(1), 0.5) and returns that depend on it NONLINEARLY.

    r_{t+1} = sigma * (strength * tanh(2 z_t) + e_{t+1}): a saturating response (a large
    imbalance says no more than a moderate one). Returns (z, r) aligned so that z[t] predicts
    r[t + 1].
    """
    z = np.empty(n)
    z[0] = rng.normal()
    shocks = rng.normal(size=n) * np.sqrt(1 - 0.25)
    for t in range(1, n):
        z[t] = 0.5 * z[t - 1] + shocks[t]
    r = np.empty(n)
    r[0] = sigma * student_t(rng, 1, 6.0)[0]
    r[1:] = sigma * (strength * np.tanh(2.0 * z[:-1]) + student_t(rng, n - 1, 6.0))
    return z, r


def exogenous_signal_corr(strength: float = 0.35, draws: int = 400_000) -> float:
    """Population correlation between z_t and r_{t+1} in ``exogenous_signal`` (Monte Carlo with a
    fixed seed; the only linear association the planted signal allows).
    """
    rng = np.random.default_rng(12345)
    z = rng.normal(size=draws)
    r = strength * np.tanh(2.0 * z) + rng.normal(size=draws)
    return float(np.corrcoef(z, r)[0, 1])


def trending_price(
    rng: np.random.Generator, n: int, *, drift: float = 0.0009, vol: float = 0.01, p0: float = 20.0
) -> np.ndarray:
    """A price with a strong upward trend (log drift 0.09% a day: x10 in ~2,600 days)."""
    r = drift + vol * student_t(rng, n, 5.0)
    return p0 * np.exp(np.cumsum(r))


def random_walk_price(
    rng: np.random.Generator, n: int, *, p0: float = 60.0, step: float = 0.6
) -> np.ndarray:
    """An arithmetic random walk (persistence is the best forecast of tomorrow's price)."""
    p = p0 + np.cumsum(step * student_t(rng, n, 5.0))
    # Keep it positive without changing its increments' distribution much: reflect at 5.
    return np.abs(p - 5.0) + 5.0


def volume_series(
    rng: np.random.Generator,
    returns: np.ndarray,
    *,
    level: float = 1.2e6,
    growth: float = 0.0,
    noise: float = 0.25,
) -> np.ndarray:
    """Daily traded volume: log-AR(1) around log(level), higher on big-move days; ``growth`` is
    a log trend per day (0.001 = x2.7 over 1,000 days).
    """
    n = len(returns)
    u = np.empty(n)
    u[0] = 0.0
    eps = noise * rng.normal(size=n)
    for t in range(1, n):
        u[t] = 0.7 * u[t - 1] + eps[t]
    big = np.abs(returns) / (np.std(returns) + 1e-12)
    return level * np.exp(u + 0.15 * big + growth * np.arange(n))


def event_sequences(
    rng: np.random.Generator,
    n_seq: int,
    *,
    median_len: float = 24.0,
    min_len: int = 5,
    max_len: int = 120,
    last_k: int = 3,
    strength: float = 1.2,
) -> tuple[list[np.ndarray], np.ndarray]:
    """Intraday-like sessions: variable-length sequences of events (return in bp, log size).

    The label is 1 when the return AFTER the session is positive; that return continues the
    move of the session's LAST ``last_k`` events (correlation strength / sqrt(1 + strength^2)
    with their summed return: a hit rate of 0.5 + arcsin(0.77) / pi = 0.78 for 1.2). The
    information sits at the END of each sequence: what pre-padding keeps and post-truncation
    cuts. Sizes carry no information.
    """
    lengths = np.clip(
        np.round(median_len * np.exp(0.55 * rng.normal(size=n_seq))), min_len, max_len
    ).astype(int)
    sequences, flows = [], np.empty(n_seq)
    for i, length in enumerate(lengths):
        ret_bp = 3.0 * student_t(rng, length, 4.0)
        log_size = 4.0 + 0.8 * rng.normal(size=length)
        seq = np.column_stack([ret_bp, log_size]).astype(np.float32)
        sequences.append(seq)
        flows[i] = np.sum(seq[-last_k:, 0].astype(float))
    after = strength * flows / flows.std() + rng.normal(size=n_seq)
    return sequences, (after > 0).astype(np.float32)


@functools.cache
def sp500() -> pd.DataFrame:
    """The real S&P 500 shipped with ``arch`` (offline): Adj Close, Volume and log returns."""
    from arch.data import sp500 as data

    df = data.load()[["Adj Close", "Volume"]].astype(float)
    df["ret"] = np.log(df["Adj Close"]).diff()
    return df.iloc[1:]


# ------------------------------------------------------------------------------------------------
# Windows, splits, scaling
# ------------------------------------------------------------------------------------------------


def last_days(n_days: int, lookback: int, horizon: int) -> np.ndarray:
    """Positions of the last input day of every window whose target is inside the series."""
    return np.arange(lookback - 1, n_days - horizon)


def windows(features: np.ndarray, days: np.ndarray, lookback: int) -> np.ndarray:
    """(samples, lookback, features) windows ending on ``days``."""
    features = np.asarray(features, dtype=np.float32)
    if features.ndim == 1:
        features = features[:, None]
    idx = days[:, None] + np.arange(-lookback + 1, 1)[None, :]
    return features[idx]


def next_values(series: np.ndarray, days: np.ndarray, horizon: int = 1) -> np.ndarray:
    """The value ``horizon`` days after each day."""
    return np.asarray(series, dtype=np.float32)[days + horizon]


def forward_sum(series: np.ndarray, days: np.ndarray, horizon: int) -> np.ndarray:
    """Sum of the ``horizon`` values after each day (a forward multi-day return)."""
    c = np.concatenate([[0.0], np.cumsum(series)])
    return (c[days + horizon + 1] - c[days + 1]).astype(np.float32)


def forward_path(series: np.ndarray, days: np.ndarray, horizon: int) -> np.ndarray:
    """The ``horizon`` values after each day, one column per step: shape (n, horizon)."""
    idx = days[:, None] + np.arange(1, horizon + 1)[None, :]
    return np.asarray(series, dtype=np.float32)[idx]


def chrono_split(
    days: np.ndarray,
    lookback: int,
    horizon: int,
    fractions: tuple[float, ...] = (0.6, 0.2, 0.2),
    *,
    purge: bool = True,
) -> list[np.ndarray]:
    """Chronological blocks of window positions (train, [val,] test) with a purge gap of
    lookback + horizon - 1 windows between consecutive blocks (none when ``purge`` is False).
    """
    n = len(days)
    gap = lookback + horizon - 1 if purge else 0
    usable = n - gap * (len(fractions) - 1)
    sizes = [int(usable * f) for f in fractions]
    sizes[-1] = usable - sum(sizes[:-1])
    blocks, start = [], 0
    for size in sizes:
        blocks.append(np.arange(start, start + size))
        start += size + gap
    return blocks


def standardise_on(values: np.ndarray, fit_rows: np.ndarray) -> tuple[np.ndarray, dict]:
    """Per-column standardisation with the mean and sd of ``fit_rows`` only."""
    values = np.asarray(values, dtype=float)
    one_d = values.ndim == 1
    if one_d:
        values = values[:, None]
    mean = values[fit_rows].mean(axis=0)
    sd = values[fit_rows].std(axis=0)
    out = (values - mean) / sd
    return (out[:, 0] if one_d else out), {"mean": mean, "sd": sd}


def business_days(n: int, start: str = "2006-01-02") -> pd.DatetimeIndex:
    return pd.bdate_range(start, periods=n)


def pad(
    sequences: list[np.ndarray],
    maxlen: int,
    *,
    padding: str = "pre",
    truncating: str = "pre",
    dtype: str = "float32",
) -> np.ndarray:
    """keras.utils.pad_sequences, as a practitioner calls it."""
    from keras.utils import pad_sequences

    return pad_sequences(
        sequences, maxlen=maxlen, padding=padding, truncating=truncating, dtype=dtype
    )
