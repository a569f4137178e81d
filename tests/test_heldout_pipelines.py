"""Tests of the held-out doctor cases (tests/heldout_pipelines.py): their generators and labels.

Nothing here asks the doctor anything: these tests make each case's labels trustworthy by
re-checking, from the arrays and models themselves, that every expected pitfall is really in the
pipeline and that the clean pipelines really are clean. The cases are built once (seed 0) for the
whole module; building them trains ~30 small Keras models.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import pytest

from tests import heldout_gen as gen
from tests.heldout_pipelines import (
    CHECKS,
    COMMON,
    SIGNIFICANT_T,
    Case,
    build_cases,
    classifier_accuracy,
    classifier_verdict,
    drift_share,
    drift_verdict,
    early_stopping_verdict,
    gradient_verdict,
    lstm_gradient_max,
    no_signal_holds,
    shared_day_windows,
    skill_verdict,
)

SEED = 0

# Keras warns when a softmax has one unit: the one_unit_softmax cases do it on purpose.
pytestmark = pytest.mark.filterwarnings("ignore:You are using a softmax over axis:UserWarning")


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    return build_cases(SEED)


def by_expected(cases, check):
    return [c for c in cases if check in c.expected]


def windows_cases(cases):
    return [c for c in cases if c.truth.get("kind") == "windows"]


def has_model(case):
    return case.kwargs.get("model") is not None


# ------------------------------------------------------------------------------ the set itself


def test_size_and_coverage(cases):
    assert len(cases) >= 30
    assert sum(not c.expected for c in cases) >= 10
    for check in CHECKS:
        need = 3 if check in COMMON else 2
        assert len(by_expected(cases, check)) >= need, check


def test_labels_are_known_and_disjoint(cases):
    names = [c.name for c in cases]
    assert len(set(names)) == len(names)
    for c in cases:
        assert c.expected <= set(CHECKS) and c.allowed <= set(CHECKS), c.name
        assert not c.expected & c.allowed, c.name
        assert c.description and c.source, c.name
        # Allowances stay few: a case is about its pitfalls, not a licence to flag anything.
        assert len(c.allowed) <= 3, c.name


def test_several_generators_and_the_real_sp500(cases):
    sources = {c.source for c in cases}
    assert len(sources) >= 10
    for word in ("garch", "ar1", "nonlinear", "trending", "random-walk", "event", "S&P 500"):
        assert any(word in s for s in sources), word
    assert any("multi-step" in s for s in sources)


def test_building_is_cached(cases):
    assert build_cases(SEED)[0] is cases[0]


# ------------------------------------------------------------------------- shapes of kwargs


def test_kwargs_shapes_are_consistent(cases):
    allowed_keys = {
        "X_train", "y_train", "X_test", "y_test", "train_index", "test_index", "lookback",
        "horizon", "X_val", "y_val", "model", "history", "lengths", "sequences", "y_pred",
        "y_reference", "feature_names", "target_kind",
    }  # fmt: skip
    for c in cases:
        kw = c.kwargs
        assert set(kw) <= allowed_keys, c.name
        X_train, X_test = kw["X_train"], kw["X_test"]
        assert X_train.ndim == 3 and X_test.ndim == 3, c.name
        assert X_train.shape[1:] == X_test.shape[1:], c.name
        assert len(kw["y_train"]) == len(X_train) and len(kw["y_test"]) == len(X_test), c.name
        assert kw["y_train"].shape[1:] == kw["y_test"].shape[1:], c.name
        if "X_val" in kw:
            assert kw["X_val"].shape[1:] == X_train.shape[1:], c.name
            assert len(kw["y_val"]) == len(kw["X_val"]), c.name
        if "lookback" in kw:
            assert kw["lookback"] == X_train.shape[1], c.name
        for part, X in (("train_index", X_train), ("test_index", X_test)):
            if part in kw:
                assert len(kw[part]) == len(X), c.name
        if "y_pred" in kw:
            assert len(kw["y_pred"]) == len(X_test), c.name
            assert np.asarray(kw["y_pred"]).size == np.asarray(kw["y_test"]).size, c.name
        if "y_reference" in kw:
            assert np.shape(kw["y_reference"]) == np.shape(kw["y_test"]), c.name
        if "feature_names" in kw:
            assert len(kw["feature_names"]) == X_train.shape[2], c.name
        if "sequences" in kw:
            assert len(kw["sequences"]) == len(X_train), c.name
            assert [len(s) for s in kw["sequences"]] == list(kw["lengths"]), c.name
        if "lengths" in kw:
            assert len(kw["lengths"]) == len(X_train), c.name
        if has_model(c):
            assert tuple(kw["model"].input_shape[1:]) == X_train.shape[1:], c.name
            assert kw["history"] is not None, c.name
        y = np.asarray(kw["y_test"])
        kind = kw.get("target_kind")
        if kind == "binary":
            assert set(np.unique(y)) <= {0.0, 1.0}, c.name
        if y.ndim == 2 and y.shape[1] == 2 and set(np.unique(y)) <= {0.0, 1.0}:
            assert np.all(y.sum(axis=1) == 1), c.name  # one-hot
        for v in kw.values():
            if isinstance(v, np.ndarray) and v.dtype.kind == "f":
                assert np.all(np.isfinite(v)), c.name


def test_horizon_matches_the_target(cases):
    for c in windows_cases(cases):
        h = c.truth["horizon"]
        assert c.kwargs.get("horizon", h) == h, c.name
        y = np.asarray(c.kwargs["y_train"])
        if y.ndim == 2 and not (y.shape[1] == 2 and set(np.unique(y)) <= {0.0, 1.0}):
            assert y.shape[1] == h, c.name  # a multi-step target has one column per day


# ---------------------------------------------------------------------------------- overlap


def test_overlap_cases_really_share_days(cases):
    for c in by_expected(cases, "overlap"):
        t = c.truth
        shared = shared_day_windows(t["train_days"], t["test_days"], t["lookback"], t["horizon"])
        assert shared > 0, c.name


def test_shuffled_splits_share_days_for_most_test_windows(cases):
    for name in ("overlap_shuffled_split", "overlap_shuffled_sp500_no_index"):
        (c,) = [c for c in cases if c.name == name]
        t = c.truth
        shared = shared_day_windows(t["train_days"], t["test_days"], t["lookback"], t["horizon"])
        assert shared / len(t["test_days"]) > 0.9
        # and the windows themselves repeat rows: some row of nearly every test window is the
        # last row of a training window (visible to the doctor even without indices)
        X_train, X_test = c.kwargs["X_train"], c.kwargs["X_test"]
        rows = {tuple(r) for r in X_train[:, -1, :]}
        assert np.mean([any(tuple(row) in rows for row in x) for x in X_test]) > 0.9


def test_windows_hold_the_days_they_claim(cases):
    """The truth's days are those of the windows: rebuild a few windows from the series."""
    for c in windows_cases(cases):
        t = c.truth
        days = np.asarray(t["train_days"])
        assert np.all(np.diff(np.sort(days)) > 0), c.name
        assert len(days) == len(c.kwargs["X_train"]), c.name
        assert len(t["test_days"]) == len(c.kwargs["X_test"]), c.name
        idx = c.kwargs.get("train_index")
        if idx is not None and np.issubdtype(np.asarray(idx).dtype, np.integer):
            assert np.array_equal(np.asarray(idx), days), c.name


def test_clean_and_non_overlap_cases_share_no_day(cases):
    for c in windows_cases(cases):
        if "overlap" in c.expected | c.allowed:
            continue
        t = c.truth
        L, h = t["lookback"], t["horizon"]
        assert shared_day_windows(t["train_days"], t["test_days"], L, h) == 0, c.name
        if "val_days" in t and "val_is_test" not in c.expected:
            # validation strictly before the test period, with a purge gap
            assert np.max(t["val_days"]) < np.min(t["test_days"]), c.name
            assert shared_day_windows(t["val_days"], t["test_days"], L, h) == 0, c.name
            assert shared_day_windows(t["train_days"], t["val_days"], L, h) == 0, c.name


def test_purge_gap_is_lookback_plus_horizon_minus_one(cases):
    for c in cases:
        if c.expected or c.truth.get("kind") != "windows":
            continue
        t = c.truth
        gap = np.min(t["test_days"]) - np.max(t["train_days"])
        assert gap >= t["lookback"] + t["horizon"], c.name


# ------------------------------------------------------------------------------ val_is_test


def test_val_is_test_cases(cases):
    for c in by_expected(cases, "val_is_test"):
        t, kw = c.truth, c.kwargs
        assert "X_val" in kw, c.name
        shared_days = np.intersect1d(t["val_days"], t["test_days"])
        assert len(shared_days) > 0, c.name
        # the test windows are among the validation windows (same values)
        val_rows = {x.tobytes() for x in np.asarray(kw["X_val"], np.float32)}
        test_rows = [x.tobytes() for x in np.asarray(kw["X_test"], np.float32)]
        assert np.mean([r in val_rows for r in test_rows]) == 1.0, c.name


def test_history_of_val_is_test_models_watched_the_test_set(cases):
    for c in by_expected(cases, "val_is_test"):
        if not has_model(c):
            continue
        model, kw = c.kwargs["model"], c.kwargs
        # the registry's models fit a standardised target: evaluate them on it
        y_test = c.truth.get("y_test_as_fit", kw["y_test"])
        test_loss = model.evaluate(kw["X_test"], y_test, verbose=0, return_dict=True)
        logged = np.asarray(c.truth["val_loss"])
        # the final validation loss logged during training is the test loss (no restore) or
        # the best one (restore): either way a value the test set produced
        assert np.min(np.abs(logged - test_loss["loss"])) < 1e-3 * max(1.0, test_loss["loss"])


# -------------------------------------------------------------------------------- scaling


def _real_rows(case):
    """All training input rows (padding rows dropped for sequence cases)."""
    X = np.asarray(case.kwargs["X_train"], float)
    rows = X.reshape(-1, X.shape[2])
    if case.truth.get("kind") == "sequences":
        rows = np.concatenate([np.asarray(s, float) for s in case.kwargs["sequences"]])
    return rows


def test_clean_inputs_are_scaled_with_training_statistics(cases):
    for c in cases:
        if c.expected or c.truth.get("kind") == "sequences" and "sequences" not in c.kwargs:
            continue
        rows = _real_rows(c)
        mean, sd = rows.mean(axis=0), rows.std(axis=0)
        assert np.all(np.abs(mean) < 0.5), (c.name, mean)
        assert np.all((sd > 0.5) & (sd < 2.0)), (c.name, sd)


def test_clean_training_statistics_come_from_the_training_period_only(cases):
    """Re-standardising the training rows changes them little; the test rows were not used."""
    for c in windows_cases(cases):
        if c.expected or c.name == "clean_trend_window_normalised":
            continue
        test_last = np.asarray(c.kwargs["X_test"], float)[:, -1, :]
        train_last = np.asarray(c.kwargs["X_train"], float)[:, -1, :]
        # scaled on training => training mean ~0 exactly up to windowing; the test mean free
        assert np.all(np.abs(train_last.mean(axis=0)) < 0.1), c.name
        assert test_last.shape[1] == train_last.shape[1]


def test_scale_cases_are_far_from_unit_scale(cases):
    for c in by_expected(cases, "scale"):
        X = np.asarray(c.kwargs["X_train"], float).reshape(-1, c.kwargs["X_train"].shape[2])
        rms, sd = np.sqrt(np.mean(X**2, axis=0)), X.std(axis=0)
        raw = np.max(rms) > 20  # raw prices / volumes
        squeezed = np.min(sd) < 0.05 and np.max(rms) > 0.3  # a collapsed feature next to others
        assert raw or squeezed, (c.name, rms, sd)
        assert c.truth["scaling"] in {"raw", "shared", "minmax_outlier"}, c.name


def test_shared_scaler_collapses_the_return_column(cases):
    (c,) = [c for c in cases if c.name == "scale_one_scaler_for_all_features"]
    X = np.asarray(c.kwargs["X_train"], float)
    assert X[..., 0].std() < 1e-4 and 0.3 < X[..., 1].std() < 3


def test_minmax_outlier_squeezes_ordinary_days(cases):
    (c,) = [c for c in cases if c.name == "scale_minmax_squeezed_by_crash"]
    X = np.asarray(c.kwargs["X_train"], float)[..., 0]
    assert X.min() >= 0 and X.max() <= 1
    assert np.quantile(X, 0.95) - np.quantile(X, 0.05) < 0.15


# ---------------------------------------------------------------------------------- drift


def test_drift_cases_are_mostly_out_of_range(cases):
    for c in by_expected(cases, "drift"):
        assert drift_share(c.kwargs["X_train"], c.kwargs["X_test"]) > 0.5, c.name


def test_cases_without_drift_stay_in_range(cases):
    for c in cases:
        if "drift" in c.expected | c.allowed:
            continue
        if c.truth.get("kind") == "sequences":
            continue
        assert drift_verdict(c.kwargs["X_train"], c.kwargs["X_test"]) is None, c.name


# ------------------------------------------------------------------------------- lookahead


def _max_future_corr(case) -> float:
    """Largest |corr| between any feature at any timestep and any column of the target."""
    X = np.asarray(case.kwargs["X_train"], float)
    y = np.asarray(case.kwargs["y_train"], float).reshape(len(X), -1)
    best = 0.0
    for j in range(y.shape[1]):
        yj = y[:, j] - y[:, j].mean()
        if yj.std() == 0:
            continue
        flat = X.reshape(len(X), -1)
        flat = flat - flat.mean(axis=0)
        sd = flat.std(axis=0)
        ok = sd > 0
        corr = (flat[:, ok] * yj[:, None]).mean(axis=0) / (sd[ok] * yj.std())
        best = max(best, float(np.max(np.abs(corr))))
    return best


def test_clean_features_do_not_see_the_future(cases):
    for c in windows_cases(cases):
        if c.expected:
            continue
        n = len(c.kwargs["X_train"])
        bound = c.truth["signal_corr"] + 5 / np.sqrt(n) + 0.02
        assert _max_future_corr(c) <= bound, (c.name, _max_future_corr(c), bound)


def test_lookahead_cases_see_the_future(cases):
    for c in by_expected(cases, "lookahead"):
        corr = _max_future_corr(c)
        assert corr > c.truth["signal_corr"] + 0.2, (c.name, corr)
        assert c.truth["leak"], c.name


def test_lookahead_shift_feature_is_tomorrows_return(cases):
    (c,) = [c for c in cases if c.name == "lookahead_shift_minus_one_model"]
    X, y = np.asarray(c.kwargs["X_train"], float), np.asarray(c.kwargs["y_train"], float)
    assert abs(np.corrcoef(X[:, -1, 1], y)[0, 1]) > 0.999


def test_target_column_case_holds_the_target(cases):
    (c,) = [c for c in cases if c.name == "lookahead_target_column_in_features"]
    X, y = np.asarray(c.kwargs["X_train"], float), np.asarray(c.kwargs["y_train"], float)
    assert c.kwargs["feature_names"][-1] == "target"
    assert np.corrcoef(X[:, -1, -1], y)[0, 1] > 0.999


# ---------------------------------------------------------------------------- level target


def test_level_target_cases_target_a_price_level(cases):
    for c in by_expected(cases, "level_target"):
        level, t = c.truth["level"], c.truth
        price, a, b = level["price"], level["a"], level["b"]
        days, h = np.asarray(t["train_days"]), t["horizon"]
        y = np.asarray(c.kwargs["y_train"], float)
        if y.ndim == 2:
            expected = (price[days[:, None] + np.arange(1, h + 1)] - a) / b
        else:
            expected = (price[days + h] - a) / b
        np.testing.assert_allclose(y, expected, rtol=1e-4, atol=1e-4 * np.abs(expected).max())
        # a level: nearly a unit root, unlike every return target
        y1 = y if y.ndim == 1 else y[:, 0]
        assert np.corrcoef(y1[:-1], y1[1:])[0, 1] > 0.95, c.name
        if "y_reference" in c.kwargs:  # persistence: today's price for tomorrow
            test_days = np.asarray(t["test_days"])
            ref = np.asarray(c.kwargs["y_reference"], float)
            ref1 = ref if ref.ndim == 1 else ref[:, 0]
            np.testing.assert_allclose(ref1, (price[test_days] - a) / b, rtol=1e-4, atol=1e-4)


def test_other_targets_are_not_levels(cases):
    for c in windows_cases(cases):
        if "level_target" in c.expected:
            continue
        y = np.asarray(c.kwargs["y_train"], float)
        y1 = y if y.ndim == 1 else y[:, 0]
        if c.truth["horizon"] > 1 and y.ndim == 1:
            y1 = y1[:: c.truth["horizon"]]  # overlapping multi-day sums are autocorrelated
        assert np.corrcoef(y1[:-1], y1[1:])[0, 1] < 0.7, c.name


# --------------------------------------------------------------------- padding / truncation


def _seq_cases(cases):
    return [c for c in cases if c.truth.get("kind") == "sequences"]


def _masking(model) -> bool:
    import keras

    return any(isinstance(layer, keras.layers.Masking) for layer in model.layers)


def test_padding_facts(cases):
    for c in _seq_cases(cases):
        t, kw = c.truth, c.kwargs
        X = np.asarray(kw["X_train"])
        lengths = np.asarray(kw["lengths"])
        short = lengths < t["maxlen"]
        zero_rows = np.all(X == 0, axis=2)
        if t["padding"] == "post":
            assert np.all(zero_rows[short, -1]), c.name  # trailing zeros
        else:
            assert not np.any(zero_rows[:, -1] & (X.dtype.kind == "f")), c.name
        if has_model(c):
            assert _masking(kw["model"]) == t["masking"], c.name
        trailing = t["padding"] == "post" and short.any() and not t["masking"]
        assert trailing == ("trailing_pad" in c.expected), c.name


def test_truncation_facts(cases):
    for c in _seq_cases(cases):
        t, kw = c.truth, c.kwargs
        lengths = np.asarray(kw["lengths"])
        long = lengths > t["maxlen"]
        cuts_the_end = t["truncating"] == "post" and long.any()
        assert cuts_the_end == ("truncation" in c.expected), c.name
        if "sequences" in kw and long.any() and np.asarray(kw["X_train"]).dtype.kind == "f":
            X = np.asarray(kw["X_train"])
            i = int(np.flatnonzero(long)[0])
            seq = np.asarray(kw["sequences"][i])
            kept = seq[: t["maxlen"]] if t["truncating"] == "post" else seq[-t["maxlen"] :]
            np.testing.assert_allclose(X[i], kept, rtol=1e-6)
        most = t["share_truncated"] > 0.5 and t["maxlen"] < 0.5 * t["median_length"]
        assert most == ("maxlen" in c.expected), c.name
        if "maxlen" not in c.expected | c.allowed:
            assert t["share_truncated"] <= 0.4, c.name


def test_int_dtype_facts(cases):
    for c in _seq_cases(cases):
        X = np.asarray(c.kwargs["X_train"])
        is_int = X.dtype.kind in "iu"
        assert is_int == ("int_dtype" in c.expected), c.name
        if is_int:
            seqs = c.kwargs["sequences"]
            assert any(np.any(s != np.round(s)) for s in seqs), c.name  # floats were cut
            assert np.mean(X == 0) > 0.5, c.name


def test_label_lives_in_the_last_events():
    """The session label is predictable from the last events only (the generator's claim)."""
    seqs, labels = gen.event_sequences(np.random.default_rng(5), 4000)
    last = np.array([s[-3:, 0].sum() for s in seqs])
    first = np.array([s[:3, 0].sum() for s in seqs])
    assert np.mean((last > 0) == (labels == 1)) > 0.7
    assert abs(np.mean((first > 0) == (labels == 1)) - 0.5) < 0.04


# ----------------------------------------------------------------------------- the models


def _lstm_layers(model):
    import keras

    return [layer for layer in model.layers if isinstance(layer, keras.layers.LSTM)]


def _compiled_metric_names(model) -> list[str]:
    names = []
    for m in model.metrics:
        names += [type(x).__name__ for x in getattr(m, "metrics", [])] or [type(m).__name__]
    return names


def test_relu_lstm_cases(cases):
    for c in cases:
        if not has_model(c):
            continue
        relu = any(layer.activation.__name__ == "relu" for layer in _lstm_layers(c.kwargs["model"]))
        assert relu == ("relu_lstm" in c.expected), c.name


def test_accuracy_metric_cases(cases):
    for c in cases:
        if not has_model(c):
            continue
        model = c.kwargs["model"]
        last = model.layers[-1]
        binary_acc = "BinaryAccuracy" in _compiled_metric_names(model)
        regression = last.units == 1 and last.activation.__name__ == "linear"
        assert (binary_acc and regression) == ("accuracy_metric" in c.expected), c.name
        if "accuracy_metric" in c.expected:
            assert model.loss == "mse"


def test_one_unit_softmax_cases(cases):
    for c in cases:
        if not has_model(c):
            continue
        last = c.kwargs["model"].layers[-1]
        one_unit_softmax = last.units == 1 and last.activation.__name__ == "softmax"
        assert one_unit_softmax == ("one_unit_softmax" in c.expected), c.name
        if one_unit_softmax:
            assert np.allclose(c.kwargs["y_pred"], 1.0)


def test_gradient_labels(cases):
    for c in cases:
        if not has_model(c):
            continue
        kw = c.kwargs
        g = lstm_gradient_max(kw["model"], kw["X_train"], kw["y_train"])
        assert g == pytest.approx(c.truth["grad_max"], rel=1e-3, abs=1e-9), c.name
        verdict = gradient_verdict(g)
        if "gradients" in c.expected:
            assert verdict == "expected", c.name
        elif "gradients" not in c.allowed:
            assert verdict is None, c.name
    # the saturated cases really are saturated: the forecasts are one constant
    for c in by_expected(cases, "gradients"):
        assert np.ptp(c.kwargs["y_pred"]) < 1e-4, c.name


def test_early_stopping_labels(cases):
    for c in cases:
        if not has_model(c):
            continue
        h = c.kwargs["history"]
        h = h.history if hasattr(h, "history") else h
        assert list(h["val_loss"]) == pytest.approx(c.truth["val_loss"]), c.name
        verdict = early_stopping_verdict(h["val_loss"], c.truth["restored"])
        if "no_early_stopping" in c.expected:
            assert verdict == "expected" and not c.truth["restored"], c.name
            v = np.asarray(h["val_loss"])
            assert len(v) - 1 - int(np.argmin(v)) >= 3, c.name
        elif "no_early_stopping" not in c.allowed:
            assert verdict is None, c.name
    for c in cases:
        if not c.expected and has_model(c):
            assert c.truth["restored"], c.name  # every clean model restored its best weights


def test_forecasts_are_the_models(cases):
    for c in cases:
        if not has_model(c):
            continue
        # the registry's cases keep their predict (the standardised target undone)
        X_test = c.kwargs["X_test"]
        predict = c.truth.get("predict")
        pred = np.asarray(
            c.kwargs["model"].predict(X_test, verbose=0) if predict is None else predict(X_test)
        )
        np.testing.assert_allclose(
            pred.reshape(np.shape(c.kwargs["y_pred"])), c.kwargs["y_pred"], rtol=1e-3, atol=1e-4
        )


# ----------------------------------------------------------------------- skill / majority


def _refs(case):
    return case.truth["refs"]


def test_no_skill_labels(cases):
    for c in cases:
        if "y_pred" not in c.kwargs or "skill" not in c.truth:
            continue
        kw, t = c.kwargs, c.truth
        if t["no_signal"]:
            # no forecastable part by construction: the sample must not contradict it
            assert no_signal_holds(kw["y_test"], kw["y_pred"], _refs(c), t["step"]), c.name
            assert "no_skill" in c.expected, c.name
        else:
            verdict, _ = skill_verdict(kw["y_test"], kw["y_pred"], _refs(c), t["step"])
            if "no_skill" in c.expected:
                assert verdict == "expected", c.name
            elif "no_skill" not in c.allowed:
                assert verdict is None, c.name


def test_clean_forecasts_have_real_skill(cases):
    for c in cases:
        if c.expected or "y_pred" not in c.kwargs:
            continue
        if c.truth.get("kind") == "registry":
            # the book's honest S&P 500 pipelines: no edge is the finding (no_skill allowed)
            assert "no_skill" in c.allowed, c.name
            continue
        kw = c.kwargs
        if "skill" in c.truth:
            for s in c.truth["skill"].values():
                assert s["skill"] > 0 and s["t"] > SIGNIFICANT_T, c.name
        else:
            acc, majority, n = classifier_accuracy(kw["y_test"], kw["y_pred"])
            assert acc > majority + 2 * np.sqrt(majority * (1 - majority) / n), c.name


def test_below_majority_labels(cases):
    for c in cases:
        if "accuracy" not in c.truth:
            continue
        kw, t = c.kwargs, c.truth
        acc, majority, n = classifier_accuracy(kw["y_test"], kw["y_pred"])
        if "below_majority" in c.expected:
            assert acc <= majority + 2 * np.sqrt(majority * (1 - majority) / n), c.name
            if not t["no_signal"]:
                assert acc <= majority, c.name
        elif "below_majority" not in c.allowed:
            assert classifier_verdict(kw["y_test"], kw["y_pred"])[0] is None, c.name


def test_regression_targets_are_not_classes(cases):
    for c in cases:
        if "accuracy_metric" in c.expected:
            y = np.asarray(c.kwargs["y_train"])
            assert len(np.unique(y)) > 100, c.name


# ----------------------------------------------------------------------- the generators


def test_garch_returns_have_fat_tails_and_clustering():
    r, sd = gen.garch_t_returns(np.random.default_rng(1), 20000)
    assert 0.007 < r.std() < 0.013
    kurt = np.mean((r - r.mean()) ** 4) / r.var() ** 2
    assert kurt > 4
    a = np.abs(r)
    assert np.corrcoef(a[:-1], a[1:])[0, 1] > 0.1
    assert abs(np.corrcoef(r[:-1], r[1:])[0, 1]) < 0.03


@pytest.mark.parametrize("phi, hit", [(0.25, 0.585), (0.3, 0.605), (0.6, 0.715)])
def test_ar1_signal_strength(phi, hit):
    r = gen.ar1_returns(np.random.default_rng(2), 40000, phi)
    assert np.corrcoef(r[:-1], r[1:])[0, 1] == pytest.approx(phi, abs=0.02)
    assert np.mean(np.sign(r[:-1]) == np.sign(r[1:])) == pytest.approx(hit, abs=0.015)


def test_nonlinear_signal_is_realistic():
    z, r = gen.exogenous_signal(np.random.default_rng(3), 40000, strength=0.25)
    hit = np.mean(np.sign(z[:-1]) == np.sign(r[1:]))
    assert 0.56 < hit < 0.60
    assert np.corrcoef(z[:-1], r[1:])[0, 1] == pytest.approx(
        gen.exogenous_signal_corr(0.25), abs=0.02
    )
    # the association is nonlinear: tomorrow's return depends on tanh(2 z), which saturates
    big = np.abs(z[:-1]) > 1.5
    mid = (np.abs(z[:-1]) > 0.75) & ~big
    slope_big = np.mean(r[1:][big] * np.sign(z[:-1][big]))
    slope_mid = np.mean(r[1:][mid] * np.sign(z[:-1][mid]))
    assert slope_big < 1.5 * slope_mid  # a linear response would be ~2x larger out there


def test_trend_and_random_walk():
    p = gen.trending_price(np.random.default_rng(4), 2600)
    assert p[-1] / p[0] > 5 and np.all(p > 0)
    w = gen.random_walk_price(np.random.default_rng(4), 3000)
    assert np.all(w > 0)
    d = np.diff(w)
    assert abs(np.corrcoef(d[:-1], d[1:])[0, 1]) < 0.05


def test_sp500_data():
    df = gen.sp500()
    assert len(df) == 5030 and df.index[0].year == 1999 and df.index[-1].year == 2018
    assert np.all(np.isfinite(df["ret"]))


def test_chrono_split_purges():
    days = gen.last_days(1000, 20, 5)
    train, val, test = gen.chrono_split(days, 20, 5)
    for a, b in ((train, val), (val, test)):
        assert days[b][0] - days[a][-1] == 20 + 5
        assert shared_day_windows(days[a], days[b], 20, 5) == 0
    train, test = gen.chrono_split(days, 20, 5, (0.8, 0.2), purge=False)
    assert shared_day_windows(days[train], days[test], 20, 5) == 20 + 5 - 1


def test_verdict_rules():
    assert early_stopping_verdict([1.0, 0.9, 0.95, 1.0, 1.1, 1.2], restored=False) == "expected"
    assert early_stopping_verdict([1.0, 0.9, 0.95, 1.0, 1.1, 1.2], restored=True) is None
    assert early_stopping_verdict([1.0, 0.9, 0.8, 0.7], restored=False) is None
    assert gradient_verdict(0.0) == "expected" and gradient_verdict(1e-3) is None
    y = np.random.default_rng(0).normal(size=500)
    assert skill_verdict(y, np.zeros(500) + 0.5, {"zero": 0.0})[0] == "expected"
    assert skill_verdict(y, 0.9 * y, {"zero": 0.0})[0] is None
