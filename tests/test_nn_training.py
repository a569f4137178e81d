"""Tests of helpers.nn.training: seeding, quiet logs, training with early stopping, and every
epoch's weights (these import TensorFlow; kept small).
"""

from __future__ import annotations

import logging
import random

import keras
import numpy as np
import pytest

from helpers import metrics
from helpers.nn import training

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


# ---------------------------------------------------------------- EpochWeights and predict_by_epoch


def _problem(n: int = 400, lookback: int = 4, seed: int = 0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, lookback, 2)).astype(np.float32)
    y = 0.01 * X[:, -2:, 0].astype(np.float64).mean(axis=1)
    return X[:300], y[:300], X[300:], y[300:]


@pytest.fixture(scope="module")
def run():
    X_train, y_train, X_val, y_val = _problem()
    weights = training.EpochWeights()
    trained = training.train(
        X_train,
        y_train,
        X_val,
        y_val,
        seed=2,
        epochs=5,
        patience=5,
        batch_size=32,
        units=4,
        callbacks=[weights],
    )
    return trained, weights, X_val, y_val


def test_epoch_weights_keeps_one_copy_per_epoch(run):
    trained, weights, _, _ = run
    assert len(weights.weights) == trained.epochs == 5
    shapes = [w.shape for w in trained.model.get_weights()]
    assert all([w.shape for w in epoch] == shapes for epoch in weights.weights)
    assert not np.allclose(weights.weights[0][0], weights.weights[-1][0]), "copies, not references"


def test_predict_by_epoch_replays_every_epoch_and_restores_the_best(run):
    trained, weights, X_val, y_val = run
    before = trained.predict(X_val)
    by_epoch = training.predict_by_epoch(trained, weights.weights, X_val)
    assert by_epoch.shape == (5, len(X_val))
    np.testing.assert_allclose(by_epoch[trained.best_epoch - 1], before, rtol=1e-4, atol=1e-7)
    np.testing.assert_allclose(trained.predict(X_val), before, rtol=0, atol=0)  # weights put back
    assert not np.allclose(by_epoch[0], by_epoch[-1])


def test_predict_by_epoch_chunks_give_the_same_forecasts(run):
    trained, weights, X_val, _ = run
    whole = training.predict_by_epoch(trained, weights.weights[:2], X_val)
    chunked = training.predict_by_epoch(trained, weights.weights[:2], X_val, batch_size=7)
    np.testing.assert_allclose(chunked, whole, rtol=1e-5, atol=1e-8)


def test_predict_by_epoch_rejects_bad_input(run):
    trained, weights, X_val, _ = run
    with pytest.raises(ValueError, match="EpochWeights"):
        training.predict_by_epoch(trained, [], X_val)
    with pytest.raises(ValueError, match="3-D"):
        training.predict_by_epoch(trained, weights.weights, X_val[:, :, 0])
    with pytest.raises(ValueError, match="NaN"):
        training.predict_by_epoch(trained, weights.weights, np.full_like(X_val, np.nan))


def test_train_without_callbacks_is_unchanged():
    X_train, y_train, X_val, y_val = _problem(seed=1)
    kwargs = dict(seed=3, epochs=3, patience=3, batch_size=32, units=4)
    plain = training.train(X_train, y_train, X_val, y_val, **kwargs)
    watched = training.train(
        X_train, y_train, X_val, y_val, callbacks=[training.EpochWeights()], **kwargs
    )
    assert plain.history == watched.history


# --------------------------------------------------------------------------- train: classifiers


def _up_down(seed: int = 0, n: int = 200):
    """0/1 labels of windows (10, 4): up when feature 0 of the last day plus noise is positive."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, 10, 4)).astype(np.float32)
    label = (X[:, -1, 0] + rng.standard_normal(n) > 0).astype(np.float64)
    cut = int(0.8 * n)
    return X[:cut], label[:cut], X[cut:], label[cut:]


CLASSIFIER_KWARGS = dict(
    scale_target=False,
    loss="binary_crossentropy",
    output_activation="sigmoid",
    units=4,
    epochs=3,
    batch_size=32,
    learning_rate=1e-2,
    early_stopping=False,
)


def test_train_a_classifier_with_class_weights():
    X_train, y_train, X_val, y_val = _up_down()
    result = training.train(
        X_train,
        y_train,
        X_val,
        y_val,
        seed=0,
        class_weight={0: 1.0, 1: 2.0},
        metrics=["accuracy"],
        **CLASSIFIER_KWARGS,
    )
    assert result.target_scaler is None
    assert result.model.get_layer("forecast").get_config()["activation"] == "sigmoid"
    p = result.predict(X_val)
    assert p.shape == (len(X_val),) and np.all((p > 0) & (p < 1))
    assert set(result.history) == {"loss", "val_loss", "accuracy", "val_accuracy"}
    assert result.epochs == 3
    assert result.history["val_accuracy"][-1] == pytest.approx(
        np.mean((p > 0.5) == (y_val == 1)), abs=1e-6
    )


@pytest.mark.parametrize("class_weight", [{0: 1.0, 1: 3.0}, {0: 1.0, 1: 1.0}])
def test_class_weight_needs_an_unscaled_target(class_weight):
    X_train, y_train, X_val, y_val = _up_down()
    with pytest.raises(ValueError, match="scale_target=False"):
        training.train(X_train, y_train, X_val, y_val, seed=0, class_weight=class_weight)
    with pytest.raises(ValueError, match="scale_target"):
        training.train(
            X_train, y_train, X_val, y_val, seed=0, class_weight=class_weight, scale_target=True
        )


def test_equal_class_weights_change_nothing():
    X_train, y_train, X_val, y_val = _up_down(seed=1)
    plain = training.train(X_train, y_train, X_val, y_val, seed=1, **CLASSIFIER_KWARGS)
    equal = training.train(
        X_train, y_train, X_val, y_val, seed=1, class_weight={0: 1.0, 1: 1.0}, **CLASSIFIER_KWARGS
    )
    np.testing.assert_allclose(equal.history["loss"], plain.history["loss"], rtol=1e-6)
    np.testing.assert_allclose(equal.predict(X_val), plain.predict(X_val), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("seed", [0, 1])
def test_class_weights_move_the_predicted_probability_toward_the_heavier_class(seed):
    # Measured on seeds 0-3 (mean probability on the validation windows): unweighted 0.47-0.53;
    # up days weighted 5x: 0.57-0.66; down days weighted 5x: 0.30-0.42.
    X_train, y_train, X_val, y_val = _up_down(seed=seed)

    def mean_p(class_weight):
        trained = training.train(
            X_train,
            y_train,
            X_val,
            y_val,
            seed=seed,
            class_weight=class_weight,
            **CLASSIFIER_KWARGS,
        )
        return float(trained.predict(X_val).mean()), trained.history["loss"]

    (plain, plain_loss), (up, up_loss), (down, _) = (
        mean_p(None),
        mean_p({0: 1.0, 1: 5.0}),
        mean_p({0: 5.0, 1: 1.0}),
    )
    assert up > plain + 0.03
    assert down < plain - 0.03
    # The weighted loss is another number: each window's loss is multiplied by its weight.
    assert up_loss[0] > 1.5 * plain_loss[0]


def test_accuracy_of_a_trained_regressor_is_zero_on_a_standardised_target_too():
    X_train, y_train, X_val, y_val = _learnable(n=200, lookback=10, n_features=4)
    result = training.train(
        X_train, y_train, X_val, y_val, seed=0, epochs=2, units=4, metrics=["accuracy"]
    )
    assert result.target_scaler is not None
    assert result.history["accuracy"] == result.history["val_accuracy"] == [0.0, 0.0]


# --------------------------------------------------------------------------- walk_forward

WALK_RECIPE = dict(epochs=2, units=4, batch_size=64, patience=1)


@pytest.fixture(scope="module")
def walked():
    """walk_forward on chapter 1's market at a tiny size (801 windows, 3 folds of 200), with a spy
    that records the rows each fold's model was fit and early-stopped on (by their targets,
    which walk_forward does not scale).
    """
    from helpers import settings, setups

    w = setups.daily(settings.CH1.replace(n_train=400, n_val=80, n_test=300), seed=3).windows
    seen: list[dict[str, np.ndarray]] = []
    real_train = training.train

    def spy(X_train, y_train, X_val, y_val, **kwargs):
        rows = {y: i for i, y in enumerate(w.y)}
        seen.append(
            {
                "fit": np.array([rows[y] for y in y_train]),
                "val": np.array([rows[y] for y in y_val]),
                "y_fit": np.asarray(y_train),
                "X_fit": np.asarray(X_train),
            }
        )
        return real_train(X_train, y_train, X_val, y_val, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(training, "train", spy)
        result = training.walk_forward(w, seed=0, n_splits=3, **WALK_RECIPE)
    return w, result, seen


def test_walk_forward_forecasts_the_last_blocks_in_time_order(walked):
    w, r, seen = walked
    assert len(seen) == 3 and len(r.best_epochs) == 3
    assert np.all(np.diff(r.rows) > 0), "rows are increasing, so unique"
    np.testing.assert_array_equal(r.rows, np.arange(len(w) - 600, len(w)))  # 3 blocks of 200
    np.testing.assert_array_equal(r.fold, np.repeat([0, 1, 2], 200))
    np.testing.assert_array_equal(r.y, w.y[r.rows])
    assert r.y_hat.shape == r.naive.shape == r.rows.shape and np.isfinite(r.y_hat).all()
    assert all(1 <= e <= WALK_RECIPE["epochs"] for e in r.best_epochs)


def test_walk_forward_never_forecasts_a_row_its_model_saw(walked):
    w, r, seen = walked
    gap = w.lookback + w.horizon - 1
    for k, rows in enumerate(seen):
        forecast = r.rows[r.fold == k]
        assert rows["fit"].max() + gap < rows["val"].min(), k  # a gap before validation too
        assert rows["val"].max() + gap < forecast.min(), k
        # the training window expands, fold after fold, from the first window
        assert rows["fit"][0] == 0 and np.all(np.diff(rows["fit"]) == 1), k
    assert len(seen[0]["fit"]) < len(seen[1]["fit"]) < len(seen[2]["fit"])


def test_walk_forward_scales_each_fold_on_its_own_training_windows(walked):
    _, _, seen = walked
    for rows in seen:
        mean = rows["X_fit"].reshape(-1, rows["X_fit"].shape[2]).mean(axis=0)
        assert np.all(np.abs(mean) < 1e-4)  # standardised on exactly these windows


def test_walk_forward_naive_is_each_folds_training_mean(walked):
    _, r, seen = walked
    for k, rows in enumerate(seen):
        np.testing.assert_allclose(r.naive[r.fold == k], rows["y_fit"].mean())
    assert len(np.unique(r.naive)) == 3  # one mean per fold, each on more data


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        # 801 windows, 3 blocks of 260: 11 training windows before the first, too few to carve
        # a validation block and a gap of 10 out of them
        (dict(n_splits=3, test_size=260), ValueError, "fold 1 has only 11 training windows"),
        (dict(n_splits=1), ValueError, "n_splits"),
        (dict(val=0.5), ValueError, r"in \(0, 0.5\)"),
        (dict(val=0.0), ValueError, "val is the share"),
    ],
)
def test_walk_forward_rejects_too_few_windows_and_bad_settings(walked, kwargs, error, message):
    w, _, _ = walked
    with pytest.raises(error, match=message):
        training.walk_forward(w, seed=0, **WALK_RECIPE, **kwargs)


def test_walk_forward_wants_windows():
    with pytest.raises(TypeError, match="Windows"):
        training.walk_forward(np.zeros((100, 5, 1)), seed=0)
