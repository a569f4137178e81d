"""Tests of helpers.learning: one cell of a learning-curve grid, seed summaries, crossings, the
saturating fit, the crossover table and the resumable results file."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import learning, splits

SMALL = {"max_train": 1_000, "n_val": 200, "n_test": 500}

# --------------------------------------------------------------------------- one cell of the grid


def test_every_size_is_scored_on_the_same_test_and_validation_days():
    a = learning.curve_setup(1, 0.5, 100, **SMALL)
    b = learning.curve_setup(1, 0.5, 1_000, **SMALL)
    assert np.array_equal(a.y_test, b.y_test) and np.array_equal(a.oracle, b.oracle)
    assert np.array_equal(a.y_val, b.y_val)
    # the smaller size is the most recent part of the larger one
    assert np.array_equal(a.y_train, b.y_train[-100:])


def test_the_scaler_is_fit_on_the_training_windows_only():
    c = learning.curve_setup(0, 1.0, 300, **SMALL)
    flat = c.X_train.reshape(-1, c.X_train.shape[-1])
    assert np.allclose(flat.mean(axis=0), 0, atol=1e-5)
    assert np.allclose(flat.std(axis=0), 1, atol=1e-3)
    # the test windows were scaled with the training statistics, so they are not exactly standard
    assert not np.allclose(c.X_test.reshape(-1, 4).mean(axis=0), 0, atol=1e-5)
    assert np.allclose(c.naive, c.y_train.mean())


def test_the_market_length_leaves_exactly_max_train_training_windows():
    days = learning.market_days(5_000, 300, 700, lookback=10)
    s = splits.chronological(days - 9, lookback=10, val=300, test=700)
    assert len(s.train) == 5_000


def test_the_signal_changes_the_oracle_not_the_draws():
    weak = learning.curve_setup(0, 0.1, 200, **SMALL)
    strong = learning.curve_setup(0, 1.0, 200, **SMALL)
    assert np.allclose(strong.oracle, 10 * weak.oracle)
    flow = weak.feature_names.index("flow")
    assert np.array_equal(weak.X_train[:, :, flow], strong.X_train[:, :, flow])


def test_fewer_features_and_pooled_markets():
    c = learning.curve_setup(0, 1.0, 200, features=("sentiment",), pool=3, **SMALL)
    assert c.feature_names == ("sentiment",) and c.X_train.shape == (600, 10, 1)
    assert c.markets == (0, 10001, 10002)
    alone = learning.curve_setup(0, 1.0, 200, **SMALL)
    assert np.array_equal(c.y_train[:200], alone.y_train)
    assert not np.array_equal(c.y_train[200:400], alone.y_train)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_train": 2_000}, "exceeds max_train"),
        ({"features": ("price",)}, "features must be some of"),
        ({"features": ()}, "features must be some of"),
        ({"pool": 0}, "pool must be a positive int"),
    ],
)
def test_curve_setup_rejects_bad_arguments(kwargs, message):
    args = {"n_train": 100, **SMALL, **kwargs}
    n_train = args.pop("n_train")
    with pytest.raises(ValueError, match=message):
        learning.curve_setup(0, 1.0, n_train, **args)


def test_pool_seeds_never_collide_with_grid_seeds():
    seeds = {s for seed in range(100) for s in learning.pool_seeds(seed, 4)[1:]}
    assert seeds.isdisjoint(range(100)) and len(seeds) == 300


# --------------------------------------------------------------------------- summaries


def test_seed_summary_is_a_t_interval_and_nan_for_one_seed():
    t = pd.DataFrame({"n_train": [10, 10, 10, 20], "edge": [0.1, 0.2, 0.3, 0.5]})
    s = learning.seed_summary(t, by=("n_train",)).set_index("n_train")
    assert s.loc[10, "mean"] == pytest.approx(0.2)
    assert s.loc[10, "high"] - s.loc[10, "mean"] == pytest.approx(4.302653 * 0.1 / math.sqrt(3))
    assert s.loc[20, "seeds"] == 1 and math.isnan(s.loc[20, "low"])


def test_a_prediction_interval_is_wider_than_the_mean_s():
    values = [0.2, 0.4, 0.3, 0.35]
    low, high = learning.prediction_interval(values)
    s = learning.seed_summary(pd.DataFrame({"g": 1, "edge": values}), by=("g",)).iloc[0]
    assert low < s["low"] < s["high"] < high
    with pytest.raises(ValueError, match="at least 2"):
        learning.prediction_interval([0.3])


# --------------------------------------------------------------------------- crossings


def test_crossing_interpolates_in_log_n():
    c = learning.crossing([100, 10_000], [0.0, 1.0], 0.5)
    assert c.where == "inside" and c.n == pytest.approx(1_000)


def test_first_and_last_crossings_of_a_noisy_curve():
    n, v = [10, 100, 1_000, 10_000], [0.0, 0.6, 0.4, 0.8]
    assert learning.crossing(n, v, 0.5).n < 100
    assert 1_000 < learning.crossing(n, v, 0.5, which="last").n < 10_000
    assert learning.crossing(n, [0.6, 0.4, 0.3, 0.2], 0.5, which="last").where == "beyond"
    assert learning.crossing(n, [0.6, 0.7, 0.8, 0.9], 0.5, which="last").where == "below"


@given(
    st.lists(st.floats(-1, 1, allow_nan=False), min_size=2, max_size=8),
    st.floats(-0.9, 0.9),
)
def test_an_inside_crossing_lies_between_its_neighbours(values, level):
    n = np.logspace(2, 2 + len(values) - 1, len(values))
    for which in ("first", "last"):
        c = learning.crossing(n, values, level, which=which)
        if c.where == "inside":
            assert n[0] <= c.n <= n[-1]
        else:
            assert c.where in ("below", "beyond")


@pytest.mark.parametrize(
    ("n", "values", "message"),
    [
        ([1, 2], [0.1], "equal length"),
        ([2, 1], [0.1, 0.2], "strictly increasing"),
        ([0, 1], [0.1, 0.2], "positive"),
        ([1, 2], [0.1, np.nan], "NaN"),
    ],
)
def test_crossing_rejects_bad_curves(n, values, message):
    with pytest.raises(ValueError, match=message):
        learning.crossing(n, values, 0.5)


def test_the_saturating_fit_recovers_its_curve_and_the_bootstrap_covers_it():
    x = np.array([250.0, 1e3, 4e3, 16e3, 64e3, 128e3])
    fit = learning.fit_saturating(x, learning.saturating(x, 30_000.0, 0.6))
    assert fit.n_half == pytest.approx(30_000, rel=1e-4) and fit.slope == pytest.approx(0.6)
    rng = np.random.default_rng(3)
    seeds = [learning.saturating(x, 30_000.0, 0.6) + rng.normal(0, 0.05, x.size) for _ in range(5)]
    point, low, high = learning.bootstrap_n_half(pd.DataFrame(seeds, columns=x), reps=200)
    assert low < 30_000 < high and low < point < high


def _results(gap_at: dict[float, float]) -> pd.DataFrame:
    """A synthetic results table: the LSTM's curve is saturating(n, n_half), ridge flat at 0.3."""
    rows = []
    sizes = (250, 1_000, 4_000, 16_000, 64_000)
    rng = np.random.default_rng(0)
    for signal, n_half in gap_at.items():
        for seed in range(4):
            for n in sizes:
                lstm = float(learning.saturating(n, n_half, 0.8)) + rng.normal(0, 0.01)
                for model, edge in (("lstm", lstm), ("ridge", 0.3 + rng.normal(0, 0.01))):
                    rows.append(
                        {
                            "model": model,
                            "variant": "sound",
                            "signal": signal,
                            "n_train": n,
                            "seed": seed,
                            "edge": edge,
                            "oracle_accuracy": 0.5 + signal / 4,
                        }
                    )
    return pd.DataFrame(rows)


def test_the_crossover_table_finds_the_planted_crossings():
    table = learning.crossovers(_results({1.0: 2_000.0, 0.1: 500_000.0}), reps=100)
    strong, weak = table.iloc[0], table.iloc[1]
    assert strong["signal"] == 1.0 and strong["half_where"] == "inside"
    assert strong["half"] == pytest.approx(2_000, rel=0.15)
    # the LSTM overtakes ridge (0.3) where saturating(n) = 0.3
    assert strong["overtake"] == pytest.approx(2_000 * (0.3 / 0.7) ** (1 / 0.8), rel=0.15)
    assert strong["overtake_early"] <= strong["overtake"] <= strong["overtake_late"]
    # the weak curve never reaches half within the grid: only the fit says where
    assert weak["half_where"] == "beyond" and math.isnan(weak["half"])
    assert weak["fit_half"] == pytest.approx(500_000, rel=0.3)
    assert weak["fit_low"] < weak["fit_half"] < weak["fit_high"]


# --------------------------------------------------------------------------- resumable results


def _row(seed: int) -> dict[str, object]:
    return {"model": "lstm", "variant": "sound", "signal": 0.1, "n_train": 250, "seed": seed}


def test_rows_are_appended_and_recognised(tmp_path):
    path = tmp_path / "r.csv"
    assert learning.completed(path) == set()
    for seed in range(3):
        learning.append_row(path, {**_row(seed), "edge": 0.1}, (*learning.KEY, "edge"))
    assert learning.completed(path) == {("lstm", "sound", 0.1, 250, s) for s in range(3)}
    assert path.read_text().count("model") == 1  # one header


def test_a_partial_last_line_is_cut_before_resuming(tmp_path):
    path = tmp_path / "r.csv"
    learning.append_row(path, {**_row(0), "edge": 0.1}, (*learning.KEY, "edge"))
    with open(path, "a") as f:
        f.write("lstm,sound,0.1,25")  # killed mid-write
    assert learning.repair(path) == len("lstm,sound,0.1,25")
    assert learning.completed(path) == {("lstm", "sound", 0.1, 250, 0)}
    assert learning.repair(path) == 0


def test_append_row_needs_every_column(tmp_path):
    with pytest.raises(ValueError, match="lacks the columns"):
        learning.append_row(tmp_path / "r.csv", _row(0), (*learning.KEY, "edge"))


def test_completed_refuses_a_file_without_the_key(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match="is it a results file"):
        learning.completed(path)


def test_the_progress_line():
    assert learning.progress_line(0, 4, 0.0).startswith("[........................]   0/4   0%")
    assert "100%" in learning.progress_line(4, 4, 120.0)
    with pytest.raises(ValueError, match="done must lie"):
        learning.progress_line(5, 4, 1.0)
