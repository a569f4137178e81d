"""Tests of helpers.metrics: directional accuracy, RMSE, R^2, edge fraction and evaluate."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.metrics import mean_squared_error, r2_score

from helpers import baselines, data, metrics

COLUMNS = ["accuracy", "rmse", "r2", "edge_fraction"]


@cache
def _scored():
    market = data.make_market(4000, seed=0)
    y = market["target"].to_numpy()
    oracle = market["oracle"].to_numpy()
    naive = baselines.naive_mean(y[:1000], len(y))
    return y, oracle, naive


_floats = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)


@st.composite
def _pairs(draw, min_size=1):
    n = draw(st.integers(min_size, 40))
    y = draw(hnp.arrays(np.float64, n, elements=_floats))
    y_hat = draw(hnp.arrays(np.float64, n, elements=_floats))
    return y, y_hat


# --------------------------------------------------------------------------- directional_accuracy


def test_directional_accuracy_hand_examples():
    assert metrics.directional_accuracy([0.01, -0.02, 0.03, -0.01], [0.5, -0.1, -0.2, 0.0]) == 0.75
    assert metrics.directional_accuracy([1.0, 2.0], [3.0, 4.0]) == 1.0
    assert metrics.directional_accuracy([1.0, -2.0], [-3.0, 4.0]) == 0.0
    assert isinstance(metrics.directional_accuracy([1.0], [1.0]), float)


def test_zero_forecasts_count_as_down():
    assert metrics.directional_accuracy([-0.01, -0.02, 0.03, 0.04], np.zeros(4)) == 0.5
    assert metrics.directional_accuracy([-0.01, -0.02], [0.0, 0.0]) == 1.0
    assert metrics.directional_accuracy([0.01, 0.02], [0.0, 0.0]) == 0.0
    # A realised return of exactly 0 is "down" as well.
    assert metrics.directional_accuracy([0.0, 0.0], [-1.0, 1.0]) == 0.5


@given(_pairs())
def test_directional_accuracy_properties(pair):
    y, y_hat = pair
    acc = metrics.directional_accuracy(y, y_hat)
    assert 0.0 <= acc <= 1.0
    assert acc == pytest.approx(
        np.mean([(a > 0) == (b > 0) for a, b in zip(y, y_hat, strict=True)])
    )
    # Flipping every non-zero forecast flips every call.
    if np.all(y_hat != 0):
        assert acc + metrics.directional_accuracy(y, -y_hat) == pytest.approx(1.0)
    # Only the sign matters.
    assert metrics.directional_accuracy(y, 3.0 * y_hat) == acc


# --------------------------------------------------------------------------- rmse / r2


def test_rmse_hand_examples():
    assert metrics.rmse([1.0, 2.0], [1.0, 4.0]) == pytest.approx(np.sqrt(2.0))
    assert metrics.rmse([0.0, 0.0], [3.0, 4.0]) == pytest.approx(np.sqrt(12.5))
    assert metrics.rmse([1.5, -2.0], [1.5, -2.0]) == 0.0


@given(_pairs())
def test_rmse_matches_sklearn(pair):
    y, y_hat = pair
    assert metrics.rmse(y, y_hat) == pytest.approx(
        np.sqrt(mean_squared_error(y, y_hat)), rel=1e-9, abs=1e-9
    )
    assert metrics.rmse(y, y_hat) == pytest.approx(metrics.rmse(y_hat, y))


def test_r2_hand_examples():
    y = np.array([1.0, 2.0, 3.0, 4.0])
    assert metrics.r2(y, y) == 1.0
    assert metrics.r2(y, np.full(4, y.mean())) == pytest.approx(0.0)
    assert metrics.r2(y, y[::-1]) < 0


@given(_pairs(min_size=2).filter(lambda p: np.ptp(p[0]) > 1e-3))
def test_r2_matches_sklearn(pair):
    y, y_hat = pair
    assert metrics.r2(y, y_hat) == pytest.approx(r2_score(y, y_hat), rel=1e-9, abs=1e-9)


# --------------------------------------------------------------------------- input checks

FUNCTIONS = [metrics.directional_accuracy, metrics.rmse, metrics.r2]


@pytest.mark.parametrize("func", FUNCTIONS)
def test_accepts_keras_shaped_predictions(func):
    rng = np.random.default_rng(1)
    y, y_hat = rng.standard_normal(20), rng.standard_normal(20)
    assert func(y, y_hat.reshape(-1, 1)) == func(y, y_hat)
    assert func(y, y_hat.reshape(-1, 1).astype(np.float32)) == pytest.approx(
        func(y, y_hat), rel=1e-5
    )


@pytest.mark.parametrize("func", FUNCTIONS)
@pytest.mark.parametrize(
    "y, y_hat, message",
    [
        (np.zeros(5), np.zeros(4), "must match"),
        (np.zeros(5), np.zeros(6), "must match"),
        (np.zeros(0), np.zeros(0), "empty"),
        (np.zeros((5, 2)), np.zeros((5, 2)), "1-D"),
        (np.zeros(4), np.zeros((4, 2)), "1-D"),
        (np.zeros((4, 1)), np.zeros(4), "1-D"),
        (np.array([0.1, np.nan, 0.2]), np.zeros(3), "y_true"),
        (np.zeros(3), np.array([0.1, np.inf, 0.2]), "y_hat"),
    ],
)
def test_bad_inputs_raise(func, y, y_hat, message):
    with pytest.raises(ValueError, match=message):
        func(y, y_hat)


# --------------------------------------------------------------------------- edge_fraction


def test_edge_fraction_hand_examples():
    y = np.array([1.0, -1.0, 1.0, -1.0])
    assert metrics.edge_fraction(y, y, oracle=y, naive=np.ones(4)) == 1.0
    assert metrics.edge_fraction(y, np.ones(4), oracle=y, naive=np.ones(4)) == 0.0
    # Right on 3 of 4 days: half-way between naive (2 of 4) and the oracle (4 of 4).
    assert metrics.edge_fraction(
        y, [1.0, -1.0, 1.0, 1.0], oracle=y, naive=np.ones(4)
    ) == pytest.approx(0.5)
    # Worse than naive is negative.
    assert metrics.edge_fraction(y, -y, oracle=y, naive=np.ones(4)) == pytest.approx(-1.0)


def test_edge_fraction_on_a_market():
    y, oracle, naive = _scored()
    assert metrics.edge_fraction(y, naive, oracle, naive) == 0.0
    assert metrics.edge_fraction(y, oracle, oracle, naive) == 1.0
    # A forecast that copies the oracle on every other day and the naive forecast otherwise lands
    # in between.
    mixed = np.where(np.arange(len(y)) % 2 == 0, oracle, naive)
    assert 0.2 < metrics.edge_fraction(y, mixed, oracle, naive) < 0.8


def test_edge_fraction_raises_when_the_oracle_has_no_edge():
    y = np.array([1.0, -1.0, 1.0, -1.0])
    with pytest.raises(ValueError, match="no edge"):
        metrics.edge_fraction(y, y, oracle=np.ones(4), naive=np.ones(4))
    with pytest.raises(ValueError, match="no edge"):
        metrics.edge_fraction(y, y, oracle=-y, naive=np.ones(4))


def test_edge_fraction_checks_every_array():
    y = np.array([1.0, -1.0, 1.0, -1.0])
    with pytest.raises(ValueError):
        metrics.edge_fraction(y, y, oracle=y, naive=np.ones(3))
    with pytest.raises(ValueError):
        metrics.edge_fraction(y, y[:3], oracle=y, naive=np.ones(4))
    with pytest.raises(ValueError, match="y_hat"):
        metrics.edge_fraction(y, y, oracle=np.array([1.0, np.nan, 1.0, -1.0]), naive=np.ones(4))


# --------------------------------------------------------------------------- evaluate


def test_evaluate_table():
    y, oracle, naive = _scored()
    zero = baselines.zero(len(y))
    table = metrics.evaluate(
        y,
        {"zero": zero, "half": np.where(np.arange(len(y)) % 2 == 0, oracle, naive)},
        oracle=oracle,
        naive=naive,
    )
    assert list(table.index) == ["naive", "zero", "half", "oracle"]
    assert list(table.columns) == COLUMNS
    assert table.index.name == "forecast"
    assert table.loc["naive", "edge_fraction"] == 0.0
    assert table.loc["oracle", "edge_fraction"] == 1.0
    assert table.loc["zero", "accuracy"] == metrics.directional_accuracy(y, zero)
    assert table.loc["oracle", "rmse"] == pytest.approx(metrics.rmse(y, oracle))
    assert table.loc["oracle", "r2"] == pytest.approx(metrics.r2(y, oracle))
    assert table.loc["oracle", "r2"] > table.loc["naive", "r2"]
    assert table.notna().all().all()


def test_evaluate_does_not_duplicate_oracle_or_naive():
    y, oracle, naive = _scored()
    table = metrics.evaluate(
        y, {"oracle": oracle, "zero": np.zeros(len(y))}, oracle=oracle, naive=naive
    )
    assert sorted(table.index) == ["naive", "oracle", "zero"]
    assert table.index[0] == "naive"
    assert table.loc["oracle", "edge_fraction"] == 1.0


def test_evaluate_accepts_keras_shaped_predictions():
    y, oracle, naive = _scored()
    flat = metrics.evaluate(y, {"m": oracle * 0.5}, oracle=oracle, naive=naive)
    column = metrics.evaluate(y, {"m": (oracle * 0.5).reshape(-1, 1)}, oracle=oracle, naive=naive)
    np.testing.assert_allclose(flat.to_numpy(), column.to_numpy())


def test_evaluate_rejects_bad_input():
    y, oracle, naive = _scored()
    with pytest.raises(ValueError, match="empty"):
        metrics.evaluate(y, {}, oracle=oracle, naive=naive)
    with pytest.raises(ValueError, match="must match"):
        metrics.evaluate(y, {"short": np.zeros(len(y) - 1)}, oracle=oracle, naive=naive)
    with pytest.raises(ValueError, match="y_hat"):
        metrics.evaluate(y, {"nan": np.full(len(y), np.nan)}, oracle=oracle, naive=naive)
    with pytest.raises(ValueError, match="no edge"):
        metrics.evaluate(y, {"zero": np.zeros(len(y))}, oracle=naive, naive=naive)


# --------------------------------------------------------------------------- magnitude, intervals


def test_r2_fraction_is_one_for_the_oracle_and_negative_for_right_signs_at_the_wrong_size():
    rng = np.random.default_rng(2)
    mean = rng.normal(size=4_000)
    y = mean + rng.normal(size=4_000)
    assert metrics.r2_fraction(y, mean, mean) == pytest.approx(1.0)
    too_big = 5 * mean  # every sign right: the oracle's edge, and yet ...
    assert metrics.edge_fraction(y, too_big, mean, np.zeros_like(y)) == pytest.approx(1.0)
    assert metrics.r2_fraction(y, too_big, mean) < 0  # ... worse than a constant
    with pytest.raises(ValueError, match="not positive"):
        metrics.r2_fraction(y, mean, -mean)


def _market_forecasts(n: int, seed: int):
    m = data.make_market(n, seed=seed)
    y, oracle = m["target"].to_numpy(), m["oracle"].to_numpy()
    rng = np.random.default_rng(seed)
    half = np.where(rng.random(n) < 0.5, oracle, rng.normal(size=n) * oracle.std())
    return y, half, oracle, np.full(n, y.mean())


def test_edge_interval_covers_the_long_run_edge_on_most_short_periods():
    # A forecast that is the oracle on a random half of days and noise on the rest: its long-run
    # edge fraction is measured on 200,000 days; 95% intervals from 2,000-day periods must
    # cover it on most periods (measured: 37 of 40; a 50% interval covers about half, and a
    # point estimate none).
    y, f, o, n = _market_forecasts(200_000, seed=0)
    truth = metrics.edge_fraction(y, f, o, n)
    covered = []
    for k in range(40):
        part = slice(5_000 * k, 5_000 * k + 2_000)
        ci = metrics.edge_interval(y[part], f[part], o[part], n[part], reps=300, seed=k)
        assert ci.low <= ci.point <= ci.high
        covered.append(ci.low <= truth <= ci.high)
    assert np.mean(covered) >= 0.85


def test_edge_interval_narrows_with_more_days_and_is_reproducible():
    y, f, o, n = _market_forecasts(20_000, seed=1)
    short = metrics.edge_interval(y[:2_000], f[:2_000], o[:2_000], n[:2_000], seed=3)
    long = metrics.edge_interval(y, f, o, n, seed=3)
    assert long.high - long.low < 0.5 * (short.high - short.low)
    assert metrics.edge_interval(y, f, o, n, seed=3) == long
    assert str(long).count("[") == 1


def test_bootstrap_interval_rejects_bad_input():
    x = np.arange(100.0)
    with pytest.raises(ValueError, match="same days"):
        metrics.bootstrap_interval(np.mean, x, x[:-1])
    with pytest.raises(ValueError, match="smaller block"):
        metrics.bootstrap_interval(np.mean, x, block=60)
    with pytest.raises(ValueError, match="level"):
        metrics.bootstrap_interval(np.mean, x, block=5, level=95)
    with pytest.raises(TypeError, match="statistic"):
        metrics.bootstrap_interval("mean", x)
    with pytest.raises(ValueError, match="at least one"):
        metrics.bootstrap_interval(np.mean)


def test_scorecard_adds_intervals_and_r2_fraction_to_evaluate():
    y, f, o, n = _market_forecasts(5_000, seed=2)
    table = metrics.scorecard(y, {"half": f}, oracle=o, naive=n, reps=200)
    plain = metrics.evaluate(y, {"half": f}, oracle=o, naive=n)
    assert list(table.index) == list(plain.index)
    assert (table[plain.columns] == plain).all().all()
    row = table.loc["half"]
    assert row.edge_low < row.edge_fraction < row.edge_high
    assert table.loc["oracle", "r2_fraction"] == pytest.approx(1.0)
    assert table.loc["oracle", "edge_low"] == table.loc["oracle", "edge_high"] == 1.0
