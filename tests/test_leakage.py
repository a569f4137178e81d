"""Tests of helpers.leakage: look-ahead detection, as-of features, neighbour labels, the oracle
check.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import data, leakage, metrics, windows


@pytest.fixture(scope="module")
def market() -> pd.DataFrame:
    return data.make_market(400, seed=3)


# --------------------------------------------------------------------------- lookahead_rows


def test_stationary_features_do_not_look_ahead(market):
    reach = leakage.lookahead_rows(data.stationary_features, market)
    assert reach.to_dict() == {"log_return": 0, "log_volume": 0, "flow": 0, "sentiment": 0}
    leakage.check_no_lookahead(data.stationary_features, market)


@pytest.mark.parametrize(
    "make, rows",
    [
        (lambda s: s.rolling(5).mean(), 0),
        (lambda s: s.ewm(span=10).mean(), 0),
        (lambda s: s.shift(3), 0),
        (lambda s: s.shift(-1), 1),
        (lambda s: s.shift(-3), 3),
        (lambda s: s.rolling(9, center=True, min_periods=1).mean(), 4),
        (lambda s: s.rolling(7, center=True).mean(), 3),
    ],
)
def test_lookahead_rows_measures_how_far_a_feature_looks(market, make, rows):
    assert leakage.lookahead_rows(make, market["flow"]).tolist() == [rows]


def test_statistics_of_the_whole_series_look_at_everything(market):
    zscore = lambda s: (s - s.mean()) / s.std()  # noqa: E731  (the scaler-fit-on-everything leak)
    reach = int(leakage.lookahead_rows(zscore, market["flow"]).iloc[0])
    assert reach > len(market) // 2


def test_lookahead_rows_per_column_of_a_frame(market):
    def make(frame: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame({"past": frame["flow"].diff(), "future": frame["sentiment"].shift(-2)})

    reach = leakage.lookahead_rows(make, market)
    assert reach.to_dict() == {"past": 0, "future": 2}
    with pytest.raises(ValueError, match=r"\{'future': 2\}"):
        leakage.check_no_lookahead(make, market)


def test_check_no_lookahead_message_names_the_fix(market):
    with pytest.raises(ValueError, match="center=True"):
        leakage.check_no_lookahead(lambda s: s.shift(-1), market["flow"])


@pytest.mark.parametrize(
    "make, error",
    [
        (lambda s: s.dropna().iloc[1:], ValueError),  # drops rows
        (lambda s: s.to_numpy(), TypeError),  # not pandas
    ],
)
def test_lookahead_rows_rejects_bad_feature_builders(market, make, error):
    with pytest.raises(error):
        leakage.lookahead_rows(make, market["flow"])


def test_lookahead_rows_rejects_bad_sources_and_cuts(market):
    with pytest.raises(TypeError):
        leakage.lookahead_rows(lambda s: s, market["flow"].to_numpy())
    with pytest.raises(ValueError, match="at least 10"):
        leakage.lookahead_rows(lambda s: s, market["flow"].iloc[:5])
    with pytest.raises(ValueError):
        leakage.lookahead_rows(lambda s: s, market["flow"], n_cuts=0)


@given(k=st.integers(1, 6), seed=st.integers(0, 50))
def test_a_negative_shift_of_k_looks_k_rows_ahead(k, seed):
    s = pd.Series(np.random.default_rng(seed).standard_normal(60))
    assert leakage.lookahead_rows(lambda x: x.shift(-k), s, n_cuts=3).tolist() == [k]


@given(window=st.integers(1, 12), seed=st.integers(0, 50))
def test_trailing_rolling_means_never_look_ahead(window, seed):
    s = pd.Series(np.random.default_rng(seed).standard_normal(60))
    assert leakage.lookahead_rows(
        lambda x: x.rolling(window, min_periods=1).mean(), s, n_cuts=3
    ).tolist() == [0]


# --------------------------------------------------------------------------- as_of


def test_as_of_equals_the_windows_for_a_feature_without_lookahead(market):
    features = data.stationary_features(market)
    w = windows.make_windows(features, market["target"], lookback=6)
    ends = w.ends[100:130]
    live = leakage.as_of(data.stationary_features, market, ends, lookback=6)
    np.testing.assert_allclose(live, w.X[100:130], rtol=1e-6)


def test_as_of_removes_the_future_from_a_centred_mean(market):
    centred = lambda s: s.rolling(5, center=True, min_periods=1).mean()  # noqa: E731
    s = market["flow"]
    live = leakage.as_of(centred, s, np.array([200, 300]), lookback=4)
    assert live.shape == (2, 4, 1) and live.dtype == np.float32
    # On day t, the value of day t averages days t-2..t only: the days after t do not exist yet.
    np.testing.assert_allclose(
        live[:, -1, 0], [s.iloc[198:201].mean(), s.iloc[298:301].mean()], rtol=1e-6
    )
    # Days at least 2 before t are complete, as in the full computation.
    np.testing.assert_allclose(live[0, :2, 0], centred(s).iloc[197:199], rtol=1e-6)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"ends": np.array([2]), "lookback": 5},  # the window would start before the data
        {"ends": np.array([500]), "lookback": 5},  # beyond the data
        {"ends": np.array([], dtype=int), "lookback": 5},
        {"ends": np.array([100.0]), "lookback": 5},
        {"ends": np.array([100]), "lookback": 0},
        {"ends": np.array([100]), "lookback": 5, "history": 3},
    ],
)
def test_as_of_rejects_bad_input(market, kwargs):
    with pytest.raises(ValueError):
        leakage.as_of(lambda s: s, market["flow"], **kwargs)


def test_as_of_rejects_non_finite_features(market):
    with pytest.raises(ValueError, match="NaN"):
        leakage.as_of(
            lambda s: s.rolling(3).mean(), market["flow"], np.array([100]), lookback=5, history=5
        )


# --------------------------------------------------------------------------- neighbour_labels


def test_neighbour_labels_averages_the_training_windows_next_door():
    out = leakage.neighbour_labels(
        np.array([4, 6, 20]), np.array([1.0, 3.0, 7.0]), np.array([5, 21, 40]), max_distance=1
    )
    np.testing.assert_allclose(out, [2.0, 7.0, np.nan])


def test_neighbour_labels_wider_distance_and_unsorted_input():
    out = leakage.neighbour_labels(
        np.array([9, 1, 5]), np.array([9.0, 1.0, 5.0]), np.array([3]), max_distance=2
    )
    np.testing.assert_allclose(out, [3.0])


def test_neighbour_labels_on_a_chronological_split_are_all_missing():
    out = leakage.neighbour_labels(
        np.arange(100), np.zeros(100), np.arange(120, 150), max_distance=4
    )
    assert np.isnan(out).all()


def test_copying_neighbours_beats_the_oracle_on_a_shuffled_split_of_overlapping_targets():
    market = data.make_market(3000, seed=1)
    y = windows.forward_target(market["target"], 5)
    ends = np.random.default_rng(0).permutation(np.arange(len(y)))
    train, test = ends[:2400], ends[2400:]
    copied = leakage.neighbour_labels(train, y.to_numpy()[train], test, max_distance=1)
    copied = np.where(np.isfinite(copied), copied, 0.0)
    assert (
        metrics.r2(y.to_numpy()[test], copied)
        > 0.3
        > metrics.r2(y.to_numpy()[test], market["oracle"].to_numpy()[test])
    )


@pytest.mark.parametrize(
    "args, kwargs",
    [
        ((np.array([1, 2]), np.array([1.0]), np.array([3])), {}),
        ((np.array([], dtype=int), np.array([]), np.array([3])), {}),
        ((np.array([1, 2]), np.array([1.0, 2.0]), np.array([], dtype=int)), {}),
        ((np.array([1, 2]), np.array([1.0, 2.0]), np.array([3])), {"max_distance": 0}),
        ((np.array([1, 2]), np.array([1.0, np.nan]), np.array([3])), {}),
    ],
)
def test_neighbour_labels_rejects_bad_input(args, kwargs):
    with pytest.raises(ValueError):
        leakage.neighbour_labels(*args, **kwargs)


@given(
    train_ends=st.lists(st.integers(0, 200), min_size=1, max_size=40),
    test_ends=st.lists(st.integers(0, 200), min_size=1, max_size=20),
    distance=st.integers(1, 6),
)
def test_neighbour_labels_agree_with_brute_force(train_ends, test_ends, distance):
    y = np.arange(len(train_ends), dtype=float)
    out = leakage.neighbour_labels(
        np.array(train_ends), y, np.array(test_ends), max_distance=distance
    )
    for value, t in zip(out, test_ends, strict=True):
        near = [yy for e, yy in zip(train_ends, y, strict=True) if abs(e - t) <= distance]
        if near:
            assert value == pytest.approx(np.mean(near))
        else:
            assert np.isnan(value)


# ---------------------------------------------------------- check_below_oracle, reported_and_future


def test_check_below_oracle_passes_honest_forecasts_and_catches_leaks():
    rng = np.random.default_rng(0)
    oracle = rng.standard_normal(2000)
    y = oracle + 2 * rng.standard_normal(2000)
    leakage.check_below_oracle(y, 0.5 * oracle, oracle)
    leakage.check_below_oracle(
        y, oracle + 0.1 * rng.standard_normal(2000), oracle, metric="accuracy", tolerance=0.02
    )
    with pytest.raises(ValueError, match="Look for a leak"):
        leakage.check_below_oracle(y, y - 0.1 * rng.standard_normal(2000), oracle)
    with pytest.raises(ValueError, match="accuracy"):
        leakage.check_below_oracle(y, y, oracle, metric="accuracy")


def test_check_below_oracle_tolerance_and_bad_arguments():
    y = np.array([1.0, -1.0, 2.0, -2.0])
    leakage.check_below_oracle(y, y, 0.9 * y + 0.3, tolerance=1.0)
    with pytest.raises(ValueError, match="metric"):
        leakage.check_below_oracle(y, y, y, metric="rmse")
    with pytest.raises(ValueError, match="tolerance"):
        leakage.check_below_oracle(y, y, y, tolerance=-0.1)
    with pytest.raises(ValueError):
        leakage.check_below_oracle(y, y[:3], y)


def test_reported_and_future_with_and_without_edges():
    y = np.array([1.0, -1.0, 2.0, -2.0, 0.5, -0.5])
    plain = leakage.reported_and_future((y, y), (y, 0.5 * y))
    assert list(plain) == ["reported accuracy", "reported R2", "future accuracy", "future R2"]
    assert plain["future R2"] == pytest.approx(metrics.r2(y, 0.5 * y))
    naive = np.full(6, 0.1)
    full = leakage.reported_and_future((y, y, y, naive), (y, -y, y, naive))
    assert full["reported edge"] == pytest.approx(1.0) and full["future edge"] < 0


@pytest.mark.parametrize(
    "bad", [[np.ones(3), np.ones(3)], (np.ones(3),), (np.ones(3), np.ones(3), np.ones(3))]
)
def test_reported_and_future_rejects_bad_tuples(bad):
    with pytest.raises(TypeError, match="tuple"):
        leakage.reported_and_future(bad, (np.ones(3), np.ones(3)))


# --------------------------------------------------------------------------- rule_accuracy


def test_rule_accuracy_matches_a_loop_and_ignores_the_chunk_size():
    rng = np.random.default_rng(4)
    X, weights, y = (
        rng.standard_normal((300, 6)),
        rng.standard_normal((6, 25)),
        rng.standard_normal(300),
    )
    expected = [metrics.directional_accuracy(y, X @ weights[:, j]) for j in range(25)]
    np.testing.assert_allclose(leakage.rule_accuracy(X, weights, y), expected)
    np.testing.assert_allclose(leakage.rule_accuracy(X, weights, y, chunk=4), expected)


def test_the_best_of_many_useless_rules_looks_skilful_on_the_data_that_chose_it():
    rng = np.random.default_rng(5)
    X_test, X_future = rng.standard_normal((500, 8)), rng.standard_normal((5000, 8))
    y_test, y_future = rng.standard_normal(500), rng.standard_normal(5000)  # nothing to predict
    weights = rng.standard_normal((8, 2000))
    best = int(np.argmax(leakage.rule_accuracy(X_test, weights, y_test)))
    assert leakage.rule_accuracy(X_test, weights, y_test)[best] > 0.55
    assert abs(leakage.rule_accuracy(X_future, weights[:, [best]], y_future)[0] - 0.5) < 0.03


@pytest.mark.parametrize(
    "X, weights, y, chunk",
    [
        (np.ones((3, 2)), np.ones((3, 4)), np.ones(3), 10),  # inputs do not match
        (np.ones(3), np.ones((1, 4)), np.ones(3), 10),  # X not 2-D
        (np.ones((3, 2)), np.ones((2, 4)), np.ones(4), 10),  # y of the wrong length
        (np.ones((3, 2)), np.ones((2, 4)), np.ones(3), 0),
        (np.full((3, 2), np.nan), np.ones((2, 4)), np.ones(3), 10),
    ],
)
def test_rule_accuracy_rejects_bad_input(X, weights, y, chunk):
    with pytest.raises(ValueError):
        leakage.rule_accuracy(X, weights, y, chunk=chunk)


# ------------------------------------------------------------- gain_interval, confirms


def test_gain_interval_finds_skill_and_its_absence():
    rng = np.random.default_rng(3)
    signal = rng.normal(size=3_000)
    y = signal + rng.normal(size=3_000)
    naive = np.full(3_000, y.mean())
    skilled = leakage.gain_interval(y, signal, naive, seed=0)
    assert skilled.low > 0.1  # the oracle here is right on about 75 % of days
    blind = leakage.gain_interval(y, rng.normal(size=3_000), naive, seed=0)
    assert blind.low < 0 < blind.high or abs(blind.point) < 0.03


def test_gain_interval_stays_defined_when_the_oracle_has_no_edge():
    rng = np.random.default_rng(4)
    y = rng.normal(size=500)
    ci = leakage.gain_interval(y, rng.normal(size=500), np.ones(500), seed=0)
    assert np.isfinite([ci.point, ci.low, ci.high]).all()


def test_gain_interval_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="must match"):
        leakage.gain_interval(np.ones(200), np.ones(199), np.ones(200))


def test_confirms_fails_for_a_leak():
    rng = np.random.default_rng(5)
    signal = rng.normal(size=4_000)
    y = signal + rng.normal(size=4_000)
    naive = np.full(4_000, 0.0)
    honest = leakage.gain_interval(y[:2_000], signal[:2_000], naive[:2_000], seed=0)
    future = leakage.gain_interval(y[2_000:], signal[2_000:], naive[2_000:], seed=0)
    assert leakage.confirms(honest, future)
    # a leaky report: the model saw the answers of its test days
    leaky = leakage.gain_interval(y[:2_000], y[:2_000], naive[:2_000], seed=0)
    assert not leakage.confirms(leaky, future)


def test_confirms_counts_the_noise_of_both_periods():
    reported = metrics.Interval(0.05, 0.01, 0.09)  # se about 0.02
    future = metrics.Interval(0.0, -0.04, 0.04)  # se about 0.02: the difference's is 0.029
    assert leakage.confirms(reported, future)  # 0.05 < 1.96 * 0.029
    assert not leakage.confirms(reported, metrics.Interval(-0.04, -0.08, 0.0))  # 0.09 > 0.057
    assert leakage.confirms(reported, metrics.Interval(-0.04, -0.08, 0.0), z=3.29)
    with pytest.raises(ValueError, match="z must be positive"):
        leakage.confirms(reported, future, z=0)
