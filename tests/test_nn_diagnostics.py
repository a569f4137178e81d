"""Tests of helpers.nn.diagnostics: input scales, gate pre-activations, saturation, per-feature
and per-timestep gradients.
"""

from __future__ import annotations

import keras
import numpy as np
import pytest

from helpers.nn import diagnostics, models


@pytest.fixture(scope="module")
def model() -> keras.Model:
    keras.utils.set_random_seed(0)
    return models.build_lstm(6, 3, units=5)


def _X(n: int = 40, scale: tuple[float, ...] = (1.0, 1.0, 1.0), seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((n, 6, 3)) * np.asarray(scale)).astype(np.float32)


# --------------------------------------------------------------------------- scale_table


def test_scale_table_describes_every_day_of_every_feature():
    X = _X(scale=(1.0, 100.0, 0.01))
    table = diagnostics.scale_table(X, ["a", "b", "c"])
    assert table.index.tolist() == ["a", "b", "c"] and table.columns.tolist() == [
        "mean",
        "sd",
        "min",
        "max",
    ]
    days = X.reshape(-1, 3).astype(float)
    np.testing.assert_allclose(table["sd"], days.std(axis=0), rtol=1e-6)
    np.testing.assert_allclose(table["max"], days.max(axis=0), rtol=1e-6)


@pytest.mark.parametrize(
    "X, names, message",
    [
        (np.zeros((4, 3)), ["a"] * 3, "3-D"),
        (np.zeros((0, 2, 3)), ["a"] * 3, "3-D"),
        (np.zeros((2, 2, 3)), ["a"], "one name per feature"),
        (np.full((2, 2, 1), np.nan), ["a"], "NaN"),
    ],
)
def test_scale_table_rejects_bad_input(X, names, message):
    with pytest.raises(ValueError, match=message):
        diagnostics.scale_table(X, names)


# --------------------------------------------------------------------------- lstm_preactivations


def test_preactivations_reproduce_the_keras_layer(model):
    X = _X()
    z = diagnostics.lstm_preactivations(model, X)
    assert z.shape == (40, 6, 4, 5)
    # Step 1 starts from zero states: z = x W + b exactly.
    kernel, _, bias = model.get_layer("lstm").get_weights()
    np.testing.assert_allclose(
        z[:, 0].reshape(40, -1), X[:, 0] @ kernel + bias, rtol=1e-5, atol=1e-6
    )
    # Running the cell on the recomputed pre-activations gives Keras' own final hidden state.
    sigmoid = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    c = np.zeros((40, 5))
    for t in range(6):
        c = sigmoid(z[:, t, 1]) * c + sigmoid(z[:, t, 0]) * np.tanh(z[:, t, 2])
    h = sigmoid(z[:, -1, 3]) * np.tanh(c)
    keras_h = keras.Model(model.inputs, model.get_layer("lstm").output).predict(X, verbose=0)
    np.testing.assert_allclose(h, keras_h, atol=1e-5)


def test_preactivations_support_the_articles_relu_lstm():
    keras.utils.set_random_seed(1)
    article = models.build_article_lstm(6, 3)
    X = _X()
    z = diagnostics.lstm_preactivations(article, X)
    o, c = 1 / (1 + np.exp(-z[:, -1, 3])), np.zeros((40, 50))
    for t in range(6):
        i, f = 1 / (1 + np.exp(-z[:, t, 0])), 1 / (1 + np.exp(-z[:, t, 1]))
        c = f * c + i * np.maximum(z[:, t, 2], 0)
    keras_h = keras.Model(article.inputs, article.get_layer("lstm").output).predict(X, verbose=0)
    np.testing.assert_allclose(o * np.maximum(c, 0), keras_h, atol=1e-4)


def test_preactivations_grow_with_the_input_scale(model):
    small = np.abs(diagnostics.lstm_preactivations(model, _X())).mean()
    large = np.abs(diagnostics.lstm_preactivations(model, _X(scale=(1.0, 1e6, 1.0)))).mean()
    assert large > 1e4 * small


def test_preactivations_reject_bad_input(model):
    with pytest.raises(ValueError, match="reads 3"):
        diagnostics.lstm_preactivations(model, np.zeros((2, 6, 4)))
    with pytest.raises(ValueError, match="3-D"):
        diagnostics.lstm_preactivations(model, np.zeros((6, 3)))
    with pytest.raises(ValueError, match="no layer named 'gru'"):
        diagnostics.lstm_preactivations(model, _X(), layer="gru")
    with pytest.raises(TypeError, match="not an LSTM"):
        diagnostics.lstm_preactivations(model, _X(), layer="forecast")
    with pytest.raises(TypeError, match="keras.Model"):
        diagnostics.lstm_preactivations("model", _X())


# --------------------------------------------------------------------------- saturation


def test_saturation_thresholds_are_where_the_derivative_falls_to_the_level():
    sigmoid = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    z = diagnostics.saturation_threshold("input", level=0.01)
    assert sigmoid(z) * (1 - sigmoid(z)) == pytest.approx(0.25 * 0.01)
    z = diagnostics.saturation_threshold("cell", level=0.05)
    assert 1 - np.tanh(z) ** 2 == pytest.approx(0.05)
    with pytest.raises(ValueError, match="gate"):
        diagnostics.saturation_threshold("reset")
    with pytest.raises(ValueError, match="level"):
        diagnostics.saturation_threshold("input", level=1.5)


def test_saturation_counts_per_gate():
    z = np.zeros((10, 2, 4, 3))
    z[:, :, 2, :] = 4.0  # beyond the tanh threshold (2.99), within the sigmoid one (5.99)
    z[:, :, 0, :] = 4.0
    table = diagnostics.saturation(z)
    assert table.index.tolist() == list(diagnostics.GATES)
    assert table.loc["cell", "saturated"] == 1.0 and table.loc["input", "saturated"] == 0.0
    assert table.loc["forget", "median |z|"] == 0.0


def test_saturation_of_raw_inputs_is_near_total(model):
    raw = diagnostics.saturation(
        diagnostics.lstm_preactivations(model, _X(scale=(100.0, 1e6, 1.0)))
    )
    scaled = diagnostics.saturation(diagnostics.lstm_preactivations(model, _X()))
    assert (raw["saturated"] > 0.9).all()
    assert (scaled["saturated"] < 0.2).all()


def test_outside_range_counts_unit_by_unit():
    rng = np.random.default_rng(1)
    seen = rng.standard_normal((1000, 1, 4, 2))
    later = seen.copy()
    later[:, :, 1, 0] += 100.0  # one unit of the forget gate moves far away
    shares = diagnostics.outside_range(seen, later)
    assert shares.index.tolist() == list(diagnostics.GATES)
    assert shares["forget"] == pytest.approx(0.5 + 0.5 * 0.01, abs=0.01)
    assert shares["input"] == pytest.approx(0.01, abs=0.005)
    assert diagnostics.outside_range(seen, seen, coverage=0.9)["cell"] == pytest.approx(
        0.1, abs=0.01
    )


def test_outside_range_rejects_bad_input():
    z = np.zeros((5, 2, 4, 3))
    with pytest.raises(ValueError, match="units"):
        diagnostics.outside_range(z, np.zeros((5, 2, 4, 2)))
    with pytest.raises(ValueError, match="other must have shape"):
        diagnostics.outside_range(z, np.zeros((5, 2, 3, 3)))
    with pytest.raises(ValueError, match="coverage"):
        diagnostics.outside_range(z, z, coverage=1.0)


def test_saturation_rejects_bad_shapes():
    with pytest.raises(ValueError, match="samples, lookback, 4, units"):
        diagnostics.saturation(np.zeros((2, 3, 5, 1)))


# --------------------------------------------------------------------------- feature_gradient_norms


def test_gradient_norms_match_a_finite_difference():
    keras.utils.set_random_seed(2)
    model = models.build_lstm(6, 3, units=2)
    X, y = _X(), np.linspace(-1, 1, 40)
    table = diagnostics.feature_gradient_norms(model, X, y, ["a", "b", "c"])
    assert table.index.tolist() == ["a", "b", "c"]
    assert table["share"].sum() == pytest.approx(1.0)
    # Check one entry of the gradient against a central difference of the Huber loss.
    lstm = model.get_layer("lstm")
    weights = lstm.get_weights()
    loss = keras.losses.Huber()

    def value(kernel: np.ndarray) -> float:
        lstm.set_weights([kernel, *weights[1:]])
        return float(loss(y.reshape(-1, 1), model(X, training=False)))

    eps = 1e-2
    grads = np.zeros_like(weights[0])
    for row in range(3):
        for col in range(weights[0].shape[1]):
            up, down = weights[0].copy(), weights[0].copy()
            up[row, col] += eps
            down[row, col] -= eps
            grads[row, col] = (value(up) - value(down)) / (2 * eps)
    lstm.set_weights(weights)
    np.testing.assert_allclose(table["gradient norm"], np.linalg.norm(grads, axis=1), rtol=0.05)


def test_a_large_feature_takes_the_whole_gradient(model):
    table = diagnostics.feature_gradient_norms(
        model, _X(scale=(1.0, 1e4, 1.0)), np.zeros(40), ["a", "big", "c"]
    )
    assert table.loc["big", "share"] > 0.99


def test_gradient_norms_reject_bad_input(model):
    with pytest.raises(ValueError, match="one target per window"):
        diagnostics.feature_gradient_norms(model, _X(), np.zeros(39), ["a", "b", "c"])
    with pytest.raises(ValueError, match="one name per feature"):
        diagnostics.feature_gradient_norms(model, _X(), np.zeros(40), ["a", "b"])
    with pytest.raises(ValueError, match="reads 3"):
        diagnostics.feature_gradient_norms(model, np.zeros((40, 6, 2)), np.zeros(40), ["a", "b"])
    with pytest.raises(ValueError, match="NaN"):
        diagnostics.feature_gradient_norms(model, _X(), np.full(40, np.nan), ["a", "b", "c"])


# --------------------------------------------------------------------------- FeatureUpdates


def _updates(optimizer: keras.optimizers.Optimizer) -> tuple:
    """One epoch on a feature 100 times larger than the two others; the target reads feature c."""
    keras.utils.set_random_seed(0)
    X = _X(n=256, scale=(1.0, 100.0, 1.0))
    y = X[:, -1, 2].astype(np.float64)
    m = models.build_lstm(6, 3, units=5)
    m.compile(optimizer=optimizer, loss=keras.losses.Huber())
    callback = diagnostics.FeatureUpdates()
    m.fit(X, y, batch_size=32, epochs=1, verbose=0, callbacks=[callback])
    gradient = diagnostics.feature_gradient_norms(m, X, y, ["a", "b", "c"])
    return callback, callback.table(["a", "b", "c"]), gradient


def test_feature_updates_sum_each_steps_change_of_each_kernel_row():
    callback, table, _ = _updates(keras.optimizers.SGD(0.01))
    assert callback.steps == 8  # 256 windows in batches of 32
    assert table.index.tolist() == ["a", "b", "c"]
    np.testing.assert_allclose(table["share"].sum(), 1.0)
    assert (table["update norm"] > 0).all()


def test_adam_gives_a_small_feature_its_part_of_the_update_and_sgd_does_not():
    # The chapter's assert: a feature's share of the gradient is not its share of the update.
    _, adam, gradient = _updates(keras.optimizers.Adam(3e-3, clipnorm=1.0))
    assert gradient.loc["b", "share"] > 0.5  # the large feature takes the gradient
    assert adam.loc["b", "share"] < 0.5  # Adam: every row moves about alike
    # The counterfactual: plain SGD (clipped per tensor) follows the gradient, so the large
    # feature takes the update too and the chapter's assert would fail.
    _, sgd, _ = _updates(keras.optimizers.SGD(1e-4, clipnorm=1.0))
    assert sgd.loc["b", "share"] > 0.5


def test_feature_updates_reject_bad_input():
    with pytest.raises(TypeError, match="layer"):
        diagnostics.FeatureUpdates(layer="")
    with pytest.raises(ValueError, match="no training"):
        diagnostics.FeatureUpdates().table(["a"])
    callback, _, _ = _updates(keras.optimizers.SGD(0.01))
    with pytest.raises(ValueError, match="one name per input feature"):
        callback.table(["a", "b"])


# -------------------------------------------------------------------------- timestep_gradient_norms


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
def test_timestep_gradients_have_one_positive_value_per_step(cell):
    X, y = _data()
    norms = diagnostics.timestep_gradient_norms(_rnn(cell), X, y)
    assert norms.shape == (12,)
    assert np.all(np.isfinite(norms)) and np.all(norms > 0)


def test_timestep_gradients_match_a_finite_difference_on_one_window():
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


def test_timestep_gradients_count_each_window_with_its_own_loss():
    X, y = _data(n=16)
    model = _rnn("lstm")
    whole = diagnostics.timestep_gradient_norms(model, X, y)
    doubled = diagnostics.timestep_gradient_norms(
        model, np.concatenate([X, X]), np.concatenate([y, y])
    )
    np.testing.assert_allclose(whole, doubled, rtol=1e-4)


def test_timestep_gradients_are_zero_where_the_model_cannot_see():
    # A model that reads only the last timestep: every earlier step has exactly zero gradient.
    inputs = keras.Input(shape=(6, 2))
    last = keras.layers.Lambda(lambda z: z[:, -1, :])(inputs)
    model = keras.Model(inputs, keras.layers.Dense(1)(last))
    X, y = _data(n=8, lookback=6)
    norms = diagnostics.timestep_gradient_norms(model, X, y)
    assert np.all(norms[:-1] == 0) and norms[-1] > 0


def test_timestep_gradients_of_a_simple_rnn_fade_with_distance():
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
def test_timestep_gradients_reject_bad_input(X, y, message):
    with pytest.raises(ValueError, match=message):
        diagnostics.timestep_gradient_norms(_rnn("lstm"), X, y)


def test_timestep_gradients_reject_a_non_model():
    with pytest.raises(TypeError, match="keras.Model"):
        diagnostics.timestep_gradient_norms("model", *_data())
