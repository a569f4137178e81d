"""Tests of helpers.scaling: window scalers fit on training data, the global scaler, scale_split."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.preprocessing import MinMaxScaler, RobustScaler, StandardScaler

from helpers import scaling, splits, windows


def _windows(
    n: int = 50, lookback: int = 6, n_features: int = 3, seed: int = 0, loc=0.0, scale=1.0
) -> np.ndarray:
    rng = np.random.default_rng(seed)
    offsets = np.arange(n_features) * 10.0  # each feature on its own scale
    return loc + scale * (
        rng.standard_normal((n, lookback, n_features)) * (1 + np.arange(n_features)) + offsets
    )


# --------------------------------------------------------------------------- fit_window_scaler


def test_fit_uses_every_day_of_the_training_windows_per_feature():
    X_train = _windows()
    scaler = scaling.fit_window_scaler(X_train)
    assert isinstance(scaler, StandardScaler)
    days = X_train.reshape(-1, 3)
    np.testing.assert_allclose(scaler.mean_, days.mean(axis=0))
    np.testing.assert_allclose(scaler.var_, days.var(axis=0))
    assert scaler.n_features_in_ == 3


def test_fit_is_unaffected_by_test_data():
    X_train = _windows(seed=1)
    X_test = _windows(seed=2, loc=1000.0, scale=50.0)  # a very different period
    fitted, Xs_train, Xs_test = scaling.scale_windows(X_train, X_test)
    np.testing.assert_allclose(fitted.mean_, X_train.reshape(-1, 3).mean(axis=0))
    np.testing.assert_allclose(fitted.scale_, X_train.reshape(-1, 3).std(axis=0))
    # The test windows are transformed with the training statistics, so they stay far away.
    assert (Xs_test.mean(axis=(0, 1)) > 10).all()
    np.testing.assert_allclose(Xs_train.reshape(-1, 3).mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(Xs_train.reshape(-1, 3).std(axis=0), 1, atol=1e-4)


def test_given_scaler_is_cloned_not_fitted_in_place():
    template = StandardScaler(with_mean=False)
    fitted = scaling.fit_window_scaler(_windows(), template)
    assert fitted is not template
    assert not hasattr(template, "mean_") and not hasattr(template, "scale_")
    assert fitted.with_mean is False  # its parameters are kept


@pytest.mark.parametrize(
    "bad, message",
    [(np.zeros((10, 3)), "3-D"), (np.zeros((2, 3, 4, 5)), "3-D"), (np.zeros((0, 5, 2)), "empty")],
)
def test_fit_rejects_bad_shapes(bad, message):
    with pytest.raises(ValueError, match=message):
        scaling.fit_window_scaler(bad)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_fit_rejects_non_finite(bad):
    X = _windows()
    X[3, 2, 1] = bad
    with pytest.raises(ValueError, match="X_train"):
        scaling.fit_window_scaler(X)


# ---------------------------------------------------------------- transform_windows / scale_windows


def test_transform_preserves_shape_and_returns_float32():
    X_train, X_other = _windows(40, 5, 2), _windows(7, 5, 2, seed=3)
    scaler = scaling.fit_window_scaler(X_train)
    out = scaling.transform_windows(scaler, X_other)
    assert out.shape == X_other.shape and out.dtype == np.float32
    # Each day is scaled with its feature's own statistics, whatever its position in the window.
    expected = (X_other - X_train.reshape(-1, 2).mean(axis=0)) / X_train.reshape(-1, 2).std(axis=0)
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)


def test_transform_accepts_a_different_lookback():
    scaler = scaling.fit_window_scaler(_windows(20, 5, 3))
    assert scaling.transform_windows(scaler, _windows(4, 9, 3)).shape == (4, 9, 3)


def test_scale_windows_returns_scaler_then_every_array():
    X_train, X_val, X_test = _windows(30), _windows(5, seed=4), _windows(6, seed=5)
    out = scaling.scale_windows(X_train, X_val, X_test)
    assert len(out) == 4
    fitted, a, b, c = out
    assert isinstance(fitted, StandardScaler)
    assert a.shape == X_train.shape and b.shape == X_val.shape and c.shape == X_test.shape
    np.testing.assert_allclose(b, scaling.transform_windows(fitted, X_val))
    assert all(x.dtype == np.float32 for x in (a, b, c))
    only = scaling.scale_windows(X_train)
    assert len(only) == 2
    np.testing.assert_array_equal(only[1], a)


def test_minmax_scaler_passthrough():
    X_train, X_test = _windows(30), _windows(10, seed=9)
    fitted, Xs_train, Xs_test = scaling.scale_windows(X_train, X_test, scaler=MinMaxScaler())
    assert isinstance(fitted, MinMaxScaler)
    np.testing.assert_allclose(Xs_train.reshape(-1, 3).min(axis=0), 0, atol=1e-6)
    np.testing.assert_allclose(Xs_train.reshape(-1, 3).max(axis=0), 1, atol=1e-6)
    np.testing.assert_allclose(fitted.data_min_, X_train.reshape(-1, 3).min(axis=0))


def test_robust_scaler_passthrough():
    X_train = _windows(31)
    fitted, Xs_train = scaling.scale_windows(X_train, scaler=RobustScaler())
    assert isinstance(fitted, RobustScaler)
    np.testing.assert_allclose(fitted.center_, np.median(X_train.reshape(-1, 3), axis=0))
    np.testing.assert_allclose(np.median(Xs_train.reshape(-1, 3), axis=0), 0, atol=1e-5)


def test_transform_with_unfitted_scaler_raises():
    with pytest.raises(ValueError, match="not fitted"):
        scaling.transform_windows(StandardScaler(), _windows())


def test_transform_with_wrong_feature_count_raises():
    scaler = scaling.fit_window_scaler(_windows(n_features=3))
    with pytest.raises(ValueError, match="2 features but the scaler was fit on 3"):
        scaling.transform_windows(scaler, _windows(n_features=2))


@pytest.mark.parametrize(
    "bad, message",
    [(np.zeros((10, 3)), "3-D"), (np.zeros(5), "3-D"), (np.zeros((0, 6, 3)), "empty")],
)
def test_transform_rejects_bad_shapes(bad, message):
    scaler = scaling.fit_window_scaler(_windows())
    with pytest.raises(ValueError, match=message):
        scaling.transform_windows(scaler, bad)


def test_transform_rejects_nan():
    scaler = scaling.fit_window_scaler(_windows())
    X = _windows(seed=8)
    X[0, 0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        scaling.transform_windows(scaler, X)
    with pytest.raises(ValueError, match="NaN"):
        scaling.scale_windows(_windows(), X)


# --------------------------------------------------------------------------- TargetScaler

_targets = hnp.arrays(
    np.float64,
    st.integers(1, 50),
    elements=st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False),
)


@given(y=_targets)
def test_target_scaler_round_trip(y):
    t = scaling.TargetScaler().fit(y)
    z = t.transform(y)
    assert z.shape == y.shape
    np.testing.assert_allclose(
        t.inverse_transform(z), y, rtol=1e-9, atol=1e-9 * (1 + np.abs(y).max())
    )


@given(y=_targets.filter(lambda a: a.size >= 2 and a.std() > 1e-3))
def test_target_scaler_standardises(y):
    z = scaling.TargetScaler().fit(y).transform(y)
    assert abs(z.mean()) < 1e-7
    assert z.std() == pytest.approx(1.0, rel=1e-6)


def test_target_scaler_values_and_keras_shapes():
    y = np.array([0.01, -0.01, 0.03])
    t = scaling.TargetScaler().fit(y)
    z = t.transform(y)
    np.testing.assert_allclose(z, (y - y.mean()) / y.std())
    # Keras' predict returns (n, 1): both directions accept it and return 1-D.
    np.testing.assert_allclose(t.transform(y.reshape(-1, 1)), z)
    back = t.inverse_transform(z.reshape(-1, 1).astype(np.float32))
    assert back.shape == (3,)
    np.testing.assert_allclose(back, y, rtol=1e-6)
    # Fit on training targets only: other targets use the training statistics.
    np.testing.assert_allclose(t.transform(np.array([y.mean()])), [0.0], atol=1e-12)
    assert t.fit(y) is t


def test_target_scaler_constant_target_round_trips():
    y = np.full(5, 0.02)
    t = scaling.TargetScaler().fit(y)
    np.testing.assert_allclose(t.inverse_transform(t.transform(y)), y)


@pytest.mark.parametrize(
    "bad, message",
    [
        (np.zeros((4, 2)), "1-D"),
        (np.zeros((2, 2, 2)), "1-D"),
        (np.array([]), "empty"),
        (np.array([0.1, np.nan]), "target"),
    ],
)
def test_target_scaler_rejects_bad_targets(bad, message):
    with pytest.raises(ValueError, match=message):
        scaling.TargetScaler().fit(bad)
    fitted = scaling.TargetScaler().fit(np.array([0.0, 1.0, 2.0]))
    with pytest.raises(ValueError, match=message):
        fitted.transform(bad)


def test_target_scaler_must_be_fitted_first():
    with pytest.raises(NotFittedError):
        scaling.TargetScaler().transform(np.array([1.0]))
    with pytest.raises(NotFittedError):
        scaling.TargetScaler().inverse_transform(np.array([1.0]))


def test_target_scaler_inverse_rejects_multi_column_predictions():
    """inverse_transform must check shapes like transform does.

    A (n, 2) array (e.g. a two-output model's predictions) is silently flattened into
    2n "returns" today.
    """
    t = scaling.TargetScaler().fit(np.array([0.0, 1.0, 2.0]))
    with pytest.raises(ValueError, match="1-D"):
        t.inverse_transform(np.zeros((3, 2)))


def _frame(n: int = 120, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    index = pd.bdate_range("2020-01-01", periods=n)
    return pd.DataFrame(
        {
            "small": rng.standard_normal(n),
            "big": 1e6 + 1e5 * rng.standard_normal(n),
            "trend": np.arange(n, dtype=float),
        },
        index=index,
    )


# --------------------------------------------------------------------------- GlobalScaler


def test_global_scaler_pools_every_feature():
    X = _frame().to_numpy()
    g = scaling.GlobalScaler().fit(X)
    pooled = X.reshape(-1)
    np.testing.assert_allclose(g.scaler_.mean_, [pooled.mean()])
    np.testing.assert_allclose(g.transform(X), (X - pooled.mean()) / pooled.std())
    assert g.n_features_in_ == 3


def test_global_scaler_wraps_any_scaler_and_inverts():
    X = _frame().to_numpy()
    g = scaling.GlobalScaler(MinMaxScaler()).fit(X)
    Z = g.transform(X)
    assert Z.min() == pytest.approx(0.0) and Z.max() == pytest.approx(1.0)
    np.testing.assert_allclose(g.inverse_transform(Z), X, rtol=1e-9)
    assert isinstance(g.scaler_, MinMaxScaler) and g.scaler is not g.scaler_  # a fitted copy


def test_global_scaler_squashes_the_small_features_that_per_feature_scaling_keeps():
    X = _frame().to_numpy()
    per_feature = StandardScaler().fit_transform(X).std(axis=0)
    pooled = scaling.GlobalScaler().fit(X).transform(X).std(axis=0)
    np.testing.assert_allclose(per_feature, 1.0)
    assert pooled[0] < 1e-4 and pooled[2] < 1e-3  # the small features all but vanish


def test_global_scaler_is_a_scikit_learn_estimator():
    g = scaling.GlobalScaler(RobustScaler())
    assert g.get_params(deep=False) == {"scaler": g.scaler}
    assert isinstance(clone(g).scaler, RobustScaler)


def test_global_scaler_works_with_scale_windows():
    w = windows.make_windows(_frame(), _frame()["small"], lookback=4)
    fitted, X_train, X_test = scaling.scale_windows(
        w.X[:80], w.X[80:], scaler=scaling.GlobalScaler()
    )
    assert isinstance(fitted, scaling.GlobalScaler)
    assert X_train.shape == (80, 4, 3) and X_train.dtype == np.float32
    assert abs(float(X_train.mean())) < 1e-3  # one pooled mean: the mean over every value is 0


def test_global_scaler_checks_its_input():
    with pytest.raises(NotFittedError):
        scaling.GlobalScaler().transform(np.zeros((2, 2)))
    g = scaling.GlobalScaler().fit(np.arange(6.0).reshape(3, 2))
    with pytest.raises(ValueError, match="fit on 2"):
        g.transform(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="2 features"):
        g.inverse_transform(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="2-D"):
        scaling.GlobalScaler().fit(np.zeros(4))
    with pytest.raises(ValueError, match="NaN"):
        scaling.GlobalScaler().fit(np.array([[1.0, np.nan]]))


# --------------------------------------------------------------------------- scale_split


def _split_windows(lookback: int = 4):
    frame = _frame(200)
    w = windows.make_windows(frame, frame["small"], lookback=lookback)
    return w, splits.chronological(len(w), lookback=lookback, val=20, test=40)


def test_scale_split_fits_on_training_only_and_keeps_the_bookkeeping():
    w, split = _split_windows()
    s = scaling.scale_split(w, split)
    assert isinstance(s.scaler, StandardScaler)
    np.testing.assert_allclose(
        s.scaler.mean_, w.X[split.train].reshape(-1, 3).mean(axis=0), rtol=1e-6
    )
    for part, rows in ((s.train, split.train), (s.val, split.val), (s.test, split.test)):
        assert part.X.shape == w.X[rows].shape and part.X.dtype == np.float32
        np.testing.assert_array_equal(part.y, w.y[rows])
        np.testing.assert_array_equal(part.ends, w.ends[rows])
        assert part.dates.equals(w.dates[rows]) and part.feature_names == w.feature_names
    # The trending feature goes beyond everything the scaler saw in training.
    assert s.test.X[:, :, 2].min() > s.train.X[:, :, 2].max()


def test_scale_split_accepts_any_scaler_and_leaves_it_unfitted():
    w, split = _split_windows()
    scaler = MinMaxScaler()
    s = scaling.scale_split(w, split, scaler=scaler)
    assert not hasattr(scaler, "data_min_")
    assert s.train.X.min() == pytest.approx(0.0) and s.train.X.max() == pytest.approx(1.0)


def test_scale_split_rejects_bad_input():
    w, split = _split_windows()
    with pytest.raises(TypeError, match="Windows"):
        scaling.scale_split(w.X, split)
    with pytest.raises(TypeError, match="Split"):
        scaling.scale_split(w, (split.train, split.val, split.test))
    short = w.take(np.arange(100))
    with pytest.raises(ValueError, match="len\\(w\\)"):
        scaling.scale_split(short, split)
