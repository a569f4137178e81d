"""Tests of helpers.nn.reach: a signal planted k steps back, and the reach and gradient sweeps."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.nn import models, reach


@given(lookback=st.integers(1, 30), data=st.data())
def test_the_target_is_the_input_lag_steps_back(lookback, data):
    lag = data.draw(st.integers(0, lookback - 1))
    X, y = reach.plant_at_lag(7, lookback, lag, seed=3)
    assert X.shape == (7, lookback, 1) and y.shape == (7,)
    np.testing.assert_array_equal(y, X[:, lookback - 1 - lag, 0])


def test_planting_is_seeded():
    a, _ = reach.plant_at_lag(5, 4, 1, seed=1)
    b, _ = reach.plant_at_lag(5, 4, 1, seed=1)
    c, _ = reach.plant_at_lag(5, 4, 1, seed=2)
    assert np.array_equal(a, b) and not np.array_equal(a, c)


@pytest.mark.parametrize(
    "n, lookback, lag, error",
    [
        (0, 5, 1, ValueError),
        (5, 0, 0, ValueError),
        (5, 5, 5, ValueError),
        (5, 5, -1, ValueError),
        (5.0, 5, 1, TypeError),
    ],
)
def test_plant_rejects_bad_arguments(n, lookback, lag, error):
    with pytest.raises(error):
        reach.plant_at_lag(n, lookback, lag, seed=0)


def test_reach_sweep_learns_the_most_recent_step_and_returns_one_column_per_cell():
    table = reach.reach_sweep(
        [0],
        {"rnn": models.build_simple_rnn},
        lookback=3,
        seed=0,
        n_train=600,
        n_test=300,
        epochs=15,
        batch_size=32,
        units=4,
        learning_rate=3e-2,
    )
    assert table.index.tolist() == [0] and table.columns.tolist() == ["rnn"]
    assert table.loc[0, "rnn"] > 0.9  # y is the last input: trivial to learn


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"lags": []}, "lags is empty"),
        ({"builds": {}}, "builds is empty"),
        ({"n_train": 5}, "n_train must be an int >= 10"),
    ],
)
def test_reach_sweep_rejects_bad_arguments(kwargs, message):
    args = {
        "lags": [0],
        "builds": {"rnn": models.build_simple_rnn},
        "lookback": 3,
        "seed": 0,
    } | kwargs
    with pytest.raises(ValueError, match=message):
        reach.reach_sweep(args.pop("lags"), args.pop("builds"), **args)


def test_gradient_profile_is_relative_to_the_most_recent_step():
    table = reach.gradient_profile(
        {"LSTM": models.build_lstm, "SimpleRNN": models.build_simple_rnn},
        lookback=30,
        seed=0,
        n=32,
        units=4,
    )
    assert table.shape == (30, 2) and table.index.name == "steps back"
    np.testing.assert_allclose(table.iloc[0], 1.0)
    assert (table.iloc[-1] < table.iloc[0]).all()  # the oldest step gets less gradient
    with pytest.raises(ValueError, match="builds is empty"):
        reach.gradient_profile({}, lookback=5, seed=0)
