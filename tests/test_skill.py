"""Tests of helpers.skill: skill scores against a reference, and the lag profile of a forecast."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.metrics import mean_squared_error

from helpers import skill

_floats = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)


@st.composite
def _triples(draw):
    n = draw(st.integers(1, 40))
    arrays = [draw(hnp.arrays(np.float64, n, elements=_floats)) for _ in range(3)]
    return tuple(arrays)


def _walk(n: int = 500, seed: int = 0) -> np.ndarray:
    return 100 + np.cumsum(np.random.default_rng(seed).normal(size=n))


# --------------------------------------------------------------------------- skill_score
@given(_triples())
def test_skill_score_matches_sklearn_mse(triple):
    y, y_hat, y_ref = triple
    reference = mean_squared_error(y, y_ref)
    assume(reference > 1e-9)
    expected = 1 - mean_squared_error(y, y_hat) / reference
    assert skill.skill_score(y, y_hat, y_ref) == pytest.approx(expected, rel=1e-9, abs=1e-9)


@given(_triples())
def test_skill_score_is_at_most_one_and_one_only_when_perfect(triple):
    y, y_hat, y_ref = triple
    assume(mean_squared_error(y, y_ref) > 1e-9)
    score = skill.skill_score(y, y_hat, y_ref)
    assert score <= 1.0
    assert skill.skill_score(y, y, y_ref) == 1.0
    assert skill.skill_score(y, y_ref, y_ref) == 0.0


def test_skill_score_is_negative_for_a_worse_forecast():
    y = np.array([1.0, 2.0, 3.0])
    assert skill.skill_score(y, y + 2.0, y + 1.0) == pytest.approx(-3.0)


def test_skill_score_accepts_keras_column_output():
    y = np.array([1.0, 2.0, 3.0])
    assert skill.skill_score(y, y.reshape(-1, 1), np.zeros(3)) == 1.0


@pytest.mark.parametrize(
    ("y_hat", "y_ref", "message"),
    [
        (np.ones(2), np.zeros(3), "lengths differ"),
        (np.array([1.0, np.nan, 1.0]), np.zeros(3), "NaN"),
        (np.ones(3), np.array([1.0, 2.0, 3.0]), "zero error"),
    ],
)
def test_skill_score_rejects_bad_input(y_hat, y_ref, message):
    with pytest.raises(ValueError, match=message):
        skill.skill_score(np.array([1.0, 2.0, 3.0]), y_hat, y_ref)


def test_skill_score_rejects_empty_and_2d():
    with pytest.raises(ValueError, match="empty"):
        skill.skill_score([], [], [])
    with pytest.raises(ValueError, match="1-D"):
        skill.skill_score(np.zeros((2, 2)), np.zeros((2, 2)), np.ones((2, 2)))


def test_persistence_skill_of_persistence_is_zero_and_of_truth_is_one():
    prices = _walk()
    today, tomorrow = prices[:-1], prices[1:]
    assert skill.persistence_skill(tomorrow, today, today) == 0.0
    assert skill.persistence_skill(tomorrow, tomorrow, today) == 1.0
    # a level forecast that is nearly perfect by R^2 can still be worse than persistence
    lagged_twice = np.r_[prices[0], prices[:-2]]
    assert skill.persistence_skill(tomorrow, lagged_twice, today) < 0


# --------------------------------------------------------------------------- lag_profile / best_lag
def test_lag_profile_of_a_lagged_copy_peaks_at_its_lag():
    prices = _walk(800, seed=3)
    for lag in range(4):
        shifted = np.r_[np.full(lag, prices[0]), prices[: len(prices) - lag]]
        profile = skill.lag_profile(shifted, prices, max_lag=5)
        assert list(profile.index) == [0, 1, 2, 3, 4, 5]
        assert profile.index.name == "lag"
        assert profile[lag] > 0.99
        assert profile.drop(lag).abs().max() < 0.2
        assert skill.best_lag(shifted, prices) == lag


def test_lag_profile_of_a_tracking_forecast_peaks_at_zero():
    prices = _walk(800, seed=4)
    noisy = prices + np.random.default_rng(1).normal(scale=0.3, size=prices.size)
    assert skill.best_lag(noisy, prices) == 0


def test_lag_profile_compares_forecast_of_day_t_with_series_before_t():
    # the forecast's change on day t is the series' change on day t-2
    series = _walk(400, seed=5)
    forecast = pd.Series(series).shift(2).bfill().to_numpy()
    profile = skill.lag_profile(forecast, series, max_lag=3)
    assert profile.idxmax() == 2
    assert isinstance(profile, pd.Series)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"max_lag": -1}, ValueError, "max_lag"),
        ({"max_lag": 1.5}, TypeError, "max_lag"),
        ({"max_lag": 200}, ValueError, "at least"),
    ],
)
def test_lag_profile_rejects_bad_max_lag(kwargs, error, message):
    prices = _walk(100)
    with pytest.raises(error, match=message):
        skill.lag_profile(prices, prices, **kwargs)


def test_lag_profile_rejects_constant_mismatched_and_nan():
    prices = _walk(100)
    with pytest.raises(ValueError, match="never changes"):
        skill.lag_profile(np.ones(100), prices)
    with pytest.raises(ValueError, match="lengths differ"):
        skill.lag_profile(prices[:-1], prices)
    bad = prices.copy()
    bad[5] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        skill.best_lag(bad, prices)


# ---------------------------------------------------- implied_return / implied_level / level_scores
@given(
    hnp.arrays(np.float64, st.integers(1, 30), elements=st.floats(-0.2, 0.2)),
    st.floats(1.0, 1e4),
)
def test_implied_level_and_implied_return_are_inverse(returns, price):
    prev = np.full(returns.size, price)
    np.testing.assert_allclose(
        skill.implied_return(skill.implied_level(returns, prev), prev), returns, atol=1e-12
    )


def test_implied_return_rejects_non_positive_levels():
    with pytest.raises(ValueError, match="positive"):
        skill.implied_return([-1.0, 2.0], [1.0, 1.0])


def _scored_market():
    from helpers import baselines, data

    market = data.make_market(3000, seed=0)
    returns = market["target"].to_numpy()
    return (
        market["price"].to_numpy(),
        returns,
        market["oracle"].to_numpy(),
        baselines.naive_mean(returns[:500], 3000),
    )


def test_level_scores_rows_columns_and_yardsticks():
    price, returns, oracle, naive = _scored_market()
    table = skill.level_scores(
        returns, price, {"half oracle": 0.5 * oracle}, oracle=oracle, naive=naive
    )
    assert list(table.index) == ["naive", "persistence", "half oracle", "oracle"]
    assert list(table.columns) == ["r2_levels", "skill_vs_persistence", "accuracy", "edge_fraction"]
    assert table.loc["persistence", "skill_vs_persistence"] == 0.0
    assert table.loc["oracle", "edge_fraction"] == 1.0
    assert table.loc["naive", "edge_fraction"] == 0.0
    # R^2 on levels cannot tell the oracle from persistence; skill can
    assert abs(table.loc["oracle", "r2_levels"] - table.loc["persistence", "r2_levels"]) < 0.01
    assert table.loc["oracle", "skill_vs_persistence"] > 0.1
    assert (
        0
        < table.loc["half oracle", "skill_vs_persistence"]
        < table.loc["oracle", "skill_vs_persistence"]
    )


def test_level_scores_rejects_empty_forecasts_and_mismatched_days():
    price, returns, oracle, naive = _scored_market()
    with pytest.raises(ValueError, match="non-empty"):
        skill.level_scores(returns, price, {}, oracle=oracle, naive=naive)
    with pytest.raises(ValueError, match="lengths differ"):
        skill.level_scores(returns, price[:-1], {"x": oracle}, oracle=oracle, naive=naive)


# --------------------------------------------------------------------------- diebold_mariano


def test_diebold_mariano_detects_a_real_edge_and_not_an_imaginary_one():
    rng = np.random.default_rng(0)
    signal = rng.normal(scale=0.5, size=5_000)
    y = signal + rng.normal(size=5_000)
    zero = np.zeros_like(y)
    assert skill.diebold_mariano(y, signal, zero) > 5  # knows the signal: far beyond noise
    assert skill.diebold_mariano(y, zero, signal) < -5  # the same test, the other way round
    unrelated = rng.normal(scale=0.01, size=5_000)  # a tiny forecast with no information
    assert abs(skill.diebold_mariano(y, unrelated, zero)) < 3


@given(_triples())
def test_diebold_mariano_is_antisymmetric(triple):
    y, a, b = triple
    assume(y.size >= 10)
    d = (y - b) ** 2 - (y - a) ** 2
    assume(np.std(d, ddof=1) > 1e-6 * (1 + np.abs(d).max()))
    assert skill.diebold_mariano(y, a, b) == pytest.approx(-skill.diebold_mariano(y, b, a))


def _iid_statistic(y, a, b):
    d = (y - b) ** 2 - (y - a) ** 2
    return np.mean(d) / (np.std(d, ddof=1) / np.sqrt(d.size))


def test_diebold_mariano_discounts_serially_correlated_loss_differentials():
    # The forecast's advantage comes and goes in long spells (a persistent regime): the days are
    # not independent, so the evidence is weaker than n independent days would give. The
    # Newey-West variance says so; the plain one (the old formula) overstates it several times.
    rng = np.random.default_rng(3)
    n = 4_000
    regime = np.repeat(rng.normal(size=n // 100), 100)
    y = rng.normal(size=n)
    a = y - 0.5 * (1 + regime) * rng.normal(size=n)
    b = y - 0.75 * rng.normal(size=n)
    hac = skill.diebold_mariano(y, a, b)
    assert abs(hac) < abs(_iid_statistic(y, a, b)) / 2
    # with independent days the two agree (HLN's factor is about 1 one step ahead)
    a_iid = y - 0.5 * rng.normal(size=n)
    assert skill.diebold_mariano(y, a_iid, b) == pytest.approx(_iid_statistic(y, a_iid, b), rel=0.1)


def test_diebold_mariano_applies_the_hln_factor_for_longer_horizons():
    rng = np.random.default_rng(4)
    y = rng.normal(size=60)
    a, b = y + rng.normal(size=60), y + 2 * rng.normal(size=60)
    one, five = skill.diebold_mariano(y, a, b), skill.diebold_mariano(y, a, b, horizon=5)
    n, h = 60, 5
    assert five / one == pytest.approx(np.sqrt((n + 1 - 2 * h + h * (h - 1) / n) / (n - 1)))


def test_diebold_mariano_rejects_too_few_and_identical_forecasts():
    y = np.arange(1.0, 13.0)
    with pytest.raises(ValueError, match="at least 10"):
        skill.diebold_mariano(y[:5], y[:5], y[:5] + 1)
    with pytest.raises(ValueError, match="horizon"):
        skill.diebold_mariano(y, y, y + 1, horizon=0)
    with pytest.raises(ValueError, match="identical squared errors"):
        skill.diebold_mariano(y, y + 1, y - 1)


# --------------------------------------------------------------------------- verdict


def _verdict_table(mean_accuracy: float = 0.53, **row: float) -> pd.DataFrame:
    base = {
        "accuracy": mean_accuracy,
        "gain": 0.0,
        "gain_low": -0.03,
        "gain_high": 0.03,
        "skill": 0.0,
        "skill_low": -0.01,
        "skill_high": 0.01,
        "dm": 0.0,
    }
    mean = {**dict.fromkeys(base, 0.0), "accuracy": mean_accuracy, "dm": np.nan}
    return pd.DataFrame([mean, {**base, **row}], index=["training mean", "model"])


def _outcome(text: str) -> str:
    found = [v for v in skill.VERDICTS if v in text]
    assert len(found) == 1, text
    return found[0]


def test_verdict_calls_an_interval_above_zero_with_a_large_dm_an_edge():
    table = _verdict_table(skill=0.02, skill_low=0.01, skill_high=0.03, dm=3.1)
    text = skill.verdict(table, "model", flagged=["lookahead", "overlap"])
    assert _outcome(text) == skill.EDGE
    assert "check it for leaks (the doctor flagged lookahead, overlap)" in text
    assert "+0.020 [+0.010, +0.030]" in text and "+3.10" in text
    clean = skill.verdict(table, "model", flagged=[])
    assert "sees only the leaks it checks for" in clean


def test_verdict_finds_no_edge_when_the_interval_holds_zero():
    text = skill.verdict(_verdict_table(skill=0.004, dm=1.2), "model", flagged=[])
    assert _outcome(text) == skill.NO_EDGE
    assert text.endswith("no evidence of an edge (the doctor flagged nothing)")


def test_verdict_needs_the_interval_and_the_dm_to_agree_on_squared_error():
    above = _verdict_table(skill=0.01, skill_low=0.001, skill_high=0.02, dm=1.5)
    assert _outcome(skill.verdict(above, "model")) == skill.NO_EDGE
    large_dm = _verdict_table(skill=0.005, dm=2.5)  # the interval still holds 0
    assert _outcome(skill.verdict(large_dm, "model")) == skill.NO_EDGE


def test_verdict_never_calls_a_directional_gain_alone_an_edge():
    # the S&P 500 example, seed 2: an LSTM that says "up" on 91 % of days gains on the training
    # mean's sign beyond noise while its squared error is no better
    table = _verdict_table(gain=0.016, gain_low=0.003, gain_high=0.03, skill=-0.001, dm=-0.17)
    text = skill.verdict(table, "model", flagged=["no_skill"])
    assert _outcome(text) == skill.NO_EDGE
    assert "its direction beats the better constant sign beyond noise" in text
    assert "no evidence of an edge (the doctor flagged no_skill); its direction" in text


def test_verdict_hints_only_at_a_gain_beyond_the_better_constant_sign():
    # after a falling training period the training mean says "always down"; on a rising test
    # period (54 % up days) "always up" gains 0.08 over it without knowing anything
    beaten = dict(gain=0.043, gain_low=0.027, gain_high=0.059)
    text = skill.verdict(_verdict_table(mean_accuracy=0.46, **beaten), "model")
    assert _outcome(text) == skill.NO_EDGE and "direction" not in text.splitlines()[-1]
    assert "the better constant sign's:    0.540" in text
    clears = dict(gain=0.12, gain_low=0.09, gain_high=0.15)
    text = skill.verdict(_verdict_table(mean_accuracy=0.46, **clears), "model")
    assert _outcome(text) == skill.NO_EDGE and "its direction beats" in text


def test_verdict_reads_the_better_constant_sign_from_the_always_up_row():
    # walk-forward: the training mean says "down" in some folds and "up" in others, so its
    # accuracy (0.466) says nothing of always-down's; the always-up row (0.546) does
    table = _verdict_table(mean_accuracy=0.466, gain=0.026, gain_low=0.013, gain_high=0.042)
    up = {**table.loc["training mean"].to_dict(), "accuracy": 0.546}
    with_up = pd.concat([table, pd.DataFrame([up], index=["always up"])])
    assert "the better constant sign's:    0.546" in skill.verdict(with_up, "model")
    assert "the better constant sign's:    0.534" in skill.verdict(table, "model")


def test_verdict_calls_a_forecast_worse_than_the_mean_worse():
    below = _verdict_table(skill=-0.05, skill_low=-0.08, skill_high=-0.02, dm=-1.0)
    assert _outcome(skill.verdict(below, "model")) == skill.WORSE
    by_dm = _verdict_table(skill=-0.01, skill_low=-0.03, skill_high=0.001, dm=-2.4)
    assert _outcome(skill.verdict(by_dm, "model")) == skill.WORSE
    # worse in squared error, whatever the direction does
    mixed = _verdict_table(skill_high=-0.01, skill_low=-0.05, skill=-0.03, gain_low=0.01)
    assert _outcome(skill.verdict(mixed, "model")) == skill.WORSE


def test_verdict_of_the_training_mean_itself_is_no_edge():
    text = skill.verdict(_verdict_table(dm=np.nan), "model")
    assert _outcome(text) == skill.NO_EDGE and "n/a" in text
    assert "doctor" not in text  # flagged=None: nothing said about it


@given(
    point=st.floats(-0.2, 0.2),
    half=st.floats(0.0, 0.1),
    gain=st.floats(-0.2, 0.2),
    dm=st.one_of(st.floats(-6, 6), st.just(np.nan)),
)
def test_verdict_reaches_exactly_one_known_outcome(point, half, gain, dm):
    table = _verdict_table(
        skill=point,
        skill_low=point - half,
        skill_high=point + half,
        gain=gain,
        gain_low=gain - half,
        gain_high=gain + half,
        dm=dm,
    )
    _outcome(skill.verdict(table, "model", flagged=["scale"]))


def test_verdict_reads_a_versus_baselines_table_at_both_ends():
    rng = np.random.default_rng(5)
    signal = rng.normal(size=1_500)
    y = signal + rng.normal(size=1_500)
    forecasts = {
        "signal": 0.5 * signal,
        "noise": 0.02 * rng.normal(size=1_500),
        "contrarian": -signal,
    }
    table = skill.versus_baselines(
        y, forecasts, naive=np.full(1_500, 0.01), persistence=np.roll(y, 1), reps=200
    )
    outcomes = {name: _outcome(skill.verdict(table, name)) for name in forecasts}
    assert outcomes == {"signal": skill.EDGE, "noise": skill.NO_EDGE, "contrarian": skill.WORSE}
    assert _outcome(skill.verdict(table, "training mean")) == skill.NO_EDGE


def test_verdict_rejects_what_is_not_a_versus_baselines_row():
    table = _verdict_table()
    with pytest.raises(ValueError, match="versus_baselines"):
        skill.verdict(table.drop(columns="dm"), "model")
    with pytest.raises(ValueError, match="'training mean'"):
        skill.verdict(table.drop(index="training mean"), "model")
    with pytest.raises(KeyError, match="its rows"):
        skill.verdict(table, "LSTM")
    with pytest.raises(TypeError, match="check ids"):
        skill.verdict(table, "model", flagged="lookahead")
    with pytest.raises(TypeError, match="versus_baselines"):
        skill.verdict(table.to_dict(), "model")
    with pytest.raises(ValueError, match="not a number"):
        skill.verdict(_verdict_table(skill_low=np.nan), "model")


# --------------------------------------------------------------------------- versus_baselines


def _known(n: int = 1_000, seed: int = 11):
    """Returns with no zero day, a naive forecast of 0 and a persistence forecast of -y."""
    y = np.random.default_rng(seed).normal(size=n)
    y[y == 0] = 1e-9
    return y, np.zeros(n), -y


def test_versus_baselines_known_answers():
    y, naive, persistence = _known()
    half = 0.5 * y  # MSE = mean(y^2) / 4: skill 0.75 over a naive 0, 1 - 1/16 over -y
    table = skill.versus_baselines(
        y, {"perfect": y, "half": half}, naive=naive, persistence=persistence, reps=100
    )
    assert list(table.index) == ["training mean", "always up", "persistence", "perfect", "half"]
    assert list(table.columns) == [
        "accuracy", "gain", "gain_low", "gain_high", "skill", "skill_low", "skill_high",
        "vs_persistence", "dm",
    ]  # fmt: skip
    perfect, half_row = table.loc["perfect"], table.loc["half"]
    assert perfect[["skill", "skill_low", "skill_high", "vs_persistence"]].tolist() == [1.0] * 4
    assert perfect["accuracy"] == 1.0
    assert half_row["skill"] == pytest.approx(0.75) and half_row["skill_low"] == pytest.approx(0.75)
    assert half_row["vs_persistence"] == pytest.approx(1 - 1 / 16)
    assert table.loc["persistence", "skill"] == pytest.approx(1 - 4)  # (2y)^2 against y^2
    assert table.loc["persistence", "accuracy"] == 0.0  # -y: every direction wrong
    assert perfect["dm"] > 2  # beyond noise against the training mean
    # always up: the share of up days; the squared error of a zero forecast (here the naive's)
    assert table.loc["always up", "accuracy"] == pytest.approx(np.mean(y > 0))
    assert table.loc["always up", "skill"] == pytest.approx(0.0, abs=1e-12)


def test_versus_baselines_the_naive_scores_nothing_over_itself():
    y, naive, persistence = _known()
    naive = np.full(len(y), 0.1)  # "always up"
    table = skill.versus_baselines(
        y, {"copy": naive.copy()}, naive=naive, persistence=persistence, reps=100
    )
    for name in ("training mean", "copy"):
        row = table.loc[name]
        assert (row["skill"], row["skill_low"], row["skill_high"]) == (0.0, 0.0, 0.0), name
        assert (row["gain"], row["gain_low"], row["gain_high"]) == (0.0, 0.0, 0.0), name
        assert np.isnan(row["dm"]), "no Diebold-Mariano statistic of a forecast against itself"
    assert table.loc["training mean", "accuracy"] == pytest.approx(np.mean(y > 0))
    assert np.isfinite(table.loc["persistence", "dm"])


def test_versus_baselines_a_forecast_that_knows_the_sign_gains_beyond_noise():
    y, naive, persistence = _known()
    naive = np.full(len(y), 0.1)
    knows = 0.01 * np.sign(y)  # right direction, tiny size
    coin = 0.01 * np.sign(np.random.default_rng(3).normal(size=len(y)))
    table = skill.versus_baselines(
        y, {"knows": knows, "coin": coin}, naive=naive, persistence=persistence, reps=200
    )
    row = table.loc["knows"]
    assert row["accuracy"] == 1.0
    assert row["gain"] == pytest.approx(1 - np.mean(y > 0))
    assert 0 < row["gain_low"] <= row["gain"] <= row["gain_high"]
    coin_row = table.loc["coin"]
    assert coin_row["gain_low"] < 0 < coin_row["gain_high"]  # a coin's gain is noise
    # the interval is reproducible: the bootstrap is seeded
    again = skill.versus_baselines(
        y, {"knows": knows, "coin": coin}, naive=naive, persistence=persistence, reps=200
    )
    pd.testing.assert_frame_equal(table, again)


@pytest.mark.parametrize("clash", ["training mean", "always up", "persistence"])
def test_versus_baselines_rejects_a_baselines_name(clash):
    y, naive, persistence = _known(50)
    with pytest.raises(ValueError, match="a baseline's row name"):
        skill.versus_baselines(y, {clash: y}, naive=naive, persistence=persistence, reps=10)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (dict(forecasts={"short": np.zeros(49)}), "length"),
        (dict(naive=np.zeros(49)), "length"),
        (dict(persistence=np.zeros(51)), "length"),
        (dict(forecasts={}), "forecasts is empty"),
    ],
)
def test_versus_baselines_rejects_unequal_lengths_and_no_forecast(change, message):
    y, naive, persistence = _known(50)
    kwargs = dict(forecasts={"model": y}, naive=naive, persistence=persistence, reps=10)
    kwargs.update(change)
    forecasts = kwargs.pop("forecasts")
    with pytest.raises(ValueError, match=message):
        skill.versus_baselines(y, forecasts, **kwargs)
