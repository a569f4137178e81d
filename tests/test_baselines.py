"""Tests of helpers.baselines: zero, naive mean, persistence, flatten, ridge, boosted trees."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.linear_model import RidgeCV
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from helpers import baselines, data, metrics, windows

# --------------------------------------------------------------------------- zero


@pytest.mark.parametrize("n", [1, 5, np.int64(3)])
def test_zero(n):
    z = baselines.zero(n)
    assert z.shape == (int(n),) and z.dtype == np.float64
    assert not z.any()


@pytest.mark.parametrize(
    ("n", "error", "message"),
    [
        (0, ValueError, "n must be a positive int"),
        (-1, ValueError, "n must be a positive int"),
        (1.5, TypeError, "n must be an int"),
        (2.0, TypeError, "n must be an int"),
        (True, TypeError, "n must be an int"),
        ("3", TypeError, "n must be an int"),
        (None, TypeError, "n must be an int"),
    ],
)
def test_zero_rejects_bad_n(n, error, message):
    with pytest.raises(error, match=message):
        baselines.zero(n)


# --------------------------------------------------------------------------- naive_mean


def test_naive_mean():
    out = baselines.naive_mean(np.array([0.01, 0.03, -0.01]), 4)
    assert out.shape == (4,)
    np.testing.assert_allclose(out, 0.01)
    assert baselines.naive_mean([0.5], 1).tolist() == [0.5]


@given(hnp.arrays(np.float64, st.integers(1, 30), elements=st.floats(-1, 1)), st.integers(1, 20))
def test_naive_mean_is_constant_training_mean(y_train, n):
    out = baselines.naive_mean(y_train, n)
    assert out.shape == (n,)
    assert np.all(out == out[0])
    assert out[0] == pytest.approx(y_train.mean())


@pytest.mark.parametrize(
    "y_train, n, error, message",
    [
        (np.array([]), 3, ValueError, "non-empty"),
        (np.zeros((3, 2)), 3, ValueError, "1-D"),
        (np.array([0.1, np.nan]), 3, ValueError, "y_train"),
        (np.array([0.1, 0.2]), 0, ValueError, "positive int"),
        (np.array([0.1, 0.2]), 2.5, TypeError, "n must be an int"),
    ],
)
def test_naive_mean_rejects_bad_input(y_train, n, error, message):
    with pytest.raises(error, match=message):
        baselines.naive_mean(y_train, n)


# --------------------------------------------------------------------------- persistence


def test_persistence_is_the_last_day():
    X = np.arange(12, dtype=float).reshape(2, 3, 2)
    assert baselines.persistence(X, column=1).tolist() == [5.0, 11.0]
    assert baselines.persistence(X, column=0).tolist() == [4.0, 10.0]
    assert baselines.persistence(X, column=-1).tolist() == [5.0, 11.0]


def test_persistence_returns_a_copy():
    X = np.arange(12, dtype=float).reshape(2, 3, 2)
    out = baselines.persistence(X, 0)
    out[:] = -1
    assert X[0, -1, 0] == 4.0


def test_persistence_on_market_windows_is_todays_return():
    market = data.make_market(300, seed=1)
    features = data.stationary_features(market)
    w = windows.make_windows(features, market["target"], lookback=10)
    column = w.feature_names.index("log_return")
    np.testing.assert_allclose(
        baselines.persistence(w.X, column), w.align(features["log_return"]), atol=1e-7
    )
    # ... which is yesterday's target.
    np.testing.assert_allclose(
        baselines.persistence(w.X, column), market["target"].to_numpy()[w.ends - 1], atol=1e-7
    )


@pytest.mark.parametrize(
    "X, column",
    [
        (np.zeros((2, 3, 2)), 2),
        (np.zeros((2, 3, 2)), -3),
        (np.zeros((3, 2)), 0),
        (np.zeros((0, 3, 2)), 0),
    ],
)
def test_persistence_rejects_bad_input(X, column):
    with pytest.raises(ValueError):
        baselines.persistence(X, column)


# --------------------------------------------------------------------------- flatten


def test_flatten_shape_and_order():
    X = np.arange(24).reshape(2, 4, 3)
    flat = baselines.flatten(X)
    assert flat.shape == (2, 12)
    np.testing.assert_array_equal(flat[1], X[1].ravel())
    # Day-major: the first features are all of the first day.
    np.testing.assert_array_equal(flat[0, :3], X[0, 0])


@pytest.mark.parametrize("shape", [(4, 6), (2, 3, 4, 5), (5,)])
def test_flatten_rejects_non_3d(shape):
    with pytest.raises(ValueError, match="3-D"):
        baselines.flatten(np.zeros(shape))


# --------------------------------------------------------------------------- fit_ridge


def _planted(n=600, lookback=5, n_features=3, noise=0.05, seed=0):
    rng = np.random.default_rng(seed)
    scales = np.array([1.0, 100.0, 0.01])[:n_features]  # features on very different scales
    X = rng.standard_normal((n, lookback, n_features)) * scales
    w = rng.standard_normal((lookback, n_features)) / scales
    y = np.einsum("ilf,lf->i", X, w) + noise * rng.standard_normal(n)
    return X, y


def test_fit_ridge_recovers_a_planted_linear_relation():
    X, y = _planted()
    model = baselines.fit_ridge(X[:400], y[:400])
    y_hat = model.predict(X[400:])  # 3-D windows go straight in
    assert y_hat.shape == (200,)
    assert metrics.r2(y[400:], y_hat) > 0.9


def test_fit_ridge_pipeline_scales_inside_on_training_windows_only():
    X, y = _planted()
    model = baselines.fit_ridge(X[:400], y[:400])
    assert isinstance(model, Pipeline)
    steps = [step for _, step in model.steps]
    assert isinstance(steps[0], FunctionTransformer)
    assert isinstance(steps[1], StandardScaler)
    assert isinstance(steps[2], RidgeCV)
    np.testing.assert_allclose(steps[1].mean_, baselines.flatten(X[:400]).mean(axis=0))
    np.testing.assert_allclose(steps[1].scale_, baselines.flatten(X[:400]).std(axis=0))


def test_fit_ridge_uses_the_given_alphas():
    X, y = _planted(n=200)
    model = baselines.fit_ridge(X, y, alphas=[0.5, 2.0])
    assert list(model[-1].alphas) == [0.5, 2.0]
    assert model[-1].alpha_ in (0.5, 2.0)
    # The default grid is used otherwise.
    assert len(baselines.fit_ridge(X, y)[-1].alphas) == 15


def test_fit_ridge_finds_nothing_in_noise():
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((600, 5, 2)), rng.standard_normal(600)
    model = baselines.fit_ridge(X[:400], y[:400])
    assert metrics.r2(y[400:], model.predict(X[400:])) < 0.05


@pytest.mark.parametrize(
    "X, y, message",
    [
        (np.zeros((10, 6)), np.zeros(10), "3-D"),
        (np.zeros((0, 3, 2)), np.zeros(0), "3-D"),
        (np.zeros((10, 3, 2)), np.zeros(9), "shape"),
        (np.zeros((10, 3, 2)), np.zeros((10, 1)), "shape"),
        (np.full((10, 3, 2), np.nan), np.zeros(10), "X_train"),
        (np.zeros((10, 3, 2)), np.r_[np.zeros(9), np.inf], "y_train"),
    ],
)
def test_fit_ridge_rejects_bad_input(X, y, message):
    with pytest.raises(ValueError, match=message):
        baselines.fit_ridge(X, y)


# --------------------------------------------------------------------------- gradient boosting


def _mse(y_true, y_hat):
    return float(np.mean((np.asarray(y_true) - np.asarray(y_hat)) ** 2))


def test_boosting_learns_an_interaction_ridge_cannot_see():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(3_000, 4, 2))
    y = X[:, -1, 0] * X[:, -2, 1] + 0.3 * rng.normal(size=3_000)
    fit, val, test = slice(0, 2_000), slice(2_000, 2_500), slice(2_500, None)
    boosted = baselines.fit_boosting(X[fit], y[fit], X[val], y[val], seed=0)
    ridge = baselines.fit_ridge(X[fit], y[fit])
    assert metrics.r2(y[test], boosted.predict(X[test])) > 0.3
    assert metrics.r2(y[test], ridge.predict(X[test])) < 0.05
    # early stopping, not the cap, ended it
    assert boosted[-1].n_iter_ < 5_000


def test_boosting_is_seeded_and_checks_its_inputs():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(400, 3, 2)), rng.normal(size=400)
    a = baselines.fit_boosting(X[:300], y[:300], X[300:], y[300:], seed=3).predict(X)
    b = baselines.fit_boosting(X[:300], y[:300], X[300:], y[300:], seed=3).predict(X)
    assert np.array_equal(a, b)
    with pytest.raises(ValueError, match="X_val must be non-empty 3-D"):
        baselines.fit_boosting(X, y, X[0], y[:1])
    with pytest.raises(ValueError, match="y_train must have shape"):
        baselines.fit_boosting(X, y[:10], X, y)


@pytest.mark.parametrize("seed", [0, 1, 4])
def test_boosting_on_noise_is_no_worse_than_the_constant_on_validation(seed):
    # scikit-learn keeps the rounds fitted after the best one; on pure noise those are trees
    # fitted to noise, and the model scored worse than the training mean on its own validation
    # block. The model must predict with its best round instead.
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(1_500, 4, 2)), rng.normal(size=1_500)
    fit, val = slice(0, 1_000), slice(1_000, None)
    model = baselines.fit_boosting(X[fit], y[fit], X[val], y[val], seed=0)
    booster = model[-1]
    constant = np.full(500, y[fit].mean())
    assert _mse(y[val], model.predict(X[val])) <= _mse(y[val], constant)
    # all rounds (what scikit-learn's own predict uses) were worse than the constant here
    last = list(booster.staged_predict(baselines.flatten(X[val])))[-1]
    assert _mse(y[val], last) > _mse(y[val], constant)
    assert booster.best_iteration_ == int(np.argmax(booster.validation_score_))
    assert booster.n_iter_ == booster.best_iteration_ + 20


def test_boosting_predicts_with_its_best_round():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(3_000, 4, 2))
    y = X[:, -1, 0] * X[:, -2, 1] + 0.3 * rng.normal(size=3_000)
    fit, val, test = slice(0, 2_000), slice(2_000, 2_500), slice(2_500, None)
    model = baselines.fit_boosting(X[fit], y[fit], X[val], y[val], seed=0)
    booster = model[-1]
    best = booster.best_iteration_
    assert 1 <= best == booster.n_iter_ - 20
    assert best == int(np.argmax(booster.validation_score_))
    staged = list(booster.staged_predict(baselines.flatten(X[test])))
    assert len(staged) == booster.n_iter_
    np.testing.assert_array_equal(model.predict(X[test]), staged[best - 1])
    # the validation loss scikit-learn recorded (half the MSE) is that of the returned model
    val_mse = _mse(y[val], model.predict(X[val]))
    # (in standardised units: the target was divided by target_scale_)
    scale = booster.target_scale_
    assert val_mse == pytest.approx(-2 * booster.validation_score_[best] * scale**2, rel=1e-9)
    assert val_mse == pytest.approx(-2 * booster.validation_score_.max() * scale**2, rel=1e-9)


def test_boosting_at_round_zero_predicts_the_training_mean():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(1_500, 4, 2)), rng.normal(size=1_500)
    model = baselines.fit_boosting(X[:1_000], y[:1_000], X[1_000:], y[1_000:], seed=0)
    assert model[-1].best_iteration_ == 0
    np.testing.assert_allclose(model.predict(X[:7]), np.full(7, y[:1_000].mean()), rtol=1e-12)


def test_best_round_boosting_without_early_stopping_uses_every_round():
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(300, 3)), rng.normal(size=300)
    booster = baselines.BestRoundBoosting(max_iter=7, early_stopping=False, random_state=0)
    booster.fit(X, y)
    assert booster.best_iteration_ == booster.n_iter_ == 7
    reference = HistGradientBoostingRegressor(max_iter=7, early_stopping=False, random_state=0)
    # equal up to float32 rounding: the trees were fit on the standardised target
    np.testing.assert_allclose(booster.predict(X), reference.fit(X, y).predict(X), rtol=1e-5)


def _small_target_data(seed=3):
    """A learnable target in the units of daily returns: its signal's whole gain in half the MSE
    is about 2.4e-7, a few times scikit-learn's absolute stopping tolerance (1e-7)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(3_000, 4, 2))
    signal = np.tanh(X[:, -1, 0]) + X[:, -2, 1] * X[:, -1, 1]
    return X, 1e-3 * (0.6 * signal + rng.normal(size=3_000))


def test_boosting_learns_a_target_in_the_units_of_returns():
    X, y = _small_target_data()
    fit, val = slice(0, 2_000), slice(2_000, None)
    model = baselines.fit_boosting(X[fit], y[fit], X[val], y[val], seed=0)
    booster = model[-1]
    # with tol = 1e-7 in raw units, no 20 rounds beat the initial constant by tol, and boosting
    # stopped after its first 20 rounds (best round 20, 16% of the variance); standardised, it
    # goes on (best round 53, 20%)
    assert booster.best_iteration_ > 40
    constant = np.full(y[val].size, y[fit].mean())
    assert _mse(y[val], model.predict(X[val])) < 0.82 * _mse(y[val], constant)
    assert booster.baseline_ == pytest.approx(y[fit].mean(), rel=1e-12)
    assert booster.target_scale_ == pytest.approx(y[fit].std(), rel=1e-12)


def test_boosting_is_scale_equivariant():
    X, y = _small_target_data()
    fit, val = slice(0, 2_000), slice(2_000, None)
    small = baselines.fit_boosting(X[fit], y[fit], X[val], y[val], seed=0)
    large = baselines.fit_boosting(X[fit], 1_000 * y[fit], X[val], 1_000 * y[val], seed=0)
    assert small[-1].best_iteration_ == large[-1].best_iteration_
    assert small[-1].n_iter_ == large[-1].n_iter_
    np.testing.assert_allclose(small.predict(X[val]), large.predict(X[val]) / 1_000, rtol=1e-9)


def test_best_round_boosting_standardises_with_the_sample_weights():
    rng = np.random.default_rng(4)
    X, y = rng.normal(size=(400, 3)), 5 + 2 * rng.normal(size=400)
    w = rng.uniform(0.5, 2.0, size=400)
    booster = baselines.BestRoundBoosting(max_iter=3, early_stopping=False, random_state=0)
    booster.fit(X, y, sample_weight=w)
    mean = np.average(y, weights=w)
    assert booster.target_mean_ == booster.baseline_ == pytest.approx(mean, rel=1e-12)
    assert booster.target_scale_ == pytest.approx(
        np.sqrt(np.average((y - mean) ** 2, weights=w)), rel=1e-12
    )
    constant = baselines.BestRoundBoosting(max_iter=3, early_stopping=False).fit(X, np.ones(400))
    assert constant.target_scale_ == 1.0
    np.testing.assert_allclose(constant.predict(X[:5]), np.ones(5))
