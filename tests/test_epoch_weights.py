"""Tests of the chapter-3 additions to helpers.nn.training: EpochWeights and predict_by_epoch
(import TensorFlow).
"""

from __future__ import annotations

import numpy as np
import pytest

from helpers.nn import training


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
