"""Training without a safety net, and hyperparameter search with and without leaks.

- :func:`fit_fixed` trains for a fixed number of epochs and keeps the *last*
  weights: no early stopping, the way many tutorials train. Its history still
  records the validation loss, so the cost of not stopping can be measured.
- :func:`activation_sweep` trains the same LSTM with several activations,
  learning rates and seeds, and records how high its loss flew and how large
  its hidden state grew: the stability of ``activation='relu'`` against tanh.
- :func:`knn_on_windows`, :func:`cv_score` and :func:`grid_search` run a small
  grid search whose folds are passed in, so the same search can be run with a
  shuffled ``KFold`` (leaky on overlapping windows) and with
  :func:`helpers.splits.walk_forward` (honest), and each configuration can be
  scored on the true future next to the score the search reported.
- :func:`ablation_variants`, :func:`fit_variant` and :func:`variant_scores` take the
  article's recipe apart one setting at a time: each variant is the article's recipe with one
  setting of the sound recipe, or the sound recipe with one setting of the article's
  (``benchmarks/article_ablation.py`` runs the whole grid).

Importing this module imports Keras (through :mod:`helpers.nn.training`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import keras
import numpy as np
import pandas as pd
from sklearn.neighbors import KNeighborsRegressor
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler
from threadpoolctl import threadpool_limits

from .. import metrics, scaling, settings, validate
from ..baselines import flatten
from . import models, training

__all__ = [
    "fit_fixed",
    "hidden_state_max",
    "activation_sweep",
    "knn_on_windows",
    "cv_score",
    "grid_search",
    "chosen",
    "ABLATION_SETTINGS",
    "Variant",
    "recipe_knobs",
    "ablation_variants",
    "fit_variant",
    "variant_scores",
    "ablation_summary",
]

Folds = Sequence[tuple[np.ndarray, np.ndarray]]


def fit_fixed(
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_val: np.ndarray,
    y_val: np.ndarray,
    *,
    seed: int,
    epochs: int,
    batch_size: int = 256,
    build: Callable[..., keras.Model] = models.build_lstm,
    **build_kwargs: object,
) -> training.Trained:
    """Fit for exactly ``epochs`` epochs and keep the last weights (no early stopping).

    :func:`helpers.nn.training.train` with ``early_stopping=False`` (seeded,
    standardised target, quiet): the validation period is only watched, so
    ``history["val_loss"]`` shows what early stopping would have done.
    ``best_epoch`` is the epoch with the lowest validation loss (NaN losses
    are skipped; 1 if every epoch is NaN).
    """
    return training.train(
        X_train,
        y_train,
        X_val,
        y_val,
        seed=seed,
        build=build,
        epochs=epochs,
        batch_size=batch_size,
        early_stopping=False,
        **build_kwargs,
    )


def hidden_state_max(model: keras.Model, X: np.ndarray, layer: str = "lstm") -> float:
    """The largest ``|h|`` the recurrent layer ``layer`` outputs on windows ``X`` (NaN if it
    overflowed).

    With Keras' default tanh an LSTM's output is ``o * tanh(c)``, so this never
    exceeds 1; with ``activation='relu'`` nothing bounds it.
    """
    sub = keras.Model(model.inputs, model.get_layer(layer).output)
    h = np.asarray(sub.predict(np.asarray(X, dtype=np.float32), verbose=0), dtype=float)
    return float(np.abs(h).max()) if np.isfinite(h).all() else float("nan")


def activation_sweep(
    data: Mapping[int, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]],
    *,
    activations: Iterable[str] = ("tanh", "relu"),
    learning_rates: Iterable[float] = (1e-2, 1e-1),
    seeds: Iterable[int] = (0,),
    epochs: int = 4,
    **build_kwargs: object,
) -> pd.DataFrame:
    """Train the same LSTM with each activation, learning rate and seed, on windows of each length.

    ``data`` maps a lookback to ``(X_train, y_train, X_val, y_val)``. Each run
    uses :func:`fit_fixed` with ``build_kwargs`` passed to
    :func:`helpers.nn.models.build_lstm` (e.g. ``loss="mse", clipnorm=None`` for
    the article's unprotected optimiser). One row per run: the worst and the
    last epoch's training loss (on the standardised target, where always
    forecasting the mean scores about 1), whether any loss was NaN or
    infinite, and the largest hidden state on the validation windows.
    """
    rows = []
    for lookback, (X_train, y_train, X_val, y_val) in data.items():
        for activation in activations:
            for lr in learning_rates:
                for seed in seeds:
                    fit = fit_fixed(
                        X_train,
                        y_train,
                        X_val,
                        y_val,
                        seed=seed,
                        epochs=epochs,
                        activation=activation,
                        learning_rate=lr,
                        **build_kwargs,
                    )
                    loss = np.asarray(fit.history["loss"], dtype=float)
                    rows.append(
                        {
                            "lookback": int(lookback),
                            "activation": activation,
                            "learning rate": float(lr),
                            "seed": int(seed),
                            "worst loss": float(np.nanmax(loss))
                            if np.isfinite(loss).any()
                            else float("inf"),
                            "last loss": float(loss[-1]),
                            "nan or inf": bool(not np.isfinite(loss).all()),
                            "max |h|": hidden_state_max(fit.model, X_val),
                        }
                    )
    if not rows:
        raise ValueError(
            "nothing to run: pass at least one lookback, activation, learning rate and seed."
        )
    return pd.DataFrame(rows)


def knn_on_windows(n_neighbors: int) -> Pipeline:
    """k nearest neighbours on the flattened, standardised window (the scaler is fit on training
    folds only).
    """
    validate.positive_int(n_neighbors, "n_neighbors")
    return make_pipeline(
        FunctionTransformer(flatten), StandardScaler(), KNeighborsRegressor(int(n_neighbors))
    )


def cv_score(
    make_model: Callable[[], object],
    X: np.ndarray,
    y: np.ndarray,
    folds: Folds,
    score: Callable[[np.ndarray, np.ndarray], float] = metrics.r2,
) -> float:
    """Mean over ``folds`` of ``score(y_val, prediction)``, a fresh ``make_model()`` fit on each
    training fold.

    ``folds`` is a list of ``(train_index, validation_index)`` pairs, from
    ``KFold(...).split(X)`` or :func:`helpers.splits.walk_forward`.

    >>> from sklearn.linear_model import LinearRegression
    >>> X = np.arange(40.0).reshape(20, 2, 1); y = X[:, -1, 0] * 2
    >>> folds = [(np.arange(10), np.arange(10, 20))]
    >>> linear = lambda: make_pipeline(FunctionTransformer(flatten), LinearRegression())
    >>> round(cv_score(linear, X, y, folds), 6)
    1.0
    """
    folds = list(folds)
    if not folds:
        raise ValueError("folds is empty: pass (train_index, validation_index) pairs.")
    X, y = np.asarray(X), np.asarray(y, dtype=float)
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} windows but y has {len(y)} targets.")
    scores = []
    for train, val in folds:
        if len(np.intersect1d(train, val)):
            raise ValueError("a fold validates on windows it trains on; folds must be disjoint.")
        model = make_model().fit(X[train], y[train])
        scores.append(score(y[val], model.predict(X[val])))
    return float(np.mean(scores))


def grid_search(
    dev: Mapping[int, tuple[np.ndarray, np.ndarray]],
    future: Mapping[int, tuple[np.ndarray, np.ndarray]],
    neighbours: Sequence[int],
    folds: Callable[[int, int], Folds],
    score: Callable[[np.ndarray, np.ndarray], float] = metrics.r2,
) -> pd.DataFrame:
    """Cross-validated and true-future score of every (lookback, neighbours) pair of a kNN grid.

    ``dev[lookback]`` and ``future[lookback]`` are ``(X, y)`` windows of that
    lookback for the development period and for the later, untouched future;
    ``folds(lookback, n_windows)`` returns the folds to use on the development
    windows. For each pair, ``"cv"`` is what the search reports and
    ``"future"`` what the same configuration, refit on the whole development
    period, scores on the future.
    """
    if set(dev) != set(future):
        raise ValueError(
            f"dev and future need the same lookbacks, got {sorted(dev)} and {sorted(future)}."
        )
    if not dev or not neighbours:
        raise ValueError("pass at least one lookback and one number of neighbours.")
    rows = {}
    with threadpool_limits(1):  # many tiny fits: threads only fight each other (and TensorFlow's)
        for lookback, (X, y) in dev.items():
            X_future, y_future = future[lookback]
            for k in neighbours:
                reported = cv_score(
                    lambda k=k: knn_on_windows(k), X, y, folds(lookback, len(X)), score
                )
                model = knn_on_windows(k).fit(X, y)
                rows[(int(lookback), int(k))] = {
                    "cv": reported,
                    "future": score(y_future, model.predict(X_future)),
                }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index = pd.MultiIndex.from_tuples(table.index, names=["lookback", "neighbours"])
    return table


def chosen(table: pd.DataFrame) -> pd.Series:
    """The row of a :func:`grid_search` table that the search picks: the best ``"cv"`` score, with
    its name.
    """
    if "cv" not in table or table.empty:
        raise ValueError("table must be a non-empty grid_search table with a 'cv' column.")
    best = table["cv"].idxmax()
    return table.loc[best].rename(best)


# --------------------------------------------------------------------------- the article's ablation

#: The settings in which the article's recipe differs from the sound one, each with the knobs
#: of :func:`recipe_knobs` it sets. The "epochs" setting is the stopping rule: a fixed number
#: of epochs keeping the last weights, or early stopping (restoring the best weights) under a
#: cap; "validation set" is what ``validation_data`` holds: the test period, as in the
#: article, or the validation period before it.
ABLATION_SETTINGS: dict[str, tuple[str, ...]] = {
    "activation": ("activation",),
    "target and loss": ("loss", "scale_target"),
    "batch size": ("batch_size",),
    "learning rate": ("learning_rate",),
    "epochs": ("early_stopping", "epochs", "patience"),
    "clipping": ("clipnorm",),
    "units": ("units",),
    "validation set": ("test_as_validation",),
}


def recipe_knobs(
    recipe: settings.Recipe, *, scale_target: bool, test_as_validation: bool
) -> dict[str, Any]:
    """Every knob of a training recipe, as one flat dict: ``recipe``'s fields, whether the target
    is standardised, and whether the test period serves as validation data.

    >>> knobs = recipe_knobs(settings.ARTICLE, scale_target=False, test_as_validation=True)
    >>> knobs["activation"], knobs["batch_size"], knobs["test_as_validation"]
    ('relu', 32, True)
    """
    if not isinstance(recipe, settings.Recipe):
        raise TypeError(f"recipe must be a settings.Recipe, got {type(recipe).__name__}.")
    for name, value in (("scale_target", scale_target), ("test_as_validation", test_as_validation)):
        if not isinstance(value, bool):
            raise TypeError(f"{name} must be a bool, got {type(value).__name__}.")
    return {
        **recipe.kwargs(),
        "scale_target": scale_target,
        "test_as_validation": test_as_validation,
    }


@dataclass(frozen=True)
class Variant:
    """One row of the ablation: ``base`` ("article" or "sound") with the knobs of ``setting``
    (``""`` for the recipe itself) taken from the other recipe; ``knobs`` is the result."""

    name: str
    base: str
    setting: str
    knobs: dict[str, Any]


def ablation_variants(
    article: Mapping[str, Any] | None = None, sound: Mapping[str, Any] | None = None
) -> list[Variant]:
    """The two recipes, each with one setting of the other changed at a time.

    ``article`` and ``sound`` are :func:`recipe_knobs` dicts; by default the article's Example 3
    (``settings.ARTICLE``: MSE on the raw target, the test set as validation data) and the
    book's sound recipe (``settings.SOUND``: Huber on a standardised target, a separate
    validation period). A setting in which the two agree gives no row. Changing the validation
    set of a recipe without early stopping gives no row either: the validation data is then only
    watched, and the model is the recipe's own. Changing a recipe that validates on the test
    period to early stopping gives two rows: early stopping on the other recipe's validation
    data (the other recipe's stopping rule) and, marked ", on the test set", on the test period.

    >>> names = [v.name for v in ablation_variants()]
    >>> names[:3], "article + sound's validation set" in names
    (['article', 'sound', "article + sound's activation"], False)
    >>> "sound + article's validation set" in names
    True
    """
    recipes = {
        "article": dict(
            article
            if article is not None
            else recipe_knobs(settings.ARTICLE, scale_target=False, test_as_validation=True)
        ),
        "sound": dict(
            sound
            if sound is not None
            else recipe_knobs(settings.SOUND, scale_target=True, test_as_validation=False)
        ),
    }
    needed = {k for knobs in ABLATION_SETTINGS.values() for k in knobs}
    for name, knobs in recipes.items():
        missing = needed - set(knobs)
        if missing:
            raise ValueError(
                f"the {name} recipe lacks {sorted(missing)}: build it with recipe_knobs()."
            )
    variants = [Variant(name, name, "", knobs) for name, knobs in recipes.items()]
    for base, other in (("article", "sound"), ("sound", "article")):
        for setting, keys in ABLATION_SETTINGS.items():
            if all(recipes[base][k] == recipes[other][k] for k in keys):
                continue
            knobs = {**recipes[base], **{k: recipes[other][k] for k in keys}}
            if setting == "validation set" and not knobs["early_stopping"]:
                continue
            name = f"{base} + {other}'s {setting}"
            if setting == "epochs" and knobs["early_stopping"] and knobs["test_as_validation"]:
                # Early stopping on the test set is a leak, not the other recipe's stopping rule:
                # its own row, next to early stopping on the other's validation data.
                variants.append(Variant(f"{name}, on the test set", base, setting, knobs))
                knobs = {**knobs, "test_as_validation": recipes[other]["test_as_validation"]}
            variants.append(Variant(name, base, setting, knobs))
    return variants


def fit_variant(
    knobs: Mapping[str, Any], scaled: scaling.ScaledSplit, *, seed: int
) -> training.Trained:
    """Train ``knobs`` (a :func:`recipe_knobs` dict) on ``scaled``'s training windows with
    :func:`helpers.nn.training.train` and :func:`helpers.nn.models.build_lstm`.

    The validation data is ``scaled.test`` if ``knobs["test_as_validation"]`` (the article's
    ``validation_data=(X_test, y_test)``), else ``scaled.val``. The article's knobs build the
    same network as :func:`helpers.nn.models.build_article_lstm` (LSTM(50, relu), Adam at 1e-3,
    MSE, no clipping).
    """
    knobs = dict(knobs)
    test_as_validation = knobs.pop("test_as_validation")
    scale_target = knobs.pop("scale_target")
    val = scaled.test if test_as_validation else scaled.val
    return training.train(
        scaled.train.X,
        scaled.train.y,
        val.X,
        val.y,
        seed=seed,
        scale_target=scale_target,
        **knobs,
    )


def variant_scores(
    trained: training.Trained,
    X_test: np.ndarray,
    y_test: np.ndarray,
    oracle: np.ndarray,
    naive: np.ndarray,
    *,
    seed: int = 0,
    reps: int = 1000,
) -> dict[str, float]:
    """A trained variant's test scores: the edge fraction with its block-bootstrap interval
    (``metrics.edge_interval``), R^2 as a fraction of the oracle's, accuracy, and the epochs run
    and the best one. A model whose forecasts are not finite (a diverged run) scores NaN.
    """
    y_hat = trained.predict(X_test)
    row = {"epochs": float(trained.epochs), "best_epoch": float(trained.best_epoch)}
    if not np.isfinite(y_hat).all():
        nan = float("nan")
        return {
            "edge": nan,
            "edge_low": nan,
            "edge_high": nan,
            "r2_fraction": nan,
            "accuracy": nan,
            **row,
        }
    ci = metrics.edge_interval(y_test, y_hat, oracle, naive, seed=seed, reps=reps)
    return {
        "edge": ci.point,
        "edge_low": ci.low,
        "edge_high": ci.high,
        "r2_fraction": metrics.r2_fraction(y_test, y_hat, oracle),
        "accuracy": metrics.directional_accuracy(y_test, y_hat),
        **row,
    }


def ablation_summary(table: pd.DataFrame) -> pd.DataFrame:
    """One row per variant of an ablation table (``benchmarks/article_ablation.py``'s: one row per
    variant and seed), in the table's order: the mean edge over seeds, its range over seeds
    (``seed_min``, ``seed_max``), the widest bootstrap interval (``low``: the lowest
    ``edge_low``, ``high``: the highest ``edge_high``), the mean R^2 fraction, best epoch and
    epochs run, the number of seeds and of diverged runs (NaN edge).

    >>> t = pd.DataFrame({"variant": ["a", "a"], "base": ["article"] * 2, "setting": ["", ""],
    ...     "edge": [0.4, 0.6], "edge_low": [0.3, 0.5], "edge_high": [0.5, 0.7],
    ...     "r2_fraction": [0.1, 0.3], "best_epoch": [3, 5], "epochs": [10, 10]})
    >>> s = ablation_summary(t).loc["a"]
    >>> float(s["edge"]), float(s["seed_min"]), float(s["low"]), int(s["seeds"])
    (0.5, 0.4, 0.3, 2)
    """
    needed = {"variant", "base", "setting", "edge", "edge_low", "edge_high", "r2_fraction"}
    missing = (needed | {"best_epoch", "epochs"}) - set(table)
    if missing:
        raise ValueError(
            f"the table lacks the columns {sorted(missing)}: "
            "is it benchmarks/article_ablation.py's?"
        )
    if table.empty:
        raise ValueError("the ablation table is empty: run benchmarks/article_ablation.py.")
    groups = table.groupby("variant", sort=False)
    return pd.DataFrame(
        {
            "base": groups["base"].first(),
            "setting": groups["setting"].first().fillna(""),
            "edge": groups["edge"].mean(),
            "seed_min": groups["edge"].min(),
            "seed_max": groups["edge"].max(),
            "low": groups["edge_low"].min(),
            "high": groups["edge_high"].max(),
            "r2_fraction": groups["r2_fraction"].mean(),
            "best_epoch": groups["best_epoch"].mean(),
            "epochs": groups["epochs"].mean(),
            "seeds": groups["edge"].size(),
            "diverged": groups["edge"].apply(lambda e: int(e.isna().sum())),
        }
    )
