"""Tests of helpers.nn.models: the LSTM and SimpleRNN builders (these import TensorFlow; kept
small).
"""

from __future__ import annotations

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
