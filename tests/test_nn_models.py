"""Tests of helpers.nn.models: the LSTM and SimpleRNN builders (these import TensorFlow; kept
small).
"""

from __future__ import annotations

import warnings

import keras
import numpy as np
import pytest

from helpers.nn import models

# --------------------------------------------------------------------------- build_lstm


def test_build_lstm_shapes_and_input():
    model = models.build_lstm(7, 3)
    assert isinstance(model, keras.Model)
    assert model.output_shape == (None, 1)
    assert len(model.inputs) == 1 and tuple(model.inputs[0].shape) == (None, 7, 3)
    assert type(model.layers[0]).__name__ == "InputLayer"  # built from keras.Input
    out = model.predict(np.zeros((4, 7, 3), dtype=np.float32), verbose=0)
    assert out.shape == (4, 1)


def test_build_lstm_parameters_reach_the_layers():
    model = models.build_lstm(
        5,
        2,
        units=6,
        activation="relu",
        dropout=0.25,
        learning_rate=3e-3,
        loss="mse",
        clipnorm=None,
    )
    lstm = model.get_layer("lstm")
    assert isinstance(lstm, keras.layers.LSTM)
    config = lstm.get_config()
    assert config["activation"] == "relu"
    assert config["units"] == 6
    assert config["dropout"] == pytest.approx(0.25)
    assert model.loss == "mse"
    assert float(model.optimizer.learning_rate) == pytest.approx(3e-3)
    assert model.optimizer.clipnorm is None
    assert model.get_layer("forecast").units == 1


def test_build_lstm_defaults_are_the_sound_recipe():
    model = models.build_lstm(5, 2)
    config = model.get_layer("lstm").get_config()
    assert config["activation"] == "tanh" and config["units"] == 32 and config["dropout"] == 0.0
    assert model.loss == "huber"
    assert isinstance(model.optimizer, keras.optimizers.Adam)
    assert model.optimizer.clipnorm == 1.0
    assert float(model.optimizer.learning_rate) == pytest.approx(1e-3)


def test_build_lstm_forget_bias_starts_at_one_unless_switched_off():
    units = 4
    on = models.build_lstm(5, 2, units=units).get_layer("lstm").cell.bias.numpy()
    off = (
        models.build_lstm(5, 2, units=units, unit_forget_bias=False)
        .get_layer("lstm")
        .cell.bias.numpy()
    )
    # Keras orders the gates i, f, c, o: the second block is the forget gate's.
    assert np.all(on[units : 2 * units] == 1.0) and np.all(np.delete(on, range(units, 8)) == 0)
    assert np.all(off == 0.0)


def test_build_lstm_as_the_article_is_build_article_lstm():
    # The article's knobs (units 50, relu, MSE, Adam at 1e-3, no clipping) build the same network.
    X = np.random.default_rng(0).standard_normal((8, 5, 2)).astype(np.float32)
    keras.utils.set_random_seed(3)
    ours = models.build_lstm(5, 2, units=50, activation="relu", loss="mse", clipnorm=None)
    keras.utils.set_random_seed(3)
    theirs = models.build_article_lstm(5, 2)
    assert [w.shape for w in ours.get_weights()] == [w.shape for w in theirs.get_weights()]
    for a, b in zip(ours.get_weights(), theirs.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(ours.predict(X, verbose=0), theirs.predict(X, verbose=0))


@pytest.mark.parametrize(
    "args, kwargs, error",
    [
        ((5, 2), dict(units=0), ValueError),
        ((5, 2), dict(units=-4), ValueError),
        ((5, 2), dict(units=8.0), TypeError),
        ((5, 2), dict(units=True), TypeError),
        ((5, 2), dict(dropout=1.0), ValueError),
        ((5, 2), dict(dropout=-0.1), ValueError),
        ((5, 2), dict(learning_rate=0.0), ValueError),
        ((0, 2), {}, ValueError),
        ((5, 0), {}, ValueError),
        ((-1, 2), {}, ValueError),
        ((5.0, 2), {}, TypeError),
        ((5, "2"), {}, TypeError),
        ((True, 2), {}, TypeError),
    ],
)
def test_build_lstm_rejects_bad_arguments(args, kwargs, error):
    with pytest.raises(error):
        models.build_lstm(*args, **kwargs)


# --------------------------------------------------------------------------- build_article_lstm


def test_build_article_lstm():
    model = models.build_article_lstm(10, 4)
    assert model.output_shape == (None, 1)
    assert tuple(model.inputs[0].shape) == (None, 10, 4)
    config = model.get_layer("lstm").get_config()
    assert config["units"] == 50
    assert config["activation"] == "relu"
    assert model.loss == "mse"
    assert isinstance(model.optimizer, keras.optimizers.Adam)
    assert model.optimizer.clipnorm is None


@pytest.mark.parametrize(
    "args, error", [((0, 4), ValueError), ((10, 0), ValueError), ((10.0, 4), TypeError)]
)
def test_build_article_lstm_rejects_bad_shapes(args, error):
    with pytest.raises(error):
        models.build_article_lstm(*args)


# --------------------------------------------------------------------------- build_simple_rnn


def test_simple_rnn_builder_has_the_expected_layers():
    model = models.build_simple_rnn(6, 2, units=3)
    assert isinstance(model.get_layer("rnn"), keras.layers.SimpleRNN)
    assert model.output_shape == (None, 1) and model.input_shape == (None, 6, 2)
    with pytest.raises(ValueError, match="units"):
        models.build_simple_rnn(6, 2, units=0)


# --------------------------------------------------------------------------- build_lstm: outputs


def _windows(n: int = 200, seed: int = 0):
    return np.random.default_rng(seed).standard_normal((n, 10, 4)).astype(np.float32)


@pytest.mark.parametrize(
    ("output_activation", "expected"),
    [(None, "linear"), ("linear", "linear"), ("sigmoid", "sigmoid"), ("softmax", "softmax")],
)
def test_build_lstm_output_activation_reaches_the_output_layer(output_activation, expected):
    model = models.build_lstm(10, 4, units=4, output_activation=output_activation)
    forecast = model.get_layer("forecast")
    assert forecast.get_config()["activation"] == expected
    assert forecast.units == 1 and model.output_shape == (None, 1)
    # The hidden layer keeps its own activation.
    assert model.get_layer("lstm").get_config()["activation"] == "tanh"


def test_build_lstm_default_output_is_a_regressors():
    model = models.build_lstm(10, 4, units=4)
    out = model.predict(_windows(), verbose=0).ravel()
    assert model.get_layer("forecast").get_config()["activation"] == "linear"
    assert out.min() < 0 < out.max(), "an unbounded output takes both signs"


def test_build_lstm_sigmoid_output_is_a_probability():
    model = models.build_lstm(10, 4, units=4, output_activation="sigmoid")
    p = model.predict(_windows(), verbose=0).ravel()
    assert np.all((p > 0) & (p < 1))
    assert np.ptp(p) > 0, "a probability that depends on the window"


def test_build_lstm_softmax_over_one_unit_is_always_one():
    # The pitfall chapter 2 shows: a softmax over a single unit normalises it to 1, whatever the
    # window.
    model = models.build_lstm(10, 4, units=4, output_activation="softmax")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # Keras warns about it
        p = model.predict(_windows(), verbose=0).ravel()
    np.testing.assert_array_equal(p, np.ones(len(p)))


def test_build_lstm_has_no_metrics_unless_asked():
    X = _windows()
    y = 0.01 * X[:, -1, 0]
    model = models.build_lstm(10, 4, units=4)
    history = model.fit(X[:160], y[:160], validation_data=(X[160:], y[160:]), epochs=1, verbose=0)
    assert set(history.history) == {"loss", "val_loss"}


def test_accuracy_of_a_regression_is_exactly_zero():
    # Keras reads "accuracy" on one output unit as binary accuracy: y_true == (y_hat > 0.5). A
    # continuous target is never exactly 0 or 1, so the score is 0 whatever the model learns.
    keras.utils.set_random_seed(0)
    X = _windows()
    y = 0.01 * X[:, -1, 0].astype(np.float64) + 0.005 * np.random.default_rng(1).standard_normal(
        200
    )
    model = models.build_lstm(10, 4, units=4, metrics=["accuracy"])
    history = model.fit(
        X[:160], y[:160], validation_data=(X[160:], y[160:]), epochs=2, batch_size=32, verbose=0
    )
    assert set(history.history) == {"loss", "val_loss", "accuracy", "val_accuracy"}
    assert history.history["accuracy"] == [0.0, 0.0]
    assert history.history["val_accuracy"] == [0.0, 0.0]
    # The model still learned something: the loss fell.
    assert history.history["loss"][-1] < history.history["loss"][0]


@pytest.mark.parametrize("seed", [0, 1])
def test_accuracy_of_a_classifier_is_the_share_of_right_calls(seed):
    # The counterfactual: on 0/1 labels with a sigmoid output, the same "accuracy" counts the days
    # on which p > 0.5 matches the label.
    keras.utils.set_random_seed(seed)
    X = _windows(seed=seed)
    rng = np.random.default_rng(seed)
    label = (X[:, -1, 0] + rng.standard_normal(200) > 0).astype(np.float64)
    model = models.build_lstm(
        10,
        4,
        units=4,
        output_activation="sigmoid",
        loss="binary_crossentropy",
        metrics=["accuracy"],
    )
    history = model.fit(
        X[:160],
        label[:160],
        validation_data=(X[160:], label[160:]),
        epochs=2,
        batch_size=32,
        verbose=0,
    )
    p = model.predict(X[160:], verbose=0).ravel()
    by_hand = float(np.mean((p > 0.5) == (label[160:] == 1)))
    assert by_hand > 0
    scores = model.evaluate(X[160:], label[160:], verbose=0, return_dict=True)
    assert scores["accuracy"] == pytest.approx(by_hand, abs=1e-6)
    # No early stopping here: the last epoch's validation accuracy is that of the final weights.
    assert history.history["val_accuracy"][-1] == pytest.approx(by_hand, abs=1e-6)


def test_a_one_unit_softmax_trains_like_a_sigmoid_only_through_the_cached_logits():
    """Chapter 2's mechanism: Keras' softmax (the activation and the TensorFlow backend's op) caches
    its input as ``_keras_logits`` and binary cross-entropy reads it, so the loss falls exactly as
    a sigmoid's. The counterfactual: the same softmax written by hand caches nothing, and the loss
    of an output that is always 1 cannot move."""
    import keras

    rng = np.random.default_rng(0)
    X = rng.normal(size=(256, 10, 4)).astype("float32")
    y = (X[:, -1, 0] + 0.5 * rng.normal(size=256) > 0).astype("float32")

    def losses(head) -> np.ndarray:
        keras.utils.set_random_seed(0)
        inputs = keras.Input((10, 4))
        out = head(keras.layers.Dense(1)(keras.layers.LSTM(8)(inputs)))
        model = keras.Model(inputs, out)
        model.compile("adam", "binary_crossentropy")
        return np.array(model.fit(X, y, epochs=3, verbose=0).history["loss"])

    sigmoid = losses(keras.layers.Activation("sigmoid"))
    softmax = losses(keras.layers.Activation("softmax"))
    by_hand = losses(
        keras.layers.Lambda(
            lambda t: keras.ops.exp(t) / keras.ops.sum(keras.ops.exp(t), axis=-1, keepdims=True)
        )
    )
    assert sigmoid[-1] < sigmoid[0]
    np.testing.assert_allclose(softmax, sigmoid, rtol=1e-5)
    assert np.ptp(by_hand) < 1e-6 and by_hand[0] > 5 * sigmoid[0]
