"""Leak detectors: does a feature see the future, does a split leak, is a score too good to be true?

A leak lets information that will not exist at prediction time reach the
model or its evaluation, so the reported score overstates what the model will
deliver (Kapoor and Narayanan, 2023, *Patterns*). The checks here are cheap and generic:

- :func:`lookahead_rows` and :func:`check_no_lookahead` recompute a feature
  with the later rows removed: a feature that uses only the past does not
  change; one that peeks ahead (a centred rolling mean, a ``shift(-1)``, a
  statistic of the whole series) does.
- :func:`as_of` rebuilds a feature as it would have been known on each day,
  to score a model on the values it would really receive.
- :func:`neighbour_labels` is the simplest "model" of a shuffled split of
  overlapping windows: copy the labels of the training windows next door.
- :func:`check_below_oracle` uses the book's known ceiling: no honest forecast
  beats the oracle on the same samples (by more than sampling noise).
- :func:`rule_accuracy` scores many candidate rules at once, to measure how
  much choosing the best of them on a test set flatters the winner.
- :func:`reported_and_future` puts the score a developer reports next to the
  score on the true future; :func:`gain_interval` gives a score's sampling noise, so that
  "the future confirms the report" can be tested against an interval.

Overlap between training and test windows is checked in :mod:`helpers.splits`
(:func:`~helpers.splits.check_no_overlap`, :func:`~helpers.splits.overlap_mask`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from . import metrics, validate
from .windows import check_finite

__all__ = [
    "lookahead_rows",
    "check_no_lookahead",
    "as_of",
    "neighbour_labels",
    "check_below_oracle",
    "rule_accuracy",
    "reported_and_future",
    "gain_interval",
    "confirms",
]

#: A feature builder: takes rows of data (oldest first) and returns one value per row.
FeatureFn = Callable[[pd.DataFrame | pd.Series], pd.DataFrame | pd.Series]


def _check_source(source: object) -> pd.DataFrame | pd.Series:
    if not isinstance(source, (pd.DataFrame, pd.Series)):
        raise TypeError(
            "source must be a pandas DataFrame or Series (one row per day), got "
            f"{type(source).__name__}."
        )
    return source


def _frame(values: object, n_rows: int) -> pd.DataFrame:
    """The output of a feature builder as a DataFrame, checked to have one row per input row."""
    if isinstance(values, pd.Series):
        values = values.to_frame(name=values.name if values.name is not None else "feature")
    if not isinstance(values, pd.DataFrame):
        raise TypeError(
            f"make_features must return a pandas Series or DataFrame, got {type(values).__name__}."
        )
    if len(values) != n_rows:
        raise ValueError(
            f"make_features returned {len(values)} rows for {n_rows} input rows; it must return "
            "one row per day (fill or keep NaN where a value is undefined, do not drop rows)."
        )
    return values


def _cuts(n_rows: int, n_cuts: int) -> np.ndarray:
    validate.positive_int(n_cuts, "n_cuts", hint="cut points to try")
    if n_rows < 10:
        raise ValueError(
            f"source has {n_rows} rows; pass at least 10 so that cuts can be made inside it."
        )
    return np.unique(np.linspace(n_rows // 2, n_rows - 2, int(n_cuts)).astype(int))


def lookahead_rows(
    make_features: FeatureFn,
    source: pd.DataFrame | pd.Series,
    *,
    n_cuts: int = 5,
    atol: float = 1e-9,
) -> pd.Series:
    """How many rows ahead each feature looks: 0 for a feature built from the past and present only.

    The features are computed once on all of ``source``, then again on
    ``source`` cut after row ``c`` for ``n_cuts`` cut points in its second
    half. A value at row ``r <= c`` that changes when the rows after ``c`` are
    removed used the future. The result, per feature, is the largest
    ``c - r + 1`` over the changed values: ``1`` for a ``shift(-1)``, ``k`` for
    a centred rolling window of width ``2k + 1``, and about the whole history
    for a statistic of the whole series (a scaler fit on everything). NaN
    counts as equal to NaN.

    Parameters
    ----------
    make_features : callable
        Takes rows of ``source`` (a DataFrame or Series, oldest first) and
        returns a Series or DataFrame with one row per input row.
    source : pandas.DataFrame or pandas.Series
        The raw data, one row per day, at least 10 rows.
    n_cuts : int
        Cut points to try; more catch look-aheads that only act now and then.
    atol : float
        Absolute tolerance for "changed".

    Examples
    --------
    >>> s = pd.Series(np.arange(40.0) ** 2 % 7)
    >>> lookahead_rows(lambda x: x.rolling(3).mean(), s).tolist()
    [0]
    >>> lookahead_rows(lambda x: x.shift(-1), s).tolist()
    [1]
    >>> lookahead_rows(lambda x: x.rolling(5, center=True, min_periods=1).mean(), s).tolist()
    [2]
    >>> int(lookahead_rows(lambda x: x - x.mean(), s).iloc[0]) > 20  # the mean of the whole series
    True
    """
    source = _check_source(source)
    full = _frame(make_features(source), len(source))
    reach = pd.Series(0, index=full.columns.astype(str), dtype=int, name="lookahead_rows")
    for cut in _cuts(len(source), n_cuts):
        part = _frame(make_features(source.iloc[: cut + 1]), cut + 1)
        if list(part.columns) != list(full.columns):
            raise ValueError(
                "make_features returned different columns for fewer rows; it must always return "
                "the same ones."
            )
        a = full.iloc[: cut + 1].to_numpy(dtype=float)
        b = part.to_numpy(dtype=float)
        same = np.isclose(a, b, atol=atol, rtol=0.0) | (np.isnan(a) & np.isnan(b))
        for j, column in enumerate(reach.index):
            changed = np.flatnonzero(~same[:, j])
            if changed.size:
                reach[column] = max(int(reach[column]), int(cut - changed[0] + 1))
    return reach


def check_no_lookahead(
    make_features: FeatureFn,
    source: pd.DataFrame | pd.Series,
    *,
    n_cuts: int = 5,
    atol: float = 1e-9,
) -> None:
    """Raise ``ValueError`` naming every feature that changes when later rows are removed.

    See :func:`lookahead_rows`. Passing is evidence, not proof: a feature can
    peek ahead only on some days; more ``n_cuts`` look at more of them.

    >>> s = pd.Series(np.arange(40.0) ** 2 % 7)
    >>> check_no_lookahead(lambda x: x.diff(), s)
    >>> check_no_lookahead(lambda x: x.shift(-1), s)
    Traceback (most recent call last):
    ...
    ValueError: features that use the future: {'feature': 1} (rows ahead). ...
    """
    reach = lookahead_rows(make_features, source, n_cuts=n_cuts, atol=atol)
    bad = {str(name): int(rows) for name, rows in reach.items() if rows > 0}
    if bad:
        raise ValueError(
            f"features that use the future: {bad} (rows ahead). Build each value from its own and "
            "earlier rows only (rolling windows without center=True, shift(k) with k >= 0, "
            "statistics fit on the training period)."
        )


def as_of(
    make_features: FeatureFn,
    source: pd.DataFrame | pd.Series,
    ends: np.ndarray,
    *,
    lookback: int,
    history: int | None = None,
) -> np.ndarray:
    """Windows of features as they would have been known on each window's last day.

    For every row position ``t`` in ``ends``, ``make_features`` is run on the
    ``history`` rows of ``source`` up to and including ``t`` (nothing after
    it), and the last ``lookback`` rows are kept. A feature that uses only the
    past gives exactly the windows computed from all the data; a feature that
    peeks ahead gives what a live system would really have fed the model.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(ends), lookback, n_features)``, float32, the layout of
        :class:`helpers.windows.Windows`.

    Notes
    -----
    One call of ``make_features`` per window (about 0.2 ms for a rolling
    mean of one column): cheap for thousands of windows of a light feature.

    >>> s = pd.Series(np.arange(10.0))
    >>> centred = lambda x: x.rolling(3, center=True, min_periods=1).mean()
    >>> centred(s).to_numpy()[4:7].tolist()  # with the future: rows 4-6 see rows 5-7
    [4.0, 5.0, 6.0]
    >>> # live on day 6: row 6 cannot see row 7
    >>> as_of(centred, s, np.array([6]), lookback=3)[0, :, 0].tolist()
    [4.0, 5.0, 5.5]
    """
    source = _check_source(source)
    validate.positive_int(lookback, "lookback", hint="days per window")
    history = int(lookback) + 50 if history is None else history
    validate.integer(history, "history", low=int(lookback), hint="at least lookback")
    ends = np.asarray(ends)
    if ends.ndim != 1 or ends.size == 0 or not np.issubdtype(ends.dtype, np.integer):
        raise ValueError("ends must be a non-empty 1-D array of row positions (Windows.ends).")
    if ends.min() < lookback - 1 or ends.max() >= len(source):
        raise ValueError(
            f"ends must lie in [{lookback - 1}, {len(source) - 1}] so that each window fits in "
            "source."
        )
    out = []
    for t in ends.tolist():
        rows = source.iloc[max(0, t - int(history) + 1) : t + 1]
        out.append(
            _frame(make_features(rows), len(rows)).to_numpy(dtype=np.float64)[-int(lookback) :]
        )
    X = np.stack(out).astype(np.float32)
    check_finite("the as-of features", X)
    return X


def neighbour_labels(
    train_ends: np.ndarray, y_train: np.ndarray, test_ends: np.ndarray, *, max_distance: int = 1
) -> np.ndarray:
    """For each test window, the mean label of the training windows that end within ``max_distance``
    days of it.

    With overlapping targets, a neighbour's label shares most of its days
    with the test window's own label, so this needs no features and no model
    at all; on a shuffled split it can score far above the oracle. On a split
    that respects time there are no training neighbours: every value is NaN.

    >>> train_ends, y_train = np.array([1, 2, 4, 9]), np.array([10.0, 20.0, 40.0, 90.0])
    >>> neighbour_labels(train_ends, y_train, np.array([3, 6]))
    array([30., nan])
    """
    train_ends = np.asarray(train_ends, dtype=int)
    y_train = np.asarray(y_train, dtype=float)
    test_ends = np.asarray(test_ends, dtype=int)
    if train_ends.ndim != 1 or train_ends.shape != y_train.shape or train_ends.size == 0:
        raise ValueError(
            "train_ends and y_train must be non-empty 1-D arrays of equal length, got "
            f"{train_ends.shape} and {y_train.shape}."
        )
    if test_ends.ndim != 1 or test_ends.size == 0:
        raise ValueError("test_ends must be a non-empty 1-D array of window ends.")
    validate.positive_int(max_distance, "max_distance", hint="days")
    check_finite("y_train", y_train)
    order = np.argsort(train_ends, kind="stable")
    ends, y = train_ends[order], y_train[order]
    cumulative = np.concatenate([[0.0], np.cumsum(y)])
    lo = np.searchsorted(ends, test_ends - max_distance, side="left")
    hi = np.searchsorted(ends, test_ends + max_distance, side="right")
    count = hi - lo
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, (cumulative[hi] - cumulative[lo]) / np.maximum(count, 1), np.nan)


_METRICS = {"r2": metrics.r2, "accuracy": metrics.directional_accuracy}


def check_below_oracle(
    y_true: np.ndarray,
    y_hat: np.ndarray,
    oracle: np.ndarray,
    *,
    metric: str = "r2",
    tolerance: float = 0.0,
) -> None:
    """Raise ``ValueError`` if ``y_hat`` beats the oracle on the same samples by more than
    ``tolerance``.

    The oracle is the best forecast possible on average; an honest model can
    beat it on a finite sample only by luck, by a margin of the order of the
    sampling noise. A forecast far above it has seen something it should not.
    ``metric`` is ``"r2"`` or ``"accuracy"`` (directional).

    >>> y = np.array([1.0, -1.0, 2.0, -2.0])
    >>> check_below_oracle(y, 0.5 * y, oracle=y)
    >>> check_below_oracle(y, y, oracle=0.1 * y)
    Traceback (most recent call last):
    ...
    ValueError: the forecast's r2 (1.000) beats the oracle's (0.190) on the same samples by 0.810...
    """
    validate.one_of(metric, sorted(_METRICS), "metric")
    validate.non_negative_number(tolerance, "tolerance")
    score = _METRICS[metric](y_true, y_hat)
    ceiling = _METRICS[metric](y_true, oracle)
    if score > ceiling + tolerance:
        raise ValueError(
            f"the forecast's {metric} ({score:.3f}) beats the oracle's ({ceiling:.3f}) on the same "
            f"samples by {score - ceiling:.3f}; no honest model does that beyond sampling noise. "
            "Look for a leak: overlapping windows on both sides of the split, a feature that sees "
            "the future, a test set used for tuning."
        )


def rule_accuracy(
    X: np.ndarray, weights: np.ndarray, y: np.ndarray, *, chunk: int = 1000
) -> np.ndarray:
    """Directional accuracy of many linear sign rules at once, one per column of ``weights``.

    Rule ``j`` forecasts "up" when ``X @ weights[:, j] > 0``. ``X`` is 2-D
    (samples, inputs), for example flattened windows; the rules are scored
    ``chunk`` at a time, so that tens of thousands fit in memory.

    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]])
    >>> rule_accuracy(X, np.array([[1.0, -1.0], [0.0, 0.0]]), np.array([0.5, -0.1, -0.2])).tolist()
    [1.0, 0.3333333333333333]
    """
    X = np.asarray(X, dtype=np.float32)
    weights = np.asarray(weights, dtype=np.float32)
    y = np.asarray(y, dtype=float)
    if X.ndim != 2 or weights.ndim != 2 or X.shape[1] != weights.shape[0]:
        raise ValueError(
            "X must be (samples, inputs) and weights (inputs, rules) with matching inputs, got "
            f"{X.shape} and {weights.shape}."
        )
    if y.shape != (X.shape[0],) or y.size == 0:
        raise ValueError(
            f"y must be 1-D with one value per sample ({X.shape[0]}), got shape {y.shape}."
        )
    validate.positive_int(chunk, "chunk", hint="rules scored at a time")
    check_finite("X", X)
    check_finite("weights", weights)
    check_finite("y", y)
    up = (y > 0)[:, None]
    return np.concatenate(
        [
            ((X @ weights[:, i : i + chunk] > 0) == up).mean(axis=0)
            for i in range(0, weights.shape[1], int(chunk))
        ]
    )


def _scores(name: str, part: tuple) -> dict[str, float]:
    if not isinstance(part, tuple) or len(part) not in (2, 4):
        raise TypeError(
            f"{name} must be a tuple (y_true, y_hat) or (y_true, y_hat, oracle, naive)."
        )
    y_true, y_hat = part[0], part[1]
    out = {
        f"{name} accuracy": metrics.directional_accuracy(y_true, y_hat),
        f"{name} R2": metrics.r2(y_true, y_hat),
    }
    if len(part) == 4:
        out[f"{name} edge"] = metrics.edge_fraction(y_true, y_hat, oracle=part[2], naive=part[3])
    return out


def reported_and_future(reported: tuple, future: tuple) -> dict[str, float]:
    """Scores on the developer's own test set and on the true future, side by side.

    Each argument is a tuple ``(y_true, y_hat)``, which gives the directional
    accuracy and R^2, or ``(y_true, y_hat, oracle, naive)``, which adds the
    fraction of the oracle's edge over the naive forecast on those samples
    (:func:`helpers.metrics.edge_fraction`).

    >>> y = np.array([1.0, -1.0, 2.0, -2.0])
    >>> reported_and_future((y, y), (y, -y))
    {'reported accuracy': 1.0, 'reported R2': 1.0, 'future accuracy': 0.0, 'future R2': -3.0}
    >>> reported_and_future((y, y, y, np.ones(4)), (y, 0.5 * y, y, np.ones(4)))["future edge"]
    1.0
    """
    return {**_scores("reported", reported), **_scores("future", future)}


def gain_interval(
    y_true: np.ndarray, y_hat: np.ndarray, naive: np.ndarray, **bootstrap: object
) -> metrics.Interval:
    """The directional accuracy that ``y_hat`` gains over the ``naive`` forecast, with its
    block-bootstrap interval over the days (:func:`helpers.metrics.bootstrap_interval`).

    The numerator of the fraction of the oracle's edge, in points of accuracy. Unlike the
    fraction, it stays defined when the oracle's own edge on a short or weak-signal period is
    near zero (then the fraction's resamples divide by nothing). Keyword arguments go to
    :func:`helpers.metrics.bootstrap_interval` (``block``, ``reps``, ``level``, ``seed``).

    >>> rng = np.random.default_rng(0)
    >>> y = rng.normal(size=2_000)
    >>> ci = gain_interval(y, y + rng.normal(size=2_000), np.ones(2_000))
    >>> bool(0 < ci.low < ci.point < ci.high)
    True
    """
    y_true, y_hat = metrics._pair(y_true, y_hat)
    metrics._pair(y_true, naive)

    def gain(y: np.ndarray, f: np.ndarray, n: np.ndarray) -> float:
        return metrics.directional_accuracy(y, f) - metrics.directional_accuracy(y, n)

    return metrics.bootstrap_interval(gain, y_true, y_hat, np.ravel(naive), **bootstrap)


def confirms(reported: metrics.Interval, future: metrics.Interval, *, z: float = 1.96) -> bool:
    """Whether the true future confirms a reported score, within the noise of both.

    ``reported`` and ``future`` are 95 % intervals (:func:`gain_interval`) from two periods that
    share no day. Their points differ by sampling noise alone, at level ``z``, when
    ``|reported.point - future.point| <= z * sqrt(se_r**2 + se_f**2)``, each standard error
    being the interval's half-width over 1.96. ``z = 1.96`` is a two-sided test at 5 %; a
    chapter that runs many such checks on many seeds uses a larger ``z`` (3.29: 0.1 %), so
    that chance alone does not fail it, while a leak, many standard errors away, still does.

    >>> confirms(metrics.Interval(0.05, 0.02, 0.08), metrics.Interval(0.04, 0.03, 0.05))
    True
    >>> confirms(metrics.Interval(0.30, 0.25, 0.35), metrics.Interval(0.0, -0.02, 0.02))
    False
    """
    if not z > 0:
        raise ValueError(f"z must be positive, for example 1.96 for a 5 % test; got {z}.")
    se = np.hypot(reported.high - reported.low, future.high - future.low) / (2 * 1.96)
    return bool(abs(reported.point - future.point) <= z * se)
