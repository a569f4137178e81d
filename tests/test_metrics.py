"""Tests of helpers.metrics: directional accuracy, RMSE, R^2, edge fraction and evaluate."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
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
def _pairs(draw, min_size=1, y_elements=_floats):
    n = draw(st.integers(min_size, 40))
    y = draw(hnp.arrays(np.float64, n, elements=y_elements))
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


# --------------------------------------------------------------------------- sign_returns


def test_sign_returns_hand_examples():
    y = [0.01, -0.02, 0.03, 0.01]
    # Positions +1, -1, -1, -1 (a forecast of exactly 0 is short): gross returns.
    np.testing.assert_allclose(
        metrics.sign_returns(y, [1.0, -1.0, -1.0, 0.0]), [0.01, 0.02, -0.03, -0.01]
    )
    # Units traded: 1 to open, 2 to flip long -> short, then none: cost 0.001 per unit.
    np.testing.assert_allclose(
        metrics.sign_returns(y, [1.0, -1.0, -1.0, 0.0], cost=0.001),
        [0.009, 0.018, -0.03, -0.01],
        rtol=0,
        atol=1e-15,
    )
    # Short -> long trades 2 units as well; staying put trades none.
    np.testing.assert_allclose(
        metrics.sign_returns([0.01, 0.01, 0.01], [-2.0, 5.0, 0.1], cost=0.002),
        [-0.012, 0.006, 0.01],
        rtol=0,
        atol=1e-15,
    )
    out = metrics.sign_returns(y, np.ones(4))
    assert isinstance(out, np.ndarray) and out.shape == (4,) and out.dtype == np.float64


def test_sign_returns_accepts_keras_shaped_predictions():
    rng = np.random.default_rng(4)
    y, y_hat = rng.standard_normal(30), rng.standard_normal(30)
    np.testing.assert_array_equal(
        metrics.sign_returns(y, y_hat.reshape(-1, 1), cost=0.001),
        metrics.sign_returns(y, y_hat, cost=0.001),
    )


_returns = st.floats(-0.2, 0.2, allow_nan=False, allow_infinity=False)


@given(_pairs(y_elements=_returns))
def test_sign_returns_at_zero_cost_is_the_position_times_the_return(pair):
    y, y_hat = pair
    position = np.where(y_hat > 0, 1.0, -1.0)
    np.testing.assert_array_equal(metrics.sign_returns(y, y_hat), position * y)
    # Only the sign of the forecast matters.
    np.testing.assert_array_equal(metrics.sign_returns(y, 7.0 * y_hat), position * y)


@given(hnp.arrays(np.float64, st.integers(1, 40), elements=_returns))
def test_sign_returns_of_the_perfect_forecast_is_the_absolute_return(y):
    np.testing.assert_array_equal(metrics.sign_returns(y, y), np.abs(y))
    # ... and the perfect forecast's opposite loses all of it (days of exactly 0 aside: short).
    moving = y != 0
    np.testing.assert_array_equal(metrics.sign_returns(y, -y)[moving], -np.abs(y)[moving])


@given(
    _pairs(y_elements=_returns),
    st.floats(0.0, 0.01, allow_nan=False),
    st.floats(0.0, 0.01, allow_nan=False),
)
def test_more_cost_never_raises_the_returns(pair, cost_a, cost_b):
    y, y_hat = pair
    low, high = sorted((cost_a, cost_b))
    cheap = metrics.sign_returns(y, y_hat, cost=low)
    dear = metrics.sign_returns(y, y_hat, cost=high)
    assert np.all(dear <= cheap)
    # The total cost is the cost per unit times the units traded: 1 to open, 2 per flip.
    position = np.where(y_hat > 0, 1.0, -1.0)
    units = 1 + 2 * np.count_nonzero(np.diff(position))
    gross = metrics.sign_returns(y, y_hat)
    assert (gross - dear).sum() == pytest.approx(high * units, rel=1e-9, abs=1e-12)
    assert dear[0] == pytest.approx(gross[0] - high, abs=1e-15)  # the first day opens


@pytest.mark.parametrize(
    "cost, error",
    [(-0.001, ValueError), (np.nan, ValueError), (np.inf, ValueError), ("0.001", TypeError)],
)
def test_sign_returns_rejects_bad_costs(cost, error):
    with pytest.raises(error, match="cost"):
        metrics.sign_returns([0.01, -0.01], [1.0, 1.0], cost=cost)


@pytest.mark.parametrize(
    "y, y_hat, message",
    [
        (np.zeros(5), np.zeros(4), "must match"),
        (np.zeros(0), np.zeros(0), "empty"),
        (np.zeros((5, 2)), np.zeros((5, 2)), "1-D"),
        (np.array([0.1, np.nan]), np.zeros(2), "y_true"),
        (np.zeros(2), np.array([np.inf, 1.0]), "y_hat"),
    ],
)
def test_sign_returns_rejects_bad_arrays(y, y_hat, message):
    with pytest.raises(ValueError, match=message):
        metrics.sign_returns(y, y_hat)


# --------------------------------------------------------------------------- sharpe


def test_sharpe_hand_examples():
    # mean 2, sample sd sqrt(2): 2 / sqrt(2) * sqrt(periods).
    assert metrics.sharpe(np.array([1.0, 3.0]), periods=1) == pytest.approx(np.sqrt(2.0))
    assert metrics.sharpe(np.array([1.0, 3.0]), periods=4) == pytest.approx(2 * np.sqrt(2.0))
    # The default annualises daily returns over 252 trading days.
    r = np.array([0.01, -0.005, 0.02, 0.0])
    assert metrics.sharpe(r) == pytest.approx(r.mean() / r.std(ddof=1) * np.sqrt(252))
    assert metrics.sharpe(r) == pytest.approx(metrics.sharpe(r, periods=1) * np.sqrt(252))
    assert metrics.sharpe([-1.0, -3.0], periods=1) == pytest.approx(-np.sqrt(2.0))
    assert isinstance(metrics.sharpe([0.0, 1.0]), float)


_sharpe_returns = hnp.arrays(np.float64, st.integers(2, 60), elements=st.floats(-0.5, 0.5)).filter(
    lambda r: np.ptp(r) > 1e-4
)


@given(_sharpe_returns, st.floats(1e-3, 1e3))
def test_sharpe_is_scale_invariant(returns, k):
    assert metrics.sharpe(k * returns) == pytest.approx(metrics.sharpe(returns), rel=1e-6, abs=1e-9)
    # A short of the same strategy has the opposite ratio.
    assert metrics.sharpe(-k * returns) == pytest.approx(
        -metrics.sharpe(returns), rel=1e-6, abs=1e-9
    )


@given(_sharpe_returns, st.floats(0.01, 0.5))
def test_sharpe_rises_with_a_constant_added_to_every_day(returns, shift):
    # Not a tautology of scale invariance: adding a constant moves the mean, not the sd.
    assert metrics.sharpe(returns + shift) > metrics.sharpe(returns)


@pytest.mark.parametrize(
    "returns, message",
    [
        (np.zeros(5), "do not vary"),
        (np.full(10, 0.25), "do not vary"),
        (np.array([0.01]), "at least 2"),
        (np.array([]), "at least 2"),
        (np.zeros((5, 2)) + np.arange(2), "1-D"),
        (np.array([0.01, np.nan, 0.02]), "returns"),
        (np.array([0.01, np.inf, 0.02]), "returns"),
    ],
)
def test_sharpe_rejects_bad_returns(returns, message):
    with pytest.raises(ValueError, match=message):
        metrics.sharpe(returns)


@pytest.mark.parametrize(
    "periods, error", [(0, ValueError), (-252, ValueError), (252.0, TypeError), (True, TypeError)]
)
def test_sharpe_rejects_bad_periods(periods, error):
    with pytest.raises(error, match="periods"):
        metrics.sharpe(np.array([0.01, -0.005, 0.02]), periods=periods)


# --------------------------------------------------------------------------- trading_scores

TRADING_COLUMNS = ["accuracy", "annual_return", "sharpe", "sharpe_low", "sharpe_high"]


def _trading_forecasts(seed: int):
    market = data.make_market(2_000, seed=seed)
    y, oracle = market["target"].to_numpy(), market["oracle"].to_numpy()
    noise = np.random.default_rng(seed).normal(size=len(y))
    return y, {"perfect": y, "oracle": oracle, "random": noise}


def test_trading_scores_table():
    y, forecasts = _trading_forecasts(0)
    table = metrics.trading_scores(y, forecasts, cost=0.0005, reps=200)
    assert list(table.columns) == TRADING_COLUMNS
    assert list(table.index) == ["perfect", "oracle", "random"]
    assert table.index.name == "forecast"
    for name, y_hat in forecasts.items():
        daily = metrics.sign_returns(y, y_hat, cost=0.0005)
        row = table.loc[name]
        assert row.accuracy == metrics.directional_accuracy(y, y_hat)
        assert row.annual_return == pytest.approx(daily.mean() * metrics.TRADING_DAYS)
        assert row.sharpe == pytest.approx(metrics.sharpe(daily))
        assert row.sharpe_low <= row.sharpe <= row.sharpe_high
    assert table.loc["perfect", "accuracy"] == 1.0
    assert table.notna().all().all()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_trading_scores_rank_the_perfect_forecast_above_the_oracle_above_a_random_one(seed):
    y, forecasts = _trading_forecasts(seed)
    table = metrics.trading_scores(y, forecasts, cost=0.0005, reps=200, seed=seed)
    for column in ("accuracy", "annual_return", "sharpe"):
        assert (
            table.loc["perfect", column] > table.loc["oracle", column] > table.loc["random", column]
        ), column
    # The intervals separate them too (measured: perfect above 13, oracle 5.4-8.6, random -1.7-0.7).
    assert table.loc["perfect", "sharpe_low"] > table.loc["oracle", "sharpe_high"]
    assert table.loc["oracle", "sharpe_low"] > table.loc["random", "sharpe_high"]


def test_trading_scores_cost_lowers_return_and_sharpe_only():
    y, forecasts = _trading_forecasts(1)
    free = metrics.trading_scores(y, forecasts, reps=100)
    costly = metrics.trading_scores(y, forecasts, cost=0.002, reps=100)
    pd.testing.assert_series_equal(free["accuracy"], costly["accuracy"])
    assert (costly["annual_return"] < free["annual_return"]).all()
    assert (costly["sharpe"] < free["sharpe"]).all()


def test_trading_scores_bootstrap_arguments_reach_the_interval():
    y, forecasts = _trading_forecasts(2)
    one = {"oracle": forecasts["oracle"]}
    a = metrics.trading_scores(y, one, reps=200, seed=5)
    pd.testing.assert_frame_equal(a, metrics.trading_scores(y, one, reps=200, seed=5))
    narrow = metrics.trading_scores(y, one, reps=200, seed=5, level=0.5)
    assert narrow.loc["oracle", "sharpe"] == a.loc["oracle", "sharpe"]
    width = a.sharpe_high - a.sharpe_low
    assert (narrow.sharpe_high - narrow.sharpe_low).iloc[0] < width.iloc[0]
    with pytest.raises(ValueError, match="smaller block"):
        metrics.trading_scores(y[:60], {"oracle": forecasts["oracle"][:60]})


def test_trading_scores_rejects_bad_input():
    y, forecasts = _trading_forecasts(0)
    with pytest.raises(ValueError, match="empty"):
        metrics.trading_scores(y, {})
    with pytest.raises(ValueError, match="must match"):
        metrics.trading_scores(y, {"short": forecasts["oracle"][:-1]})
    with pytest.raises(ValueError, match="cost"):
        metrics.trading_scores(y, forecasts, cost=-0.001)
