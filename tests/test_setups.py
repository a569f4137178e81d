"""Tests of helpers.setups: each setup is exactly the steps its chapter used to write out, on small
settings (``replace``), and refuses bad arguments.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import baselines, data, scaling, sequences, sessions, settings, setups, splits, windows

TINY = settings.CH1.replace(n_train=400, n_val=80, n_test=300)
TINY2 = settings.CH3.replace(n_train=400, n_val=80, n_test=300)
TINY3 = settings.CH4.replace(n_dev=500, n_val=60, n_test=120, n_future=300)
TINY4 = settings.CH5.replace(n_train=60, n_val=20, n_test=40)
TINY_CH2 = settings.CH2.replace(n_train=4_000, n_val=500, n_test=500)


@pytest.fixture(scope="module")
def tiny() -> setups.DailySetup:
    return setups.daily(TINY, seed=3)


def test_market_is_chapter_1s():
    pd.testing.assert_frame_equal(setups.market(TINY, 3), data.make_market(TINY.n_days, seed=3))


def test_daily_is_chapter_1s_pipeline(tiny):
    # Chapter 1's cells, written out.
    market = data.make_market(TINY.n_days, seed=3)
    w = windows.make_windows(data.stationary_features(market), market["target"], TINY.lookback)
    split = splits.chronological(len(w), lookback=TINY.lookback, val=TINY.n_val, test=TINY.n_test)
    train, val, test = w.take(split.train), w.take(split.val), w.take(split.test)
    _, X_train, X_val, X_test = scaling.scale_windows(train.X, val.X, test.X)
    pd.testing.assert_frame_equal(tiny.market, market)
    assert (
        tiny.split.sizes()
        == split.sizes()
        == {
            "train": 401,
            "val": 80,
            "test": 300,
            "gap": 10,
        }
    )
    for ours, theirs in ((tiny.scaled.train.X, X_train), (tiny.scaled.val.X, X_val)):
        np.testing.assert_array_equal(ours, theirs)
    np.testing.assert_array_equal(tiny.scaled.test.X, X_test)
    np.testing.assert_array_equal(tiny.scaled.test.y, test.y)
    np.testing.assert_array_equal(tiny.oracle, test.align(market["oracle"]))
    np.testing.assert_array_equal(tiny.naive, baselines.naive_mean(train.y, len(test)))
    today = w.feature_names.index("log_return")
    np.testing.assert_array_equal(tiny.persistence, baselines.persistence(test.X, column=today))
    np.testing.assert_array_equal(tiny.windows.X, w.X)


def test_daily_reads_a_given_market():
    market = setups.trending_market(TINY2, seed=1)
    d = setups.daily(TINY2, seed=1, market=market)
    assert d.market is market
    assert d.scaled.train.X.shape[1:] == (TINY2.lookback, 4)


def test_daily_thinned_keeps_each_period_in_place(tiny):
    thin = settings.Thin(n_train=50, n_val=10, n_test=30)
    d = setups.daily(TINY, seed=3, thin=thin)
    assert d.split.sizes() == {"train": 50, "val": 10, "test": 30, "gap": 10}
    for period in ("train", "val", "test"):
        ours, whole = getattr(d.split, period), getattr(tiny.split, period)
        assert (ours[0], ours[-1]) == (whole[0], whole[-1]), "first and last windows kept"
    assert abs(float(d.scaled.train.X.mean())) < 1e-5, "the scaler is fit on the windows kept"
    assert d.naive.shape == d.oracle.shape == d.persistence.shape == (30,)


def test_recent_trains_on_the_last_windows_with_the_same_scaler(tiny):
    r = setups.recent(tiny, 100)
    np.testing.assert_array_equal(r.scaled.train.X, tiny.scaled.train.X[-100:])
    np.testing.assert_array_equal(r.split.train, tiny.split.train[-100:])
    assert r.scaled.scaler is tiny.scaled.scaler
    np.testing.assert_array_equal(r.scaled.test.X, tiny.scaled.test.X)
    assert r.naive[0] == pytest.approx(tiny.scaled.train.y[-100:].mean())
    with pytest.raises(ValueError, match="exceeds"):
        setups.recent(tiny, 10_000)
    with pytest.raises(TypeError):
        setups.recent(tiny.scaled, 10)


def test_drifting_market_is_chapter_2s():
    ours = setups.drifting_market(TINY_CH2, seed=2)
    assert len(ours) == TINY_CH2.n_days == 4_000 + 500 + 500 + 3 * TINY_CH2.lookback
    pd.testing.assert_frame_equal(
        ours, data.make_market(TINY_CH2.n_days, seed=2, drift=TINY_CH2.drift), check_exact=True
    )
    # The drift is what makes it chapter 2's: without it, chapter 1's market of the same length.
    plain = setups.market(TINY_CH2.replace(drift=0.0), seed=2)
    np.testing.assert_allclose(ours["oracle"] - plain["oracle"], TINY_CH2.drift, rtol=0, atol=1e-15)
    with pytest.raises(TypeError, match="settings.Direction"):
        setups.drifting_market(settings.CH1, seed=2)


@pytest.mark.parametrize("seed", range(3))
def test_drifting_market_has_more_up_days(seed):
    # Measured on seeds 0-2: 0.552 (CH2's drift 0.0015 on the book's market); 0.5 without drift.
    up = float((setups.drifting_market(TINY_CH2, seed=seed)["target"] > 0).mean())
    assert 0.52 < up < 0.59
    flat = float(
        (setups.drifting_market(TINY_CH2.replace(drift=0.0), seed=seed)["target"] > 0).mean()
    )
    assert up > flat + 0.02


def test_drifting_market_follows_the_signal():
    weak = setups.drifting_market(TINY_CH2.replace(signal=0.0), seed=1)
    assert np.allclose(weak["oracle"], TINY_CH2.drift, rtol=0, atol=1e-15)


def test_trending_market_is_chapter_3s():
    ours = setups.trending_market(TINY2, seed=2)
    market = data.make_market(TINY2.n_days, seed=2)
    theirs = data.plant_crash(data.add_trend(market, drift=TINY2.drift), TINY2.n_train // 2)
    pd.testing.assert_frame_equal(ours, theirs)
    assert ours["flow"].iloc[TINY2.crash_day] == -20.0


def test_weekly_is_chapter_4s():
    c = setups.weekly(TINY3, seed=4)
    market = data.make_market(TINY3.n_days, seed=4)
    y_week = windows.forward_target(market["target"], TINY3.horizon)
    features = data.stationary_features(market).loc[y_week.index]
    w = windows.make_windows(features, y_week, TINY3.lookback, horizon=TINY3.horizon)
    gap = splits.min_gap(TINY3.lookback, TINY3.horizon)
    np.testing.assert_array_equal(c.windows.X, w.X)
    assert c.gap == gap and len(c.dev) == TINY3.n_dev and len(c.future) == TINY3.n_future
    np.testing.assert_array_equal(c.future.y, w.take(np.arange(TINY3.n_dev + gap, len(w))).y)
    np.testing.assert_array_equal(c.oracle_future, c.future.align(market["oracle"]))
    splits.check_no_overlap(c.dev.ends, c.future.ends, TINY3.lookback, TINY3.horizon)
    thinned = setups.weekly(TINY3, seed=4, thin=settings.Thin(n_future=50))
    assert len(thinned.future) == 50 and thinned.future_rows[-1] == c.future_rows[-1]


def test_sessions_is_chapter_5s():
    c = setups.sessions(TINY4, seed=5)
    everything = sessions.make_sessions(TINY4.n_sessions, seed=5)
    train = everything.take(slice(0, TINY4.n_train))
    test = everything.take(slice(TINY4.n_train + TINY4.n_val, None))
    mean, sd = sequences.fit_scaler(train.events)
    np.testing.assert_array_equal(c.mean, mean)
    assert (len(c.train), len(c.val), len(c.test)) == (60, 20, 40)
    np.testing.assert_array_equal(
        c.events["test"][0], sequences.standardize(test.events, mean, sd)[0]
    )
    np.testing.assert_array_equal(c.y_true, np.where(test.label == 1, 1.0, -1.0))
    np.testing.assert_array_equal(c.oracle, test.p_up - 0.5)
    assert set(np.unique(c.naive)) <= {-1.0, 1.0} and np.ptp(c.naive) == 0


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: setups.daily(settings.CH4, 0), TypeError),  # weekly settings for a daily setup
        (lambda: setups.weekly(TINY, 0), TypeError),
        (lambda: setups.sessions(TINY, 0), TypeError),
        (lambda: setups.trending_market(TINY, 0), TypeError),  # no drift in chapter 1's settings
        (lambda: setups.drifting_market(TINY, 0), TypeError),  # chapter 1's settings again
        (lambda: setups.drifting_market(settings.CH1, 0), TypeError),
        (lambda: setups.drifting_market(TINY2, 0), TypeError),  # chapter 3's drift is a trend
        (lambda: setups.drifting_market(TINY_CH2, -1), ValueError),
        (lambda: setups.drifting_market(TINY_CH2, 1.5), TypeError),
        (lambda: setups.drifting_market(TINY_CH2.replace(drift=0.05), 0), ValueError),
        (lambda: setups.daily(TINY, -1), ValueError),
        (lambda: setups.daily(TINY, 0, market="not a market"), TypeError),
        (lambda: setups.daily(TINY, 0, thin={"n_train": 5}), TypeError),
        (lambda: setups.spread(np.arange(5), 0), ValueError),
    ],
)
def test_setups_refuse_bad_arguments(call, error):
    with pytest.raises(error):
        call()
