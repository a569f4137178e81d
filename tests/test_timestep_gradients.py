"""Tests of helpers.nn.diagnostics.timestep_gradient_norms (contract item 2)."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from helpers.nn import diagnostics


def _rnn(cell: str, lookback: int = 12, n_features: int = 2, seed: int = 0) -> keras.Model:
    keras.utils.set_random_seed(seed)
    inputs = keras.Input(shape=(lookback, n_features))
    layer = keras.layers.LSTM(4) if cell == "lstm" else keras.layers.SimpleRNN(4)
    model = keras.Model(inputs, keras.layers.Dense(1)(layer(inputs)))
    model.compile(optimizer="adam", loss="huber")
    return model


def _data(
    n: int = 32, lookback: int = 12, n_features: int = 2, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, lookback, n_features)).astype(np.float32), rng.standard_normal(n)


@pytest.mark.parametrize("cell", ["lstm", "simple"])
def test_shape_is_lookback_and_values_are_positive(cell):
    X, y = _data()
    norms = diagnostics.timestep_gradient_norms(_rnn(cell), X, y)
    assert norms.shape == (12,)
    assert np.all(np.isfinite(norms)) and np.all(norms > 0)


def test_matches_a_finite_difference_on_one_window():
    X, y = _data(n=1)
    model = _rnn("lstm")
    norms = diagnostics.timestep_gradient_norms(model, X, y, loss=keras.losses.MeanSquaredError())
    t, eps = 5, 1e-2
    grad = np.empty(2)
    for f in range(2):
        up, down = X.copy(), X.copy()
        up[0, t, f] += eps
        down[0, t, f] -= eps
        loss = lambda Z: float(  # noqa: E731
            np.mean((model.predict(Z, verbose=0).ravel() - y) ** 2)
        )
        grad[f] = (loss(up) - loss(down)) / (2 * eps)
    np.testing.assert_allclose(norms[t], np.linalg.norm(grad), rtol=0.05)


def test_each_window_counts_with_its_own_loss_whatever_the_batch_size():
    X, y = _data(n=16)
    model = _rnn("lstm")
    whole = diagnostics.timestep_gradient_norms(model, X, y)
    doubled = diagnostics.timestep_gradient_norms(
        model, np.concatenate([X, X]), np.concatenate([y, y])
    )
    np.testing.assert_allclose(whole, doubled, rtol=1e-4)


def test_a_step_the_model_cannot_see_has_zero_gradient():
    # A model that reads only the last timestep: every earlier step has exactly zero gradient.
    inputs = keras.Input(shape=(6, 2))
    last = keras.layers.Lambda(lambda z: z[:, -1, :])(inputs)
    model = keras.Model(inputs, keras.layers.Dense(1)(last))
    X, y = _data(n=8, lookback=6)
    norms = diagnostics.timestep_gradient_norms(model, X, y)
    assert np.all(norms[:-1] == 0) and norms[-1] > 0


def test_simple_rnn_gradient_fades_with_distance():
    X, y = _data(n=64, lookback=40)
    norms = diagnostics.timestep_gradient_norms(_rnn("simple", lookback=40), X, y)
    assert norms[0] < norms[-1]


@pytest.mark.parametrize(
    "X, y, message",
    [
        (np.zeros((4, 12)), np.zeros(4), "3-D"),
        (np.zeros((4, 12, 2)), np.zeros(3), "one target per window"),
        (np.full((4, 12, 2), np.nan), np.zeros(4), "NaN"),
        (np.zeros((4, 12, 2)), np.full(4, np.nan), "NaN"),
        (np.zeros((4, 9, 2)), np.zeros(4), "model reads"),
    ],
)
def test_rejects_bad_input(X, y, message):
    with pytest.raises(ValueError, match=message):
        diagnostics.timestep_gradient_norms(_rnn("lstm"), X, y)


def test_rejects_a_non_model():
    with pytest.raises(TypeError, match="keras.Model"):
        diagnostics.timestep_gradient_norms("model", *_data())
