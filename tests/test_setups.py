"""Tests of helpers.setups: each setup is exactly the steps its chapter used to write out, on small
settings (``replace``), and refuses bad arguments.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import (
    baselines,
    data,
    prices,
    scaling,
    sequences,
    sessions,
    settings,
    setups,
    splits,
    windows,
)

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
        (lambda: setups.prices(prices.sp500(), settings.CH1), TypeError),  # not a real series'
        (lambda: setups.prices(prices.sp500()["price"], settings.CH8), TypeError),  # a Series
        (
            lambda: setups.prices(prices.sp500().rename(columns={"price": "p"}), settings.CH8),
            TypeError,
        ),
        (lambda: setups.prices(prices.sp500(), settings.CH8, horizon=0), ValueError),
        (lambda: setups.prices(prices.sp500(), settings.CH8, horizon=1.0), TypeError),
        (lambda: setups.prices(prices.sp500().iloc[:60], settings.CH8), ValueError),  # too short
    ],
)
def test_setups_refuse_bad_arguments(call, error):
    with pytest.raises(error):
        call()


# --------------------------------------------------------------------------- a real price series


@pytest.fixture(scope="module")
def sp500() -> pd.DataFrame:
    return prices.sp500()


@pytest.fixture(scope="module")
def ch8(sp500) -> setups.PricesSetup:
    return setups.prices(sp500, settings.CH8)


@pytest.fixture(scope="module")
def weekly_sp500(sp500) -> setups.PricesSetup:
    return setups.prices(sp500, settings.CH8, horizon=settings.CH8.overlap_horizon)


def test_prices_cuts_the_sp500_in_time_order(ch8, sp500):
    w, split = ch8.windows, ch8.split
    assert ch8.frame is sp500
    assert split.sizes() == {"train": 3454, "val": 499, "test": 998, "gap": 20}
    assert len(w) == 4991 and w.X.shape[1:] == (20, 3)
    assert w.feature_names == ("log_return", "relative_log_volume", "log_range")
    # a gap of lookback + horizon - 1 windows before each later period: no shared day
    assert split.gap == splits.min_gap(20, 1)
    dates = {k: w.dates[getattr(split, k)] for k in ("train", "val", "test")}
    assert str(dates["train"][-1].date()) == "2012-11-19"
    assert str(dates["val"][0].date()) == "2012-12-19"
    assert (str(dates["test"][0].date()), str(dates["test"][-1].date())) == (
        "2015-01-13",
        "2018-12-28",
    )
    assert dates["train"][-1] < dates["val"][0] and dates["val"][-1] < dates["test"][0]
    # the test period is the last fifth of the windows, validation the tenth before it
    assert len(split.test) == round(0.2 * len(w)) and len(split.val) == round(0.1 * len(w))


def test_prices_targets_are_the_next_days_log_return(ch8, sp500):
    w = ch8.windows
    log_price = np.log(sp500["price"])
    on = log_price.index.get_indexer(w.dates)
    np.testing.assert_allclose(w.y, log_price.to_numpy()[on + 1] - log_price.to_numpy()[on])
    # and a window's last row is its end day's features: nothing after the forecast day
    features = prices.stationary_features(sp500).loc[w.dates]
    np.testing.assert_allclose(w.X[:, -1, :], features.to_numpy(), rtol=1e-6)


def test_prices_scaler_is_fit_on_the_training_windows_only(ch8):
    s, w = ch8.scaled, ch8.windows
    train_rows = w.X[ch8.split.train].reshape(-1, 3).astype(float)
    np.testing.assert_allclose(s.scaler.mean_, train_rows.mean(axis=0), rtol=1e-5)
    every_row = w.X.reshape(-1, 3).astype(float).mean(axis=0)
    assert not np.allclose(s.scaler.mean_, every_row, rtol=0.05)  # a scaler fit on all differs
    train = s.train.X.reshape(-1, 3)
    test = s.test.X.reshape(-1, 3)
    assert np.all(np.abs(train.mean(axis=0)) < 1e-3) and np.allclose(train.std(axis=0), 1, 1e-3)
    # 2015-2018 was calmer than 1999-2012: its daily range sits half a training sd below 0
    assert test[:, 2].mean() < -0.3
    np.testing.assert_array_equal(s.test.y, w.y[ch8.split.test])  # the target is not scaled


def test_prices_baselines_are_the_training_mean_and_the_last_horizons_return(
    ch8, weekly_sp500, sp500
):
    for p, h in ((ch8, 1), (weekly_sp500, 5)):
        test = p.windows.take(p.split.test)
        assert p.naive.shape == p.persistence.shape == (len(test),)
        np.testing.assert_allclose(p.naive, p.windows.y[p.split.train].mean())
        # persistence: the log return of the window's last h days, from the prices themselves
        log_price = np.log(sp500["price"]).to_numpy()
        on = sp500.index.get_indexer(test.dates)
        np.testing.assert_allclose(p.persistence, log_price[on] - log_price[on - h], atol=1e-6)
        np.testing.assert_allclose(test.y, log_price[on + h] - log_price[on], atol=1e-12)


def test_prices_purges_a_multi_day_target_before_each_later_period(weekly_sp500):
    p, h, L = weekly_sp500, 5, settings.CH8.lookback
    assert p.windows.horizon == h and p.split.gap == L + h - 1
    ends = p.windows.ends
    for earlier, later in (("train", "val"), ("val", "test"), ("train", "test")):
        last_target_day = ends[getattr(p.split, earlier)].max() + h
        first_feature_day = ends[getattr(p.split, later)].min() - L + 1
        assert last_target_day < first_feature_day, (earlier, later)
    # the targets still overlap inside a period (h - 1 shared days): that is what is purged
    assert np.corrcoef(p.windows.y[:-1], p.windows.y[1:])[0, 1] > 0.6
