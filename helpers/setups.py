"""The steps a chapter does not teach, written once: what the chapters and the registry both call.

Chapter 1 teaches the market's windows, the chronological split and scaling, and writes them out;
the later chapters start from them. Each function here does one chapter's setup from its settings
(:mod:`helpers.settings`) and a seed, and :mod:`helpers.pipelines` calls the very same function,
so a chapter and the registry cannot drift apart in what they feed their models:

- :func:`market`: chapter 1's market, as long as the settings need;
- :func:`trending_market`: chapter 3's, with an upward drift and one crash day mid-training;
- :func:`daily`: chapter 1's pipeline up to the model: stationary features, windows, a
  chronological split with a gap, a ``StandardScaler`` fit on training, and the oracle,
  naive and persistence forecasts of the test windows (chapters 1, 3, 6 and 7);
- :func:`recent`: the same with only the most recent training windows (chapter 7's sweep);
- :func:`weekly`: chapter 4's weekly-target windows, cut into the developer's period and the
  true future;
- :func:`sessions`: chapter 5's sessions, split, standardised on training, with their oracle and
  naive forecasts;
- :func:`prices`: a real price series (chapter 8, the your-own-data notebook): stationary
  features, windows, a chronological split with a gap, a ``StandardScaler`` fit on training,
  and the training-mean and persistence forecasts (there is no oracle).

``thin`` (a :class:`helpers.settings.Thin`) is for the registry's "small" size: each period keeps
its place in time but only a few of its windows, evenly spread (:func:`spread`). The chapters never
pass it. Nothing here imports TensorFlow.

>>> from helpers import settings
>>> tiny = settings.CH1.replace(n_train=300, n_val=60, n_test=200)
>>> d = daily(tiny, seed=0)
>>> d.split.sizes()
{'train': 301, 'val': 60, 'test': 200, 'gap': 10}
>>> d.scaled.test.X.shape, d.oracle.shape
((200, 10, 4), (200,))
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from . import baselines, data, scaling, sequences, splits, validate
from . import prices as prices_
from . import sessions as sessions_
from . import settings as settings_
from . import windows as windows_

__all__ = [
    "DailySetup",
    "WeeklySetup",
    "SessionsSetup",
    "PricesSetup",
    "spread",
    "thin_split",
    "market",
    "drifting_market",
    "trending_market",
    "daily",
    "recent",
    "weekly",
    "sessions",
    "prices",
]


# --------------------------------------------------------------------------- thinning


def spread(rows: np.ndarray, n: int | None) -> np.ndarray:
    """``n`` of ``rows``, spread evenly from the first to the last (all of them if ``n`` is None or
    at least ``len(rows)``).

    >>> spread(np.arange(10), 3).tolist()
    [0, 4, 9]
    >>> spread(np.arange(4), None).tolist()
    [0, 1, 2, 3]
    """
    rows = np.asarray(rows)
    if n is None:
        return rows
    n = validate.positive_int(n, "n")
    if n >= len(rows):
        return rows
    return rows[np.linspace(0, len(rows) - 1, n).round().astype(int)]


def thin_split(split: splits.Split, thin: settings_.Thin | None) -> splits.Split:
    """``split`` with each period thinned to ``thin``'s number of windows (:func:`spread`).

    >>> s = splits.chronological(100, lookback=5, val=10, test=20)
    >>> thin_split(s, settings_.Thin(n_train=3, n_test=2)).sizes()
    {'train': 3, 'val': 10, 'test': 2, 'gap': 5}
    """
    if not isinstance(split, splits.Split):
        raise TypeError(f"split must be a splits.Split, got {type(split).__name__}.")
    if thin is None:
        return split
    _check_thin(thin)
    return splits.Split(
        train=spread(split.train, thin.n_train),
        val=spread(split.val, thin.n_val),
        test=spread(split.test, thin.n_test),
        gap=split.gap,
    )


def _check_thin(thin: object) -> None:
    if thin is not None and not isinstance(thin, settings_.Thin):
        raise TypeError(f"thin must be a settings.Thin or None, got {type(thin).__name__}.")


def _check_settings(value: object, kind: type, chapter: str) -> None:
    if not isinstance(value, kind):
        raise TypeError(
            f"settings must be a settings.{kind.__name__} ({chapter}), got {type(value).__name__}."
        )


# --------------------------------------------------------------------------- daily markets


def market(settings: settings_.Daily, seed: int) -> pd.DataFrame:
    """Chapter 1's market (``data.make_market``), ``settings.n_days`` long.

    >>> len(market(settings_.CH1, seed=0))
    27030
    """
    _check_settings(settings, settings_.Daily, "chapters 1, 6, 7")
    return data.make_market(settings.n_days, seed=validate.seed(seed), signal=settings.signal)


_market = market  # daily() has an argument of that name


def drifting_market(settings: settings_.Direction, seed: int) -> pd.DataFrame:
    """Chapter 2's imbalanced market: chapter 1's with ``settings.drift`` added to every day's
    expected return (``data.make_market(drift=)``), so that more days go up than down.

    >>> m = drifting_market(settings_.CH2.replace(n_train=4_000, n_val=500, n_test=500), seed=0)
    >>> bool(0.52 < (m["target"] > 0).mean() < 0.6)
    True
    """
    _check_settings(settings, settings_.Direction, "chapter 2")
    return data.make_market(
        settings.n_days, seed=validate.seed(seed), signal=settings.signal, drift=settings.drift
    )


def trending_market(settings: settings_.Trending, seed: int) -> pd.DataFrame:
    """Chapter 3's market: chapter 1's, with an upward drift of ``settings.drift`` log points a
    day and one crash day at ``settings.crash_day`` (the middle of the training period).

    >>> m = trending_market(settings_.CH3.replace(n_train=400, n_val=50, n_test=50), seed=0)
    >>> float(m["flow"].iloc[200])
    -20.0
    """
    _check_settings(settings, settings_.Trending, "chapter 3")
    trended = data.add_trend(market(settings, seed), drift=settings.drift)
    return data.plant_crash(trended, settings.crash_day)


@dataclass(frozen=True)
class DailySetup:
    """A daily market cut into windows, split in time order and scaled: chapter 1's pipeline up to
    the model.

    ``windows`` holds the stationary features, unscaled, and ``split`` their chronological
    periods; ``scaled`` holds the three periods scaled by a ``StandardScaler`` fit on the
    training windows. ``oracle``, ``naive`` and ``persistence`` are forecasts of ``scaled.test.y``:
    the planted expectation, the training period's mean return, and today's return.
    """

    market: pd.DataFrame
    windows: windows_.Windows
    split: splits.Split
    scaled: scaling.ScaledSplit
    oracle: np.ndarray
    naive: np.ndarray
    persistence: np.ndarray


def _baselines(
    frame: pd.DataFrame, w: windows_.Windows, split: splits.Split, scaled: scaling.ScaledSplit
) -> DailySetup:
    today = w.feature_names.index("log_return")
    return DailySetup(
        market=frame,
        windows=w,
        split=split,
        scaled=scaled,
        oracle=scaled.test.align(frame["oracle"]),
        naive=baselines.naive_mean(scaled.train.y, len(scaled.test)),
        persistence=baselines.persistence(w.X[split.test], column=today),
    )


def daily(
    settings: settings_.Daily,
    seed: int,
    market: pd.DataFrame | None = None,
    *,
    thin: settings_.Thin | None = None,
) -> DailySetup:
    """Chapter 1's pipeline up to the model, at ``settings``.

    The market (``market``, or :func:`market` for ``settings`` and ``seed``) becomes stationary
    features (``data.stationary_features``), cut into ``settings.lookback``-day windows of the
    next day's return; the last ``n_test`` windows are the test period, the ``n_val`` before them
    (after a gap of ``lookback`` windows) the validation period, everything earlier
    training. A ``StandardScaler`` is fit on the training windows and scales all three.

    Parameters
    ----------
    settings : settings.Daily
        Any daily settings (``CH1``, ``CH3``, ``CH6``, ``CH7``); only ``lookback``, ``n_val``,
        ``n_test`` and, without ``market``, ``n_days`` are read.
    seed : int
        The market's seed (ignored when ``market`` is given).
    market : DataFrame, optional
        A market from ``data.make_market`` (or :func:`trending_market`) to use instead.
    thin : settings.Thin, optional
        The registry's small size: thin each period before the scaler is fit.

    >>> tiny = settings_.CH1.replace(n_train=300, n_val=60, n_test=200)
    >>> d = daily(tiny, seed=0, thin=settings_.Thin(n_train=100))
    >>> len(d.scaled.train), bool(abs(d.scaled.train.X.mean()) < 1e-5), d.naive.shape
    (100, True, (200,))
    """
    _check_settings(settings, settings_.Daily, "chapters 1, 3, 6, 7")
    _check_thin(thin)
    if market is None:
        frame = _market(settings, seed)
    else:
        validate.seed(seed)
        if not isinstance(market, pd.DataFrame):
            raise TypeError(
                f"market must be a DataFrame from data.make_market, got {type(market).__name__}."
            )
        frame = market
    lookback = settings.lookback
    w = windows_.make_windows(data.stationary_features(frame), frame["target"], lookback)
    split = splits.chronological(
        len(w), lookback=lookback, val=settings.n_val, test=settings.n_test
    )
    split = thin_split(split, thin)
    return _baselines(frame, w, split, scaling.scale_split(w, split))


def recent(setup: DailySetup, n_train: int) -> DailySetup:
    """``setup`` training on its last ``n_train`` training windows only (chapter 7's sweep).

    The scaler stays the one fit on the whole training period, and validation and test are
    unchanged; the naive forecast becomes the mean of the windows kept.

    >>> d = daily(settings_.CH1.replace(n_train=300, n_val=60, n_test=200), seed=0)
    >>> r = recent(d, 50)
    >>> len(r.scaled.train), int(r.split.train[0]), r.scaled.scaler is d.scaled.scaler
    (50, 251, True)
    """
    if not isinstance(setup, DailySetup):
        raise TypeError(f"setup must be a DailySetup from daily(), got {type(setup).__name__}.")
    n_train = validate.positive_int(n_train, "n_train")
    if n_train > len(setup.split.train):
        raise ValueError(
            f"n_train={n_train} exceeds the {len(setup.split.train)} training windows of setup."
        )
    split = replace(setup.split, train=setup.split.train[-n_train:])
    scaled = replace(setup.scaled, train=setup.scaled.train.take(np.arange(-n_train, 0)))
    return _baselines(setup.market, setup.windows, split, scaled)


# --------------------------------------------------------------------------- weekly targets


@dataclass(frozen=True)
class WeeklySetup:
    """Chapter 4's data: weekly-target windows, the developer's period and the true future.

    ``features`` are the stationary features on the days that have a full weekly target
    ``y_week``; ``windows`` are cut from them (positions in ``windows`` and rows of ``features``
    and ``market`` agree). ``dev`` is the first ``n_dev`` windows; after a gap of ``gap``
    windows, ``future`` holds the rest (its positions in ``windows`` are ``future_rows``), and
    ``oracle_future`` is the planted expectation on each of its windows.
    """

    market: pd.DataFrame
    features: pd.DataFrame
    y_week: pd.Series
    windows: windows_.Windows
    dev: windows_.Windows
    future: windows_.Windows
    future_rows: np.ndarray
    gap: int
    oracle_future: np.ndarray


def weekly(
    settings: settings_.Weekly, seed: int, *, thin: settings_.Thin | None = None
) -> WeeklySetup:
    """Chapter 4's market, weekly target and windows, cut into the developer's period and the true
    future.

    The target of the window ending on day ``t`` is the log return of days ``t+1 ... t+horizon``
    (``windows.forward_target``); the market is just long enough for ``n_dev`` windows, the
    gap and ``n_future`` windows. ``thin`` thins the true future only (the developer's
    splits are the chapter's subject: they are made from ``dev``).

    >>> tiny = settings_.CH4.replace(n_dev=400, n_val=50, n_test=100, n_future=200)
    >>> c = weekly(tiny, seed=0)
    >>> len(c.dev), len(c.future), c.gap, int(c.future_rows[0])
    (400, 200, 14, 414)
    """
    _check_settings(settings, settings_.Weekly, "chapter 4")
    _check_thin(thin)
    lookback, horizon = settings.lookback, settings.horizon
    frame = data.make_market(settings.n_days, seed=validate.seed(seed), signal=settings.signal)
    y_week = windows_.forward_target(frame["target"], horizon)
    features = data.stationary_features(frame).loc[y_week.index]
    w = windows_.make_windows(features, y_week, lookback, horizon=horizon)
    gap = settings.gap
    future_rows = np.arange(settings.n_dev + gap, len(w))
    future_rows = spread(future_rows, None if thin is None else thin.n_future)
    future = w.take(future_rows)
    return WeeklySetup(
        market=frame,
        features=features,
        y_week=y_week,
        windows=w,
        dev=w.take(np.arange(settings.n_dev)),
        future=future,
        future_rows=future_rows,
        gap=gap,
        oracle_future=future.align(frame["oracle"]),
    )


# --------------------------------------------------------------------------- sessions


@dataclass(frozen=True)
class SessionsSetup:
    """Chapter 5's sessions in time order, their events standardised, and the yardsticks.

    ``events`` maps ``"train"``, ``"val"`` and ``"test"`` to each period's events, standardised
    with the training period's ``mean`` and ``sd`` per feature. On the test sessions,
    ``y_true`` is +1 for an up move and -1 for a down move, ``oracle`` the planted probability
    of an up move minus 0.5, and ``naive`` the training period's majority class, every time.
    """

    train: sessions_.Sessions
    val: sessions_.Sessions
    test: sessions_.Sessions
    mean: np.ndarray
    sd: np.ndarray
    events: dict[str, list[np.ndarray]]
    y_true: np.ndarray
    oracle: np.ndarray
    naive: np.ndarray


def sessions(settings: settings_.Sessions, seed: int) -> SessionsSetup:
    """Chapter 5's setup: ``n_train + n_val + n_test`` sessions (``sessions.make_sessions``), the
    first for training, the next for validation, the last for test.

    >>> c = sessions(settings_.CH5.replace(n_train=50, n_val=10, n_test=20), seed=0)
    >>> len(c.train), len(c.events["test"]), c.oracle.shape, np.unique(c.y_true).tolist()
    (50, 20, (20,), [-1.0, 1.0])
    """
    _check_settings(settings, settings_.Sessions, "chapter 5")
    everything = sessions_.make_sessions(
        settings.n_sessions, seed=validate.seed(seed), signal=settings.signal
    )
    n_train, n_val = settings.n_train, settings.n_val
    train = everything.take(slice(0, n_train))
    val = everything.take(slice(n_train, n_train + n_val))
    test = everything.take(slice(n_train + n_val, None))
    mean, sd = sequences.fit_scaler(train.events)
    periods = {"train": train, "val": val, "test": test}
    return SessionsSetup(
        train=train,
        val=val,
        test=test,
        mean=mean,
        sd=sd,
        events={name: sequences.standardize(p.events, mean, sd) for name, p in periods.items()},
        y_true=np.where(test.label == 1, 1.0, -1.0),
        oracle=test.p_up - 0.5,
        naive=np.full(len(test), 1.0 if train.label.mean() >= 0.5 else -1.0),
    )


# --------------------------------------------------------------------------- a real price series


@dataclass(frozen=True)
class PricesSetup:
    """A real price series cut into windows, split in time order and scaled: chapter 1's pipeline
    on data with no oracle.

    ``frame`` is the validated series (:func:`helpers.prices.load_prices` or
    :func:`helpers.prices.sp500`), ``features`` its stationary features on the days that have a
    target, ``windows`` their windows (unscaled) and ``split`` their chronological periods;
    ``scaled`` holds the three periods scaled by a ``StandardScaler`` fit on the training windows.
    On the test windows, ``naive`` is the training period's mean return (its sign is the
    training period's majority: "always up" on a rising market) and ``persistence`` the
    return of the window's last ``horizon`` days.
    """

    frame: pd.DataFrame
    features: pd.DataFrame
    windows: windows_.Windows
    split: splits.Split
    scaled: scaling.ScaledSplit
    naive: np.ndarray
    persistence: np.ndarray


def prices(
    frame: pd.DataFrame, settings: settings_.Prices, *, horizon: int | None = None
) -> PricesSetup:
    """The honest pipeline up to the model, on a real price series.

    Stationary features (:func:`helpers.prices.stationary_features`: trailing windows only) are
    cut into ``settings.lookback``-day windows of the next ``horizon`` days' log return
    (:func:`helpers.prices.next_return`; ``horizon`` defaults to ``settings.horizon``); the last
    ``settings.test`` of them are the test period, the ``settings.val`` before them the
    validation period, each after a gap (:func:`helpers.splits.chronological`, which purges the
    overlapping targets of a multi-day horizon), and a ``StandardScaler`` is fit on the training
    windows only.

    >>> from helpers import settings as s
    >>> p = prices(prices_.sp500(), s.CH8)
    >>> p.split.sizes()
    {'train': 3454, 'val': 499, 'test': 998, 'gap': 20}
    >>> p.windows.feature_names[0], str(p.windows.dates[p.split.test[0]].date())
    ('log_return', '2015-01-13')
    """
    _check_settings(settings, settings_.Prices, "chapter 8")
    if not isinstance(frame, pd.DataFrame) or "price" not in frame.columns:
        raise TypeError(
            "frame must be a DataFrame with a 'price' column, from helpers.prices.load_prices or "
            f"helpers.prices.sp500; got {type(frame).__name__}."
        )
    h = settings.horizon if horizon is None else validate.positive_int(horizon, "horizon")
    features = prices_.stationary_features(frame)
    target = prices_.next_return(frame, horizon=h).reindex(features.index)
    keep = target.notna().to_numpy()
    features, target = features[keep], target[keep]
    w = windows_.make_windows(features, target, settings.lookback, horizon=h)
    split = splits.chronological(
        len(w), lookback=settings.lookback, horizon=h, val=settings.val, test=settings.test
    )
    scaled = scaling.scale_split(w, split)
    today = w.feature_names.index("log_return")
    return PricesSetup(
        frame=frame,
        features=features,
        windows=w,
        split=split,
        scaled=scaled,
        naive=baselines.naive_mean(scaled.train.y, len(scaled.test)),
        persistence=w.X[split.test][:, -h:, today].sum(axis=1).astype(float),
    )
