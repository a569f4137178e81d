"""Tests of the chapter-2 additions to helpers.scaling: GlobalScaler and scale_split."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.preprocessing import MinMaxScaler, RobustScaler, StandardScaler

from helpers import scaling, splits, windows


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
