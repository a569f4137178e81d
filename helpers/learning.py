"""Learning curves against a known ceiling: a model's share of the oracle's edge as a function of
the number of training days, where two curves cross, and how many days reach a given share.

- **One cell of the grid** (:func:`curve_setup`): one long market per seed and signal strength,
  a fixed validation block and a fixed, long test block at its end; training takes the most
  recent ``n_train`` windows before the validation block, so every size is scored on the same
  test days. Optionally fewer features, or training windows pooled from several markets that
  share the same planted rule (other seeds of ``data.make_market``).
- **Summaries over seeds** (:func:`seed_summary`, :func:`prediction_interval`).
- **Crossings** (:func:`crossing`): where a curve first passes a level, interpolated in
  ``log n``; and a saturating curve (:func:`saturating`, :func:`fit_saturating`) to extrapolate
  beyond the grid, with a bootstrap over seeds (:func:`bootstrap_n_half`).
- **Resumable results** (:func:`completed`, :func:`append_row`, :func:`repair`): one CSV row per
  finished cell, written at once, so an interrupted run continues where it stopped.

Nothing here imports TensorFlow.

>>> crossing([1_000, 4_000], [0.2, 0.6], 0.5)  # doctest: +ELLIPSIS
Crossing(n=2828.4..., where='inside')
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, NamedTuple

import numpy as np
import pandas as pd
from scipy import optimize, stats

from . import baselines, data, scaling, settings, splits, validate
from . import windows as windows_

__all__ = [
    "MAX_TRAIN",
    "N_VAL",
    "N_TEST",
    "LOOKBACK",
    "RECIPE",
    "CurveSetup",
    "market_days",
    "pool_seeds",
    "curve_setup",
    "seed_summary",
    "prediction_interval",
    "Crossing",
    "crossing",
    "band_crossings",
    "saturating",
    "SaturatingFit",
    "fit_saturating",
    "bootstrap_n_half",
    "crossovers",
    "KEY",
    "key_of",
    "repair",
    "completed",
    "append_row",
    "progress_line",
]

# --------------------------------------------------------------------------- one cell of the grid

#: The book's grid (``benchmarks/learning_curves.py``): the longest training period, in windows
#: (days); the validation block that every size early-stops on; the test block that every size is
#: scored on (long, so that a weak signal's edge is measured precisely: a ruler, not data a
#: real market would give); the days in each window.
MAX_TRAIN = 128_000
N_VAL = 2_000
N_TEST = 40_000
LOOKBACK = 10
#: The grid's LSTM: chapter 1's sound recipe (``settings.SOUND``) with its epoch cap raised far
#: above what early stopping lets it reach, so that only early stopping ends training.
RECIPE = settings.SOUND.replace(epochs=500)


def market_days(max_train: int, n_val: int, n_test: int, lookback: int) -> int:
    """Days of market that give exactly ``max_train`` training windows, the gaps
    (``splits.min_gap(lookback)`` each), ``n_val`` validation and ``n_test`` test windows.

    >>> days = market_days(1_000, 200, 500, lookback=10)
    >>> days
    1729
    >>> s = splits.chronological(days - 10 + 1, lookback=10, val=200, test=500)
    >>> len(s.train)
    1000
    """
    for name, value in (("max_train", max_train), ("n_val", n_val), ("n_test", n_test)):
        validate.positive_int(value, name)
    gap = splits.min_gap(lookback)
    return max_train + n_val + n_test + 2 * gap + lookback - 1


def pool_seeds(seed: int, pool: int) -> tuple[int, ...]:
    """The market seeds whose training windows are pooled: ``seed`` first, then ``pool - 1``
    other seeds that no grid seed below 100 uses (``10_000 + 100 * seed + j``).

    >>> pool_seeds(2, 3)
    (2, 10201, 10202)
    """
    seed = validate.seed(seed)
    pool = validate.positive_int(pool, "pool")
    return (seed, *(10_000 + 100 * seed + j for j in range(1, pool)))


@functools.lru_cache(maxsize=6)
def _windows(
    seed: int, signal: float, n_days: int, lookback: int
) -> tuple[windows_.Windows, np.ndarray]:
    market = data.make_market(n_days, seed=seed, signal=signal)
    w = windows_.make_windows(data.stationary_features(market), market["target"], lookback)
    return w, market["oracle"].to_numpy()


@dataclass(frozen=True)
class CurveSetup:
    """One cell's data, scaled by a ``StandardScaler`` fit on its training windows only.

    ``oracle`` and ``naive`` are forecasts of ``y_test``: the planted expectation and the
    training windows' mean return. ``markets`` are the seeds the training windows came from.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    oracle: np.ndarray
    naive: np.ndarray
    feature_names: tuple[str, ...]
    markets: tuple[int, ...]


def curve_setup(
    seed: int,
    signal: float,
    n_train: int,
    *,
    max_train: int = MAX_TRAIN,
    n_val: int = N_VAL,
    n_test: int = N_TEST,
    lookback: int = LOOKBACK,
    features: Sequence[str] | None = None,
    pool: int = 1,
) -> CurveSetup:
    """The data of one cell of a learning-curve grid (by default the book's: :data:`MAX_TRAIN`,
    :data:`N_VAL`, :data:`N_TEST`, :data:`LOOKBACK`).

    The market (``data.make_market``, seed ``seed``, strength ``signal``) is
    :func:`market_days` long, whatever ``n_train``: its windows are split in time order
    (``splits.chronological``, gaps of ``splits.min_gap(lookback)``) into ``max_train``
    training windows, ``n_val`` validation and ``n_test`` test windows. The model trains on the
    last ``n_train`` training windows, so every ``n_train`` is validated and scored on the same
    days. ``features`` keeps only those columns of ``data.stationary_features`` (default: all).
    ``pool`` > 1 adds the last ``n_train`` training windows of ``pool - 1`` other markets
    (:func:`pool_seeds`) with the same planted rule and the same strength; validation and test
    stay those of market ``seed``.

    >>> c = curve_setup(0, 1.0, 300, max_train=1_000, n_val=200, n_test=500)
    >>> c.X_train.shape, c.X_val.shape, c.X_test.shape, c.naive.shape
    ((300, 10, 4), (200, 10, 4), (500, 10, 4), (500,))
    >>> bool(abs(c.X_train.mean()) < 1e-5)
    True
    >>> p = curve_setup(0, 1.0, 300, max_train=1_000, n_val=200, n_test=500, pool=2,
    ...                 features=("flow", "sentiment"))
    >>> p.X_train.shape, p.markets, bool(np.array_equal(p.y_test, c.y_test))
    ((600, 10, 2), (0, 10001), True)
    """
    n_train = validate.positive_int(n_train, "n_train")
    max_train = validate.positive_int(max_train, "max_train")
    if n_train > max_train:
        raise ValueError(f"n_train={n_train} exceeds max_train={max_train}.")
    signal = float(validate.non_negative_number(signal, "signal"))
    n_days = market_days(max_train, n_val, n_test, lookback)
    markets = pool_seeds(seed, pool)
    first, oracle = _windows(markets[0], signal, n_days, lookback)
    names = first.feature_names
    if features is None:
        columns = list(range(len(names)))
    else:
        unknown = [f for f in features if f not in names]
        if unknown or not features:
            raise ValueError(f"features must be some of {names}, got {tuple(features)}.")
        columns = [names.index(f) for f in features]
    split = splits.chronological(len(first), lookback=lookback, val=n_val, test=n_test)
    rows = split.train[-n_train:]
    X_parts = [first.X[rows][:, :, columns]]
    y_parts = [first.y[rows]]
    for other in markets[1:]:
        w, _ = _windows(other, signal, n_days, lookback)
        X_parts.append(w.X[rows][:, :, columns])
        y_parts.append(w.y[rows])
    X_train = np.concatenate(X_parts)
    y_train = np.concatenate(y_parts)
    scaler = scaling.fit_window_scaler(X_train)
    test = first.take(split.test)
    return CurveSetup(
        X_train=scaling.transform_windows(scaler, X_train),
        y_train=y_train,
        X_val=scaling.transform_windows(scaler, first.X[split.val][:, :, columns]),
        y_val=first.y[split.val],
        X_test=scaling.transform_windows(scaler, test.X[:, :, columns]),
        y_test=test.y,
        oracle=test.align(oracle),
        naive=baselines.naive_mean(y_train, n_test),
        feature_names=tuple(names[c] for c in columns),
        markets=markets,
    )


# --------------------------------------------------------------------------- summaries over seeds


def _t_half(values: np.ndarray, level: float, predict: bool) -> float:
    k = values.size
    if k < 2:
        return math.nan
    sd = float(values.std(ddof=1))
    scale = math.sqrt(1 + 1 / k) if predict else math.sqrt(1 / k)
    return float(stats.t.ppf(0.5 + level / 2, k - 1)) * sd * scale


def seed_summary(
    table: pd.DataFrame,
    value: str = "edge",
    by: Sequence[str] = ("model", "variant", "signal", "n_train"),
    level: float = 0.95,
) -> pd.DataFrame:
    """One row per group of ``by``: the mean of ``value`` over seeds, its t interval (``low``,
    ``high``: NaN with a single seed), and the number of ``seeds``.

    Each seed is its own market, training run and test block, so the interval carries all three
    sources of variation.

    >>> t = pd.DataFrame({"model": "m", "n_train": 10, "edge": [0.2, 0.4, 0.3]})
    >>> seed_summary(t, by=("model", "n_train")).round(3).to_dict("records")
    [{'model': 'm', 'n_train': 10, 'mean': 0.3, 'low': 0.052, 'high': 0.548, 'seeds': 3}]
    """
    missing = [c for c in (*by, value) if c not in table.columns]
    if missing:
        raise ValueError(f"table lacks the columns {missing}.")
    if not 0 < level < 1:
        raise ValueError(f"level must lie in (0, 1), got {level}.")
    rows = []
    for keys, group in table.groupby(list(by), sort=True):
        v = group[value].to_numpy(float)
        half = _t_half(v, level, predict=False)
        mean = float(v.mean())
        rows.append(
            {
                **dict(zip(by, keys, strict=True)),
                "mean": mean,
                "low": mean - half,
                "high": mean + half,
                "seeds": int(v.size),
            }
        )
    return pd.DataFrame(rows)


def prediction_interval(values: Iterable[float], level: float = 0.95) -> tuple[float, float]:
    """Where one more seed's value should fall: ``mean +- t * sd * sqrt(1 + 1/k)`` over the ``k``
    values (at least 2).

    >>> [round(x, 3) for x in prediction_interval([0.2, 0.4, 0.3])]
    [-0.197, 0.797]
    """
    v = np.asarray(list(values), dtype=float)
    if v.size < 2 or not np.isfinite(v).all():
        raise ValueError(f"need at least 2 finite values, got {v.tolist()}.")
    half = _t_half(v, level, predict=True)
    return float(v.mean() - half), float(v.mean() + half)


# --------------------------------------------------------------------------- crossings


class Crossing(NamedTuple):
    """Where a curve first passes a level: ``n`` (interpolated in ``log n``) when ``where`` is
    ``"inside"`` the grid; ``"below"`` if it is already past the level at the smallest ``n``;
    ``"beyond"`` if it never gets there within the grid (``n`` is then None); ``"unknown"`` where
    there is no curve to cross (a band over a single seed)."""

    n: float | None
    where: Literal["inside", "below", "beyond", "unknown"]


def crossing(
    n: Sequence[float],
    values: Sequence[float],
    level: float,
    direction: Literal["up", "down"] = "up",
    which: Literal["first", "last"] = "first",
) -> Crossing:
    """The ``n`` at which ``values`` rises to ``level`` (``direction="up"``) or falls to it
    (``"down"``), interpolated linearly in ``log n`` between the two grid points around it.

    ``which="first"`` finds the first time the curve gets there; ``"last"`` the crossing after
    which it stays there (after the last grid point short of the level), which a noisy curve
    that touches the level early and falls back again makes later, and more cautious.

    >>> crossing([100, 1_000, 10_000], [0.1, 0.3, 0.7], 0.5)  # doctest: +ELLIPSIS
    Crossing(n=3162.27..., where='inside')
    >>> crossing([100, 1_000], [0.6, 0.7], 0.5), crossing([100, 1_000], [0.1, 0.2], 0.5)
    (Crossing(n=100.0, where='below'), Crossing(n=None, where='beyond'))
    >>> crossing([100, 1_000], [0.3, -0.1], 0.0, direction="down").where
    'inside'
    >>> round(crossing([10, 100, 1e3, 1e4], [0.1, 0.6, 0.4, 0.9], 0.5, which="last").n)
    1585
    """
    x = np.asarray(n, dtype=float)
    v = np.asarray(values, dtype=float)
    if x.ndim != 1 or x.shape != v.shape or x.size == 0:
        raise ValueError(f"n and values must be 1-D and of equal length, got {x.shape}, {v.shape}.")
    if (x <= 0).any() or (np.diff(x) <= 0).any():
        raise ValueError("n must be positive and strictly increasing.")
    if not np.isfinite(v).all():
        raise ValueError("values hold NaN or infinity.")
    validate.one_of(direction, ("up", "down"), "direction")
    validate.one_of(which, ("first", "last"), "which")
    past = v >= level if direction == "up" else v <= level
    if which == "first":
        if past[0]:
            return Crossing(float(x[0]), "below")
        if not past.any():
            return Crossing(None, "beyond")
        i = int(np.argmax(past))
    else:
        if past.all():
            return Crossing(float(x[0]), "below")
        if not past[-1]:
            return Crossing(None, "beyond")
        i = int(np.flatnonzero(~past)[-1]) + 1
    lx = np.log(x[i - 1 : i + 1])
    share = (level - v[i - 1]) / (v[i] - v[i - 1])
    at = float(np.exp(lx[0] + share * (lx[1] - lx[0])))
    return Crossing(min(max(at, float(x[i - 1])), float(x[i])), "inside")  # round-off


def band_crossings(
    summary: pd.DataFrame,
    level: float,
    direction: Literal["up", "down"] = "up",
    which: Literal["first", "last"] = "last",
) -> dict[str, Crossing]:
    """Where a summarised curve (columns ``n_train, mean, low, high``, one row per ``n_train``)
    crosses ``level`` (:func:`crossing`, by default the ``"last"`` crossing): its ``mean``, and
    the two edges of its band. Rising, the ``high`` edge
    crosses first (the earliest ``n`` the data allow) and the ``low`` edge last (from there on
    the level is reached beyond the band's doubt). A band of NaN (one seed) gives
    ``Crossing(None, "unknown")``.

    >>> s = pd.DataFrame({"n_train": [1e2, 1e3, 1e4], "mean": [0.1, 0.4, 0.8],
    ...                   "low": [0.0, 0.2, 0.6], "high": [0.2, 0.6, 1.0]})
    >>> {k: round(c.n) for k, c in band_crossings(s, 0.5).items()}
    {'mean': 1778, 'early': 562, 'late': 5623}
    """
    s = summary.sort_values("n_train")
    early, late = ("high", "low") if direction == "up" else ("low", "high")
    out = {}
    for part, column in (("mean", "mean"), ("early", early), ("late", late)):
        if s[column].isna().any():  # a single seed has no band
            out[part] = Crossing(None, "unknown")
        else:
            out[part] = crossing(s["n_train"], s[column], level, direction, which)
    return out


def saturating(n: np.ndarray | float, n_half: float, slope: float) -> np.ndarray:
    """A learning curve that rises from 0 to the oracle's edge (1): ``1 / (1 + (n_half/n)**slope)``.

    It is 0.5 at ``n_half``, and a straight line of ``slope`` in the log-odds of ``log n``.

    >>> saturating(np.array([100.0, 400.0]), n_half=200.0, slope=1.0).round(3).tolist()
    [0.333, 0.667]
    """
    n = np.asarray(n, dtype=float)
    return 1.0 / (1.0 + (n_half / n) ** slope)


class SaturatingFit(NamedTuple):
    """The least-squares :func:`saturating` curve of a learning curve."""

    n_half: float
    slope: float


def fit_saturating(n: Sequence[float], fraction: Sequence[float]) -> SaturatingFit:
    """Fit :func:`saturating` to ``(n, fraction)`` points by least squares (in ``log n_half`` and
    ``log slope``, so both stay positive).

    >>> x = np.array([250.0, 1e3, 4e3, 16e3, 64e3])
    >>> f = fit_saturating(x, saturating(x, 8_000.0, 0.7))
    >>> round(f.n_half), round(f.slope, 3)
    (8000, 0.7)
    """
    x = np.asarray(n, dtype=float)
    y = np.asarray(fraction, dtype=float)
    if x.ndim != 1 or x.shape != y.shape or x.size < 3:
        raise ValueError("need at least 3 (n, fraction) points of equal length.")
    if (x <= 0).any() or not np.isfinite(y).all():
        raise ValueError("n must be positive and fraction finite.")

    def model(logn: np.ndarray, log_half: float, log_slope: float) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(np.exp(log_slope) * (log_half - logn)))

    start = (float(np.log(np.median(x))), 0.0)
    (log_half, log_slope), _ = optimize.curve_fit(model, np.log(x), y, p0=start, maxfev=20_000)
    return SaturatingFit(float(np.exp(log_half)), float(np.exp(log_slope)))


def bootstrap_n_half(
    by_seed: pd.DataFrame, reps: int = 1000, level: float = 0.95, seed: int = 0
) -> tuple[float, float, float]:
    """The fitted ``n_half`` of the seeds' mean curve, and a percentile interval from resampling
    the seeds with replacement and refitting.

    ``by_seed`` has one row per seed and one column per ``n_train`` (NaN where a seed did not
    run that size; those are left out of that size's mean).

    >>> x = np.array([250.0, 1e3, 4e3, 16e3, 64e3])
    >>> rng = np.random.default_rng(0)
    >>> t = pd.DataFrame([saturating(x, 8e3, 0.7) + rng.normal(0, 0.03, 5) for _ in range(5)],
    ...                  columns=x)
    >>> point, low, high = bootstrap_n_half(t, reps=200)
    >>> bool(low < 8e3 < high), bool(low < point < high)
    (True, True)
    """
    if by_seed.shape[0] < 2 or by_seed.shape[1] < 3:
        raise ValueError("need at least 2 seeds (rows) and 3 sizes (columns).")
    reps = validate.positive_int(reps, "reps")
    n = by_seed.columns.to_numpy(float)
    values = by_seed.to_numpy(float)
    point = fit_saturating(n, np.nanmean(values, axis=0)).n_half
    rng = np.random.default_rng(validate.seed(seed))
    fits = []
    for _ in range(reps):
        sample = values[rng.integers(0, len(values), len(values))]
        mean = np.nanmean(sample, axis=0) if np.isfinite(sample).any(axis=0).all() else None
        if mean is None:
            continue
        try:
            fits.append(fit_saturating(n, mean).n_half)
        except RuntimeError:  # no convergence on this resample
            continue
    tail = (1 - level) / 2
    low, high = np.quantile(fits, [tail, 1 - tail])
    return float(point), float(low), float(high)


def _columns(name: str, found: Mapping[str, Crossing]) -> dict[str, object]:
    out: dict[str, object] = {}
    for part, c in found.items():
        column = name if part == "mean" else f"{name}_{part}"
        out[column] = math.nan if c.n is None else c.n
        out[f"{column}_where"] = c.where
    return out


def crossovers(results: pd.DataFrame, level: float = 0.5, reps: int = 1000) -> pd.DataFrame:
    """One row per signal strength of a results table (the ``sound`` rows of ``lstm`` and
    ``ridge``): where the LSTM overtakes ridge, and how many training days the LSTM needs to
    capture ``level`` of the oracle's edge.

    Columns: ``signal``, ``oracle_accuracy`` (mean over the test blocks); ``overtake`` (the
    ``n_train`` after which the seeds' mean of ``lstm - ridge`` stays above 0, from the
    ``"last"`` :func:`crossing`) with ``overtake_early`` and ``overtake_late`` from the edges of
    its t band over seeds (below ``overtake_early`` ridge is ahead beyond doubt; above
    ``overtake_late`` the LSTM is); ``half``, ``half_early``, ``half_late``: the same for the
    LSTM's own curve reaching ``level``; each with a ``*_where`` column (``inside``, ``below``,
    ``beyond`` the grid; the value is NaN when ``beyond``). ``fit_half``, ``fit_low``,
    ``fit_high``: the ``n_half`` of :func:`fit_saturating` on the LSTM's seed-mean curve and its
    seed-bootstrap interval (:func:`bootstrap_n_half`), the extrapolation when the data stop
    short (it assumes the curve keeps its shape up to the oracle, 1).
    """
    needed = [*KEY, "edge", "oracle_accuracy"]
    missing = [c for c in needed if c not in results.columns]
    if missing:
        raise ValueError(f"results lack the columns {missing}.")
    main = results[results["variant"] == "sound"]
    rows = []
    for signal, g in main.groupby("signal", sort=False):
        lstm = g[g["model"] == "lstm"].set_index(["seed", "n_train"])["edge"]
        ridge = g[g["model"] == "ridge"].set_index(["seed", "n_train"])["edge"]
        gap = (lstm - ridge).dropna().rename("edge").reset_index()
        ahead = band_crossings(seed_summary(gap, by=("n_train",)), 0.0)
        half = band_crossings(seed_summary(g[g["model"] == "lstm"], by=("n_train",)), level)
        by_seed = g[g["model"] == "lstm"].pivot(index="seed", columns="n_train", values="edge")
        try:
            fit = bootstrap_n_half(by_seed, reps=reps)
        except (RuntimeError, ValueError):
            fit = (math.nan, math.nan, math.nan)
        rows.append(
            {
                "signal": float(signal),
                "oracle_accuracy": float(g["oracle_accuracy"].mean()),
                **_columns("overtake", ahead),
                **_columns("half", half),
                "fit_half": fit[0],
                "fit_low": fit[1],
                "fit_high": fit[2],
            }
        )
    return pd.DataFrame(rows).sort_values("signal", ascending=False, ignore_index=True)


# --------------------------------------------------------------------------- resumable results

#: The columns that name one finished cell of a grid.
KEY: tuple[str, ...] = ("model", "variant", "signal", "n_train", "seed")


def key_of(row: Mapping[str, object]) -> tuple[str, str, float, int, int]:
    """A row's :data:`KEY`, with the types a CSV round trip gives back.

    >>> key_of({"model": "ridge", "variant": "sound", "signal": "0.1", "n_train": "500.0",
    ...         "seed": 2, "edge": 0.3})
    ('ridge', 'sound', 0.1, 500, 2)
    """
    return (
        str(row["model"]),
        str(row["variant"]),
        round(float(row["signal"]), 6),
        int(float(row["n_train"])),
        int(float(row["seed"])),
    )


def repair(path: str | os.PathLike[str]) -> int:
    """Cut a results file back to its last complete line (a run killed mid-write leaves a partial
    one); return the number of bytes removed.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "r.csv"
    >>> _ = p.write_text("a,b\\n1,2\\n3,")
    >>> repair(p), p.read_text()
    (2, 'a,b\\n1,2\\n')
    """
    path = Path(path)
    if not path.is_file():
        return 0
    text = path.read_bytes()
    keep = text.rfind(b"\n") + 1
    if keep < len(text):
        with open(path, "r+b") as f:
            f.truncate(keep)
    return len(text) - keep


def completed(path: str | os.PathLike[str]) -> set[tuple[str, str, float, int, int]]:
    """The :func:`key_of` of every row already in the results file (an empty set if none)."""
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        return set()
    table = pd.read_csv(path)
    missing = [c for c in KEY if c not in table.columns]
    if missing:
        raise ValueError(f"{path} lacks the columns {missing}: is it a results file?")
    return {key_of(row) for row in table.to_dict("records")}


def append_row(
    path: str | os.PathLike[str], row: Mapping[str, object], columns: Sequence[str]
) -> None:
    """Append one row (in the order of ``columns``) to the CSV at ``path`` in one write, with a
    header if the file is new, and flush it to disk.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "r.csv"
    >>> for seed in (0, 1):
    ...     append_row(p, {"model": "ridge", "variant": "sound", "signal": 0.1, "n_train": 500,
    ...                    "seed": seed, "edge": 0.25}, (*KEY, "edge"))
    >>> sorted(completed(p))
    [('ridge', 'sound', 0.1, 500, 0), ('ridge', 'sound', 0.1, 500, 1)]
    """
    missing = [c for c in columns if c not in row]
    if missing:
        raise ValueError(f"row lacks the columns {missing}.")
    path = Path(path)
    new = not path.is_file() or path.stat().st_size == 0
    line = pd.DataFrame([{c: row[c] for c in columns}]).to_csv(index=False, header=new)
    with open(path, "a", encoding="utf-8") as f:
        f.write(line)
        f.flush()
        os.fsync(f.fileno())


def progress_line(done: int, total: int, seconds: float, label: str = "", width: int = 24) -> str:
    """A one-line progress bar with the time spent and a naive estimate of the time left.

    >>> progress_line(5, 20, 60.0, "ridge")
    '[######..................]   5/20  25%  1.0 min, ~3.0 min left  ridge'
    """
    total = validate.positive_int(total, "total")
    if not 0 <= done <= total:
        raise ValueError(f"done must lie in [0, {total}], got {done}.")
    filled = round(width * done / total)
    left = seconds / done * (total - done) / 60 if done else math.nan
    return (
        f"[{'#' * filled}{'.' * (width - filled)}] {done:3d}/{total}"
        f" {100 * done / total:3.0f}%  {seconds / 60:.1f} min, ~{left:.1f} min left  {label}"
    ).rstrip()
