"""Tests of the chapter-2 additions to helpers.data: planted_oracle, add_trend and plant_crash."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest

from helpers import data


@cache
def _market(n_days: int = 400, seed: int = 0) -> pd.DataFrame:
    """Cached markets (callers must not mutate them)."""
    return data.make_market(n_days, seed=seed)


# --------------------------------------------------------------------------- planted_oracle


@pytest.mark.parametrize("seed", [0, 1, 5])
def test_planted_oracle_reproduces_the_market_oracle(seed):
    market = _market(500, seed)
    oracle = data.planted_oracle(market["flow"], market["sentiment"])
    assert np.isnan(oracle[:2]).all()
    np.testing.assert_allclose(oracle[2:], market["oracle"].to_numpy()[2:], rtol=0, atol=1e-15)


def test_planted_oracle_rejects_mismatched_columns():
    with pytest.raises(ValueError, match="equal length"):
        data.planted_oracle(np.zeros(5), np.zeros(6))
    with pytest.raises(ValueError, match="1-D"):
        data.planted_oracle(np.zeros((5, 2)), np.zeros((5, 2)))


# --------------------------------------------------------------------------- add_trend


def test_add_trend_drifts_the_price_and_moves_target_and_oracle():
    market = _market()
    trended = data.add_trend(market, drift=0.0005)
    assert list(trended.columns) == list(market.columns) and trended.index.equals(market.index)
    log_ratio = np.log(trended["price"] / market["price"]).to_numpy()
    np.testing.assert_allclose(log_ratio, 0.0005 * np.arange(len(market)), atol=1e-12)
    np.testing.assert_allclose(trended["target"] - market["target"], 0.0005, atol=1e-15)
    np.testing.assert_allclose(trended["oracle"] - market["oracle"], 0.0005, atol=1e-15)
    for column in ("volume", "flow", "sentiment"):
        pd.testing.assert_series_equal(trended[column], market[column])


def test_add_trend_keeps_the_target_consistent_with_the_price():
    """target[t] is the log return from t to t+1, before and after the drift."""
    trended = data.add_trend(_market(), drift=0.0003)
    log_price = np.log(trended["price"].to_numpy())
    np.testing.assert_allclose(np.diff(log_price), trended["target"].to_numpy()[:-1], atol=1e-12)


def test_add_trend_does_not_mutate_its_input():
    market = _market()
    before = market.copy()
    data.add_trend(market)
    pd.testing.assert_frame_equal(market, before)


def test_add_trend_zero_is_the_identity():
    pd.testing.assert_frame_equal(data.add_trend(_market(), drift=0.0), _market())


@pytest.mark.parametrize(
    "drift, error",
    [("0.1", TypeError), (True, TypeError), (np.nan, ValueError), (0.05, ValueError)],
)
def test_add_trend_rejects_bad_drifts(drift, error):
    with pytest.raises(error, match="drift"):
        data.add_trend(_market(), drift=drift)


def test_add_trend_rejects_non_markets():
    with pytest.raises(TypeError, match="DataFrame"):
        data.add_trend(np.zeros((5, 6)))


# --------------------------------------------------------------------------- plant_crash


def test_plant_crash_changes_exactly_the_crash_and_its_consequences():
    market = _market()
    crashed = data.plant_crash(market, 200, log_return=-0.2, volume_factor=5.0, flow=-15.0)
    np.testing.assert_allclose(crashed["price"].iloc[:200], market["price"].iloc[:200])
    np.testing.assert_allclose(
        crashed["price"].iloc[200:] / market["price"].iloc[200:], np.exp(-0.2)
    )
    assert crashed["volume"].iloc[200] == pytest.approx(5.0 * market["volume"].iloc[200])
    assert crashed["flow"].iloc[200] == -15.0
    changed_volume = np.flatnonzero(crashed["volume"].to_numpy() != market["volume"].to_numpy())
    changed_flow = np.flatnonzero(crashed["flow"].to_numpy() != market["flow"].to_numpy())
    assert changed_volume.tolist() == [200] and changed_flow.tolist() == [200]
    pd.testing.assert_series_equal(crashed["sentiment"], market["sentiment"])
    # Targets: the crash return enters the day before; the plant's change enters the crash day and
    # the next.
    changed_target = np.flatnonzero(
        ~np.isclose(crashed["target"], market["target"], rtol=0, atol=1e-15)
    )
    assert changed_target.tolist() == [199, 200, 201]
    assert crashed["target"].iloc[199] - market["target"].iloc[199] == pytest.approx(-0.2)


def test_plant_crash_keeps_the_plant_exact():
    crashed = data.plant_crash(_market(), 150)
    oracle = data.planted_oracle(crashed["flow"], crashed["sentiment"])
    np.testing.assert_allclose(oracle[2:], crashed["oracle"].to_numpy()[2:], atol=1e-15)
    # The unpredictable part (target - oracle) is unchanged except on the surprise day itself.
    noise_before = (_market()["target"] - _market()["oracle"]).to_numpy()
    noise_after = (crashed["target"] - crashed["oracle"]).to_numpy()
    differs = np.flatnonzero(~np.isclose(noise_before, noise_after, rtol=0, atol=1e-15))
    assert differs.tolist() == [149]


def test_plant_crash_after_a_trend_keeps_the_drift():
    trended = data.add_trend(_market(), drift=0.0004)
    crashed = data.plant_crash(trended, 150)
    oracle = data.planted_oracle(crashed["flow"], crashed["sentiment"]) + 0.0004
    np.testing.assert_allclose(oracle[2:], crashed["oracle"].to_numpy()[2:], atol=1e-15)


def test_plant_crash_the_stationary_features_see_it():
    crashed = data.plant_crash(_market(), 120, log_return=-0.256)
    features = data.stationary_features(crashed)
    assert features["log_return"].iloc[120] == pytest.approx(_market()["target"].iloc[119] - 0.256)
    assert features["log_return"].idxmin() == crashed.index[120]


def test_plant_crash_without_flow_leaves_flow_and_oracle():
    market = _market()
    crashed = data.plant_crash(market, 120, flow=None)
    pd.testing.assert_series_equal(crashed["flow"], market["flow"])
    pd.testing.assert_series_equal(crashed["oracle"], market["oracle"])


def test_plant_crash_does_not_mutate_its_input():
    market = _market()
    before = market.copy()
    data.plant_crash(market, 100)
    pd.testing.assert_frame_equal(market, before)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (dict(day=1.5), TypeError, "day"),
        (dict(day=True), TypeError, "day"),
        (dict(day=1), ValueError, "day"),
        (dict(day=399), ValueError, "day"),
        (dict(day=100, log_return="big"), TypeError, "log_return"),
        (dict(day=100, log_return=np.inf), ValueError, "log_return"),
        (dict(day=100, volume_factor=0.0), ValueError, "volume_factor"),
        (dict(day=100, flow=np.nan), ValueError, "flow"),
    ],
)
def test_plant_crash_rejects_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        data.plant_crash(_market(), **kwargs)
