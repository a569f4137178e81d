"""Tests of helpers.nn.models and helpers.nn.training (these import TensorFlow; kept small)."""

from __future__ import annotations

import logging
import random

import keras
import numpy as np
import pytest

from helpers import metrics
from helpers.nn import models, training

# --------------------------------------------------------------------------- problems


def _learnable(n: int = 600, lookback: int = 5, n_features: int = 2, seed: int = 0):
    """y = 0.01 * mean of the last 3 days of feature 0: easy for an LSTM, in 'return' units."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, lookback, n_features)).astype(np.float32)
    y = 0.01 * X[:, -3:, 0].astype(np.float64).mean(axis=1)
    cut = int(0.8 * n)
    return X[:cut], y[:cut], X[cut:], y[cut:]


LEARNABLE_KWARGS = dict(seed=1, epochs=8, batch_size=32, units=8, learning_rate=2e-2)


@pytest.fixture(scope="module")
def learnable():
    return _learnable()


@pytest.fixture(scope="module")
def trained(learnable):
    X_train, y_train, X_val, y_val = learnable
    return training.train(X_train, y_train, X_val, y_val, **LEARNABLE_KWARGS)


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


# --------------------------------------------------------------------------- seed_everything


def test_seed_everything_seeds_python_and_numpy():
    training.seed_everything(123)
    first = (random.random(), np.random.rand(3).tolist())
    training.seed_everything(123)
    assert (random.random(), np.random.rand(3).tolist()) == first
    training.seed_everything(np.int64(124))
    assert (random.random(), np.random.rand(3).tolist()) != first


@pytest.mark.parametrize(
    ("seed", "error"),
    [(-1, ValueError), (1.5, TypeError), (True, TypeError), ("1", TypeError), (None, TypeError)],
)
def test_seed_everything_rejects_bad_seeds(seed, error):
    with pytest.raises(error, match="seed"):
        training.seed_everything(seed)


# --------------------------------------------------------------------------- quiet_tensorflow


def test_quiet_tensorflow_raises_the_log_level_to_error():
    import tensorflow as tf

    py_logger, tf_logger = logging.getLogger("tensorflow"), tf.get_logger()
    before = py_logger.level, tf_logger.level
    try:
        py_logger.setLevel(logging.DEBUG)
        tf_logger.setLevel(logging.DEBUG)
        training.quiet_tensorflow()
        assert py_logger.level == logging.ERROR
        assert tf_logger.level == logging.ERROR
        assert not tf_logger.isEnabledFor(logging.WARNING)
    finally:
        py_logger.setLevel(before[0])
        tf_logger.setLevel(before[1])


# --------------------------------------------------------------------------- train


def test_train_learns_a_learnable_problem(trained, learnable):
    _, y_train, X_val, y_val = learnable
    assert isinstance(trained, training.Trained)
    assert metrics.r2(y_val, trained.predict(X_val)) > 0.5


def test_predict_returns_target_units(trained, learnable):
    _, y_train, X_val, y_val = learnable
    y_hat = trained.predict(X_val)
    assert y_hat.shape == (len(y_val),) and y_hat.ndim == 1
    # Not standardised: the spread is that of y (about 0.006), not about 1.
    assert 0.5 < y_hat.std() / y_val.std() < 1.5
    assert abs(y_hat.mean() - y_val.mean()) < 0.5 * y_val.std()
    assert trained.target_scaler is not None
    raw = trained.model.predict(X_val, verbose=0).ravel()
    np.testing.assert_allclose(y_hat, trained.target_scaler.inverse_transform(raw), rtol=1e-6)
    np.testing.assert_allclose(trained.target_scaler.transform(y_train).std(), 1.0, rtol=1e-6)


def test_train_history_and_bookkeeping(trained):
    max_epochs = LEARNABLE_KWARGS["epochs"]
    assert set(trained.history) >= {"loss", "val_loss"}
    assert (
        1
        <= trained.epochs
        == len(trained.history["loss"])
        == len(trained.history["val_loss"])
        <= max_epochs
    )
    assert 1 <= trained.best_epoch <= trained.epochs
    assert trained.best_epoch == int(np.argmin(trained.history["val_loss"])) + 1
    assert all(isinstance(v, float) for v in trained.history["loss"])
    assert trained.history["loss"][-1] < trained.history["loss"][0]
    assert trained.seconds > 0
    assert (
        trained.model.get_layer("lstm").units == LEARNABLE_KWARGS["units"]
    )  # build_kwargs reach the builder


def test_same_seed_gives_identical_predictions(trained, learnable):
    X_train, y_train, X_val, y_val = learnable
    again = training.train(X_train, y_train, X_val, y_val, **LEARNABLE_KWARGS)
    np.testing.assert_array_equal(again.predict(X_val), trained.predict(X_val))
    assert again.history == trained.history


def test_early_stopping_restores_the_best_epoch():
    # Pure noise and a large learning rate: validation loss gets worse quickly.
    rng = np.random.default_rng(0)
    X = rng.standard_normal((80, 3, 1)).astype(np.float32)
    y = rng.standard_normal(80)
    result = training.train(
        X[:50],
        y[:50],
        X[50:],
        y[50:],
        seed=0,
        epochs=30,
        patience=2,
        batch_size=16,
        units=16,
        learning_rate=5e-2,
        scale_target=False,
    )
    val_loss = result.history["val_loss"]
    assert result.epochs < 30  # stopped early
    assert result.best_epoch < result.epochs
    assert result.epochs - result.best_epoch == 2  # patience
    assert result.best_epoch == int(np.argmin(val_loss)) + 1
    # The model holds the weights of the best epoch, not of the last one.
    restored = result.model.evaluate(X[50:], y[50:], verbose=0)
    assert restored == pytest.approx(min(val_loss), rel=1e-5)
    assert restored != pytest.approx(val_loss[-1], rel=1e-5)
    # scale_target=False: no scaler, predictions are the model's raw outputs.
    assert result.target_scaler is None
    np.testing.assert_allclose(
        result.predict(X[50:]), result.model.predict(X[50:], verbose=0).ravel()
    )


def test_train_passes_build_kwargs_to_a_custom_builder():
    calls = []

    def build(lookback, n_features, **kwargs):
        calls.append((lookback, n_features, kwargs))
        inputs = keras.Input(shape=(lookback, n_features))
        outputs = keras.layers.Dense(1)(keras.layers.Flatten()(inputs))
        model = keras.Model(inputs, outputs)
        model.compile(optimizer="sgd", loss="mse")
        return model

    X_train, y_train, X_val, y_val = _learnable(n=100, lookback=4, n_features=3)
    result = training.train(X_train, y_train, X_val, y_val, seed=0, build=build, epochs=2, width=7)
    assert calls == [(4, 3, {"width": 7})]
    assert all(type(v) is int for v in calls[0][:2])
    assert result.epochs == 2


# --------------------------------------------------------------------------- train: bad input


def _small():
    rng = np.random.default_rng(0)
    return (
        rng.standard_normal((20, 4, 2)),
        rng.standard_normal(20),
        rng.standard_normal((8, 4, 2)),
        rng.standard_normal(8),
    )


def _with(**changes):
    X_train, y_train, X_val, y_val = _small()
    args = dict(X_train=X_train, y_train=y_train, X_val=X_val, y_val=y_val)
    args.update(changes)
    return args


@pytest.mark.parametrize(
    "changes, message",
    [
        (dict(X_train=np.zeros((20, 8))), "X_train must be 3-D"),
        (dict(X_val=np.zeros((8, 8))), "X_val must be 3-D"),
        (dict(X_train=np.zeros((0, 4, 2)), y_train=np.zeros(0)), "X_train is empty"),
        (dict(y_train=np.zeros(19)), "y_train"),
        (dict(y_train=np.zeros((20, 1))), "y_train"),
        (dict(y_val=np.zeros(9)), "y_val"),
        (dict(X_train=np.full((20, 4, 2), np.nan)), "X_train holds"),
        (dict(y_val=np.r_[np.zeros(7), np.nan]), "y_val holds"),
        (dict(X_val=np.zeros((8, 5, 2))), "differ"),
        (dict(X_val=np.zeros((8, 4, 3))), "differ"),
    ],
)
def test_train_rejects_bad_data(changes, message):
    with pytest.raises(ValueError, match=message):
        training.train(**_with(**changes), seed=0)


@pytest.mark.parametrize("name", ["epochs", "batch_size", "patience"])
@pytest.mark.parametrize(
    ("value", "error"), [(0, ValueError), (-1, ValueError), (2.0, TypeError), (True, TypeError)]
)
def test_train_rejects_bad_loop_settings(name, value, error):
    with pytest.raises(error, match=name):
        training.train(**_with(), seed=0, **{name: value})


def test_train_rejects_a_bad_seed():
    with pytest.raises(ValueError, match="seed"):
        training.train(**_with(), seed=-1)


def test_train_without_early_stopping_runs_every_epoch_and_keeps_the_last_weights() -> None:
    rng = np.random.default_rng(0)
    X = rng.standard_normal((120, 4, 2)).astype("float32")
    y = X[:, -1, 0] + 0.1 * rng.standard_normal(120)
    fixed = training.train(
        X[:80], y[:80], X[80:], y[80:], seed=0, epochs=3, patience=1, early_stopping=False, units=4
    )
    assert len(fixed.history["loss"]) == 3
    last = fixed.model.evaluate(
        X[80:].astype("float32"), fixed.target_scaler.transform(y[80:]), verbose=0
    )
    assert last == pytest.approx(fixed.history["val_loss"][-1], rel=1e-4), (
        "the last epoch's weights are kept"
    )
