"""Tests of helpers.nn.tuning: fixed-epoch training, the activation sweep, and grid search with
given folds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import KFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from helpers import baselines, metrics, splits
from helpers.nn import tuning


def _windows(n: int = 200, lookback: int = 4, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, lookback, 2)).astype(np.float32)
    return X, X[:, -1, 0] + 0.1 * rng.standard_normal(n)


def test_fit_fixed_runs_every_epoch_and_keeps_the_last_weights():
    X, y = _windows()
    fit = tuning.fit_fixed(
        X[:150], y[:150], X[150:], y[150:], seed=0, epochs=5, batch_size=32, units=4
    )
    assert len(fit.history["loss"]) == 5 and len(fit.history["val_loss"]) == 5
    assert 1 <= fit.best_epoch <= 5
    # The last weights are kept: the model's validation loss is the last epoch's, not the best
    # one's.
    z_val = fit.target_scaler.transform(y[150:])
    last = fit.model.evaluate(X[150:], z_val, verbose=0)
    assert last == pytest.approx(fit.history["val_loss"][-1], rel=1e-4)
    assert fit.predict(X[150:]).shape == (50,)


def test_fit_fixed_is_seeded():
    X, y = _windows()
    a = tuning.fit_fixed(X[:150], y[:150], X[150:], y[150:], seed=1, epochs=2, units=3)
    b = tuning.fit_fixed(X[:150], y[:150], X[150:], y[150:], seed=1, epochs=2, units=3)
    assert a.history["loss"] == b.history["loss"]


@pytest.mark.parametrize(
    ("epochs", "error"), [(0, ValueError), (1.5, TypeError), (True, TypeError)]
)
def test_fit_fixed_rejects_bad_epochs(epochs, error):
    X, y = _windows()
    with pytest.raises(error, match="epochs"):
        tuning.fit_fixed(X, y, X, y, seed=0, epochs=epochs)


def test_fit_fixed_rejects_mismatched_targets():
    X, y = _windows()
    with pytest.raises(ValueError, match="one target per window"):
        tuning.fit_fixed(X, y[:-1], X, y, seed=0, epochs=1)


def test_activation_sweep_has_one_row_per_run_and_tanh_bounds_the_state():
    X, y = _windows(n=120)
    table = tuning.activation_sweep(
        {4: (X[:80], y[:80], X[80:], y[80:])},
        activations=("tanh", "relu"),
        learning_rates=(1e-2,),
        seeds=(0, 1),
        epochs=2,
        units=3,
    )
    assert len(table) == 4
    assert set(table.columns) >= {
        "lookback",
        "activation",
        "learning rate",
        "seed",
        "worst loss",
        "last loss",
        "nan or inf",
        "max |h|",
    }
    assert (table.loc[table["activation"] == "tanh", "max |h|"] <= 1.0).all()
    assert (table["worst loss"] >= table["last loss"]).all()
    with pytest.raises(ValueError, match="nothing to run"):
        tuning.activation_sweep({4: (X, y, X, y)}, seeds=())


def test_knn_on_windows_predicts_3d_windows():
    X, y = _windows()
    model = tuning.knn_on_windows(1).fit(X, y)
    np.testing.assert_allclose(model.predict(X), y)  # one neighbour: itself
    with pytest.raises(ValueError, match="positive int"):
        tuning.knn_on_windows(0)


def test_cv_score_averages_the_folds_and_rejects_overlap():
    X, y = _windows()
    folds = list(KFold(4).split(X))
    linear = lambda: make_pipeline(  # noqa: E731
        FunctionTransformer(baselines.flatten), LinearRegression()
    )
    by_hand = np.mean([metrics.r2(y[v], linear().fit(X[t], y[t]).predict(X[v])) for t, v in folds])
    assert tuning.cv_score(linear, X, y, folds) == pytest.approx(by_hand)
    with pytest.raises(ValueError, match="disjoint"):
        tuning.cv_score(linear, X, y, [(np.arange(10), np.arange(5, 15))])
    with pytest.raises(ValueError, match="folds is empty"):
        tuning.cv_score(linear, X, y, [])


def _overlapping(n: int = 900, lookback: int = 10, horizon: int = 10, seed: int = 0):
    """Windows of a calendar feature (the day number) whose targets sum the next ``horizon``
    increments.

    The targets of neighbouring windows share ``horizon - 1`` increments, and the nearest window in
    feature space is the nearest in time: a shuffled fold lets one neighbour copy the other's
    target.
    """
    rng = np.random.default_rng(seed)
    r = rng.standard_normal(n + lookback + horizon)
    day = np.arange(n + lookback, dtype=float) / n
    X = np.stack([day[i : i + lookback] for i in range(n)])[:, :, None]
    y = np.array([r[i + lookback : i + lookback + horizon].sum() for i in range(n)])
    return X, y


def test_grid_search_shuffled_folds_promise_what_the_future_does_not_deliver():
    X, y = _overlapping()
    dev, future = {10: (X[:500], y[:500])}, {10: (X[520:], y[520:])}
    shuffled = tuning.grid_search(
        dev,
        future,
        [1, 50],
        lambda lb, n: list(KFold(5, shuffle=True, random_state=0).split(np.arange(n))),
    )
    walk = tuning.grid_search(
        dev,
        future,
        [1, 50],
        lambda lb, n: splits.walk_forward(n, lookback=lb, horizon=10, n_splits=4),
    )
    assert shuffled.index.names == ["lookback", "neighbours"] and list(shuffled.columns) == [
        "cv",
        "future",
    ]
    pick = tuning.chosen(shuffled)
    assert pick.name == (
        10,
        1,
    )  # copying the nearest (overlapping) neighbour wins the shuffled search
    assert pick["cv"] > 0.3 > pick["future"]  # ... and the future does not confirm it
    assert np.allclose(
        shuffled["future"], walk["future"]
    )  # the same configurations, the same future
    assert tuning.chosen(walk)["cv"] < 0.3


def test_grid_search_rejects_mismatched_lookbacks():
    X, y = _windows()
    with pytest.raises(ValueError, match="same lookbacks"):
        tuning.grid_search({4: (X, y)}, {5: (X, y)}, [1], lambda lb, n: [])
    with pytest.raises(ValueError, match="grid_search table"):
        tuning.chosen(pd.DataFrame())


# --------------------------------------------------------------------------- the article's ablation


def test_ablation_variants_change_one_setting_each():
    from helpers import settings

    variants = tuning.ablation_variants()
    by_name = {v.name: v for v in variants}
    article, sound = by_name["article"].knobs, by_name["sound"].knobs
    assert article["activation"] == "relu" and not article["scale_target"]
    assert article["test_as_validation"] and not sound["test_as_validation"]
    assert sound["batch_size"] == settings.SOUND.batch_size
    for v in variants:
        if not v.setting:
            continue
        base = by_name[v.base].knobs
        changed = {k for k in base if base[k] != v.knobs[k]}
        keys = set(tuning.ABLATION_SETTINGS[v.setting])
        if v.name == "article + sound's epochs":
            # early stopping on the sound recipe's validation period, not on the test set
            keys |= {"test_as_validation"}
        assert changed and changed <= keys, v.name
    # validating a fixed-epoch recipe on another set changes nothing: no such row
    assert "article + sound's validation set" not in by_name
    assert by_name["article + sound's epochs, on the test set"].knobs["test_as_validation"]
    assert len(variants) == 2 + 8 + 8


def test_ablation_variants_and_knobs_reject_bad_input():
    from helpers import settings

    with pytest.raises(TypeError, match="settings.Recipe"):
        tuning.recipe_knobs({"epochs": 3}, scale_target=True, test_as_validation=False)
    with pytest.raises(TypeError, match="scale_target must be a bool"):
        tuning.recipe_knobs(settings.SOUND, scale_target=1, test_as_validation=False)
    with pytest.raises(ValueError, match="lacks"):
        tuning.ablation_variants(article={"epochs": 10})


def test_fit_variant_validates_on_the_test_period_only_when_asked():
    from helpers import settings, setups

    d = setups.daily(settings.CH7.replace(n_train=200, n_val=100, n_test=300), seed=0)
    knobs = tuning.recipe_knobs(
        settings.SOUND.replace(epochs=2, units=4), scale_target=True, test_as_validation=True
    )
    fit = tuning.fit_variant(knobs, d.scaled, seed=0)
    z_test = fit.target_scaler.transform(d.scaled.test.y)
    best = min(fit.history["val_loss"])
    assert fit.model.evaluate(d.scaled.test.X, z_test, verbose=0) == pytest.approx(best, rel=1e-4)
    on_val = tuning.fit_variant({**knobs, "test_as_validation": False}, d.scaled, seed=0)
    assert on_val.history["val_loss"] != fit.history["val_loss"]
    scores = tuning.variant_scores(
        fit, d.scaled.test.X, d.scaled.test.y, d.oracle, d.naive, reps=20
    )
    assert scores["edge_low"] <= scores["edge_high"] and scores["epochs"] == 2


def test_variant_scores_are_nan_for_a_diverged_model():
    class Diverged:
        epochs, best_epoch = 4, 1

        def predict(self, X):
            return np.full(len(X), np.nan)

    X = np.zeros((300, 3, 1), dtype=np.float32)
    y = np.random.default_rng(0).standard_normal(300)
    scores = tuning.variant_scores(Diverged(), X, y, y, np.zeros(300))
    assert np.isnan(scores["edge"]) and np.isnan(scores["edge_low"]) and scores["epochs"] == 4


def test_ablation_summary_ranges_over_seeds_and_rejects_other_tables():
    t = pd.DataFrame(
        {
            "variant": ["a", "a", "b"],
            "base": ["article", "article", "sound"],
            "setting": ["", "", "units"],
            "edge": [0.2, np.nan, 0.9],
            "edge_low": [0.1, np.nan, 0.8],
            "edge_high": [0.3, np.nan, 1.0],
            "r2_fraction": [0.1, np.nan, 0.8],
            "best_epoch": [10, 10, 12],
            "epochs": [10, 10, 18],
        }
    )
    s = tuning.ablation_summary(t)
    assert list(s.index) == ["a", "b"]
    assert s.loc["a", "diverged"] == 1 and s.loc["a", "seeds"] == 2
    assert s.loc["b", "high"] == 1.0
    with pytest.raises(ValueError, match="lacks the columns"):
        tuning.ablation_summary(t.drop(columns="edge_low"))
    with pytest.raises(ValueError, match="empty"):
        tuning.ablation_summary(t.iloc[:0])
