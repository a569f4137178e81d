"""Every chapter's broken and fixed pipeline, by name, rebuilt from the chapters' own settings and
setup steps.

A *pipeline* here is everything between the raw data and a forecast: the
data, the windows or padded sequences, the split, the scaler, the model and
its training. Each one is a function ``(seed, size) -> Pipeline`` registered
under a name in :data:`PIPELINES`:

- ``size="full"``: the chapter's own sizes (for ``benchmarks/scoreboard.py``);
- ``size="small"``: the same steps on a few thousand windows and a few epochs,
  fast enough to build all of them inside one chapter (chapter 10). Scores at
  this size mean little; the fields that reveal each pitfall are all there.

Nothing is declared twice: every size, budget and recipe comes from
:mod:`helpers.settings` (the values of the chapters' parameters cells), and
every step a chapter does not teach (the market, windows, split, scaler and
baselines) is the same :mod:`helpers.setups` call the chapter makes. What is
written out here is what each chapter teaches: chapter 3's scalers, chapter
4's splits and leaks, chapter 5's padding, chapter 6's level target, and the
training of every model. ``benchmarks/agreement.py`` checks that each
pipeline scores, at full size and seed 0, what its chapter reports.

A :class:`Pipeline` carries what :func:`helpers.doctor.examine` reads, under
its keyword names (``Pipeline.evidence()``), plus the pipeline's scores on
held-out data and its training time. Its ``pitfall`` is the doctor's check id
that the pipeline should trigger (``None`` for fixed pipelines and baselines);
``also`` lists other checks it is expected to trigger too (the article's
recipes combine several mistakes).

Registered, by chapter (``summary()`` describes each one): the article's
Examples 1-3 as written (``article_example1`` to ``article_example3``);
chapter 1's sound LSTM and the ``naive``, ``ridge`` and ``oracle``
baselines; chapter 3's unscaled, price-level, min-max and global-scaler
pipelines against stationary features with a standard or robust scaler;
chapter 4's shuffled split, test set as validation set and look-ahead
feature against the chronological split (LSTM and ridge); chapter 5's
post/post truncation, unmasked post padding, ``int32`` cast and longest
``maxlen`` against pre padding and masking; chapter 6's level LSTM against
the return LSTM; chapter 7's ReLU LSTM and fixed-epoch run against the sound
LSTM.

What ``size="small"`` changes, and nothing else: each period keeps its
place in time but only a few thousand of its windows, evenly spread
(chapter 5: fewer sessions), and every model trains one epoch, except
where the number of epochs is the pitfall or the recipe: chapter 7's ReLU
run keeps its 4 and its fixed-epoch run its 12, the article's recipe its 10
(on 320 windows). The numbers are ``settings.SMALL``, ``SMALL_CH4`` and
``SMALL_CH5``.

Importing this module imports TensorFlow. Add a pipeline with
:func:`register`; it fills ``name``, ``chapter``, ``kind``, ``pitfall``,
``also`` and ``description`` of the returned Pipeline, so a builder may
leave them out::

    @register("ch10_example", chapter=10, kind="broken", pitfall="scale",
              description="one line: what this pipeline does wrong")
    def _ch10_example(seed: int, size: str) -> Pipeline:
        ...  # build the data for (seed, size), train, forecast the test windows
        return Pipeline(X_train=..., y_train=..., X_test=..., y_test=..., y_pred=..., scores=...)
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import keras
import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler, RobustScaler, StandardScaler

from . import (
    baselines,
    data,
    leakage,
    metrics,
    prices,
    scaling,
    sequences,
    sessions,
    settings,
    setups,
    skill,
    splits,
    windows,
)
from .nn import models, sequence_models, training

__all__ = [
    "EVIDENCE",
    "KINDS",
    "SIZES",
    "Pipeline",
    "Spec",
    "PIPELINES",
    "register",
    "names",
    "build",
    "build_all",
    "summary",
    "aggregate",
    "markdown",
    "build_real",
    "real_sound",
    "real_ridge",
    "real_shuffled_rows",
    "real_chronological_rows",
    "real_overlap_control",
    "smoothed_return",
]

#: The keyword arguments of ``doctor.examine``, in its order, less ``thresholds`` (a setting, not
#: evidence): the fields of :meth:`Pipeline.evidence`.
EVIDENCE: tuple[str, ...] = (
    "X_train",
    "y_train",
    "X_test",
    "y_test",
    "train_index",
    "test_index",
    "lookback",
    "horizon",
    "X_val",
    "y_val",
    "model",
    "history",
    "lengths",
    "sequences",
    "y_pred",
    "y_reference",
    "feature_names",
    "target_kind",
    "raw",
    "feature_fn",
)

KINDS: tuple[str, ...] = ("broken", "fixed", "article", "baseline")
SIZES: tuple[str, ...] = ("small", "full")


@dataclass
class Pipeline:
    """One trained pipeline: what the doctor examines, and how well it forecasts.

    The first twenty data fields are the keyword arguments of
    ``doctor.examine`` (see :data:`EVIDENCE`), filled as honestly for a fixed
    pipeline as for a broken one: ``X_*`` are exactly what the model read
    (scaled or not, padded or not), ``train_index`` / ``test_index`` the day
    position of each window's last input day, ``horizon`` the days a
    multi-day target spans (chapter 4's weekly target), ``y_pred`` the model's
    forecasts of ``X_test`` and ``y_reference`` a persistence forecast of
    ``y_test`` (``None`` where persistence means nothing, as for sessions).
    ``model`` is a Keras model, or ``None`` for non-Keras forecasts (ridge,
    the naive forecast, the oracle), whose fitted object is in ``estimator``.

    ``scores`` holds ``accuracy`` and ``edge_fraction`` (and, for regressions,
    ``rmse`` and ``r2``) on the pipeline's honest held-out period: its test
    period, or for chapter 4's leaks the *true future*, with the developer's
    own test score in ``reported_accuracy`` / ``reported_edge_fraction``.
    ``seconds`` is the training time (fit only).
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    train_index: np.ndarray | None = None
    test_index: np.ndarray | None = None
    lookback: int | None = None
    horizon: int | None = None
    X_val: np.ndarray | None = None
    y_val: np.ndarray | None = None
    model: keras.Model | None = None
    history: dict[str, list[float]] | None = None
    lengths: np.ndarray | None = None
    sequences: list[np.ndarray] | None = None
    y_pred: np.ndarray | None = None
    y_reference: np.ndarray | None = None
    feature_names: tuple[str, ...] | None = None
    target_kind: str | None = None
    raw: pd.DataFrame | pd.Series | None = None
    feature_fn: Callable[[Any], Any] | None = None
    name: str = ""
    chapter: int = 0
    kind: str = ""
    pitfall: str | None = None
    scores: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    also: tuple[str, ...] = ()
    description: str = ""
    seed: int | None = None
    size: str | None = None
    estimator: Any = None

    def evidence(self) -> dict[str, Any]:
        """The keyword arguments of ``doctor.examine``:
        ``doctor.examine(**pipeline.evidence())``.
        """
        return {key: getattr(self, key) for key in EVIDENCE}

    @property
    def expected(self) -> tuple[str, ...]:
        """Every check id this pipeline should trigger: ``pitfall`` first, then ``also``."""
        return tuple(c for c in (self.pitfall, *self.also) if c is not None)

    def row(self) -> dict[str, Any]:
        """One flat row for a table: identity, scores and seconds."""
        return {
            "name": self.name,
            "chapter": self.chapter,
            "kind": self.kind,
            "pitfall": self.pitfall or "",
            "seed": self.seed,
            "size": self.size,
            **self.scores,
            "seconds": self.seconds,
        }


@dataclass(frozen=True)
class Spec:
    """A registered pipeline: its identity, and ``build(seed, size) -> Pipeline``. Calling it builds
    it.
    """

    name: str
    chapter: int
    kind: str
    pitfall: str | None
    description: str
    build: Callable[[int, str], Pipeline]
    also: tuple[str, ...] = ()

    def __call__(self, seed: int = 0, size: str = "small") -> Pipeline:
        _check_seed_size(seed, size)
        pipe = self.build(int(seed), size)
        if not isinstance(pipe, Pipeline):
            raise TypeError(
                f"the builder of {self.name!r} returned {type(pipe).__name__}, not a Pipeline."
            )
        return replace(
            pipe,
            name=self.name,
            chapter=self.chapter,
            kind=self.kind,
            pitfall=self.pitfall,
            also=self.also,
            description=self.description,
            seed=int(seed),
            size=size,
        )


#: Every registered pipeline, by name, in registration order (chapter by chapter).
PIPELINES: dict[str, Spec] = {}


def register(
    name: str,
    *,
    chapter: int,
    kind: str,
    pitfall: str | None = None,
    also: tuple[str, ...] = (),
    description: str = "",
) -> Callable[[Callable[[int, str], Pipeline]], Callable[[int, str], Pipeline]]:
    """Decorator: register ``builder(seed, size) -> Pipeline`` in :data:`PIPELINES` under ``name``.

    >>> @register("demo_zero", chapter=0, kind="baseline", description="doc example")
    ... def _demo(seed, size):
    ...     return Pipeline(
    ...         X_train=np.zeros((2, 1, 1)), y_train=np.zeros(2),
    ...         X_test=np.zeros((1, 1, 1)), y_test=np.zeros(1),
    ...     )
    >>> PIPELINES["demo_zero"](seed=3).name, PIPELINES["demo_zero"](seed=3).seed
    ('demo_zero', 3)
    >>> del PIPELINES["demo_zero"]
    """
    if not isinstance(name, str) or not name:
        raise ValueError(f"name must be a non-empty string, got {name!r}.")
    if name in PIPELINES:
        raise ValueError(f"a pipeline named {name!r} is already registered; choose another name.")
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}.")
    if kind in ("fixed", "baseline") and (pitfall is not None or also):
        raise ValueError(
            f"a {kind} pipeline has no pitfall; got pitfall={pitfall!r}, also={also!r}."
        )

    def decorate(builder: Callable[[int, str], Pipeline]) -> Callable[[int, str], Pipeline]:
        PIPELINES[name] = Spec(name, int(chapter), kind, pitfall, description, builder, tuple(also))
        return builder

    return decorate


def names(*, chapter: int | None = None, kind: str | None = None) -> list[str]:
    """Registered names, optionally only those of one ``chapter`` and/or one ``kind``.

    >>> "ch1_sound" in names(chapter=1, kind="fixed")
    True
    """
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}.")
    return [
        n
        for n, s in PIPELINES.items()
        if (chapter is None or s.chapter == chapter) and (kind is None or s.kind == kind)
    ]


def build(name: str, seed: int = 0, size: str = "small") -> Pipeline:
    """Build the pipeline registered as ``name`` (trains its model)."""
    if name not in PIPELINES:
        raise KeyError(
            f"no pipeline named {name!r}; see pipelines.names() for the {len(PIPELINES)} "
            "registered ones."
        )
    return PIPELINES[name](seed, size)


def build_all(
    seed: int = 0, size: str = "small", *, only: list[str] | None = None
) -> Iterator[Pipeline]:
    """Build every registered pipeline (or those in ``only``), one after the other, lazily."""
    for name in names() if only is None else only:
        yield build(name, seed, size)


def summary() -> pd.DataFrame:
    """The registry as a table: chapter, kind, pitfall, other expected checks and description, by
    name.
    """
    return pd.DataFrame(
        {
            n: {
                "chapter": s.chapter,
                "kind": s.kind,
                "pitfall": s.pitfall or "",
                "also": ", ".join(s.also),
                "description": s.description,
            }
            for n, s in PIPELINES.items()
        }
    ).T.rename_axis("name")


def _check_seed_size(seed: object, size: object) -> None:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}.")
    if size not in SIZES:
        raise ValueError(f"size must be one of {SIZES}, got {size!r}.")


# --------------------------------------------------------------------------- shared steps


def _thin(size: str) -> settings.Thin | None:
    """The registry's small size for chapters 1, 3, 6 and 7 (None at full size: every window)."""
    return settings.SMALL if size == "small" else None


def _budget(recipe: settings.Recipe, size: str) -> settings.Recipe:
    """``recipe`` at ``size``: its own epochs at full size, ``settings.SMALL.epochs`` at small."""
    return recipe if size == "full" else recipe.replace(epochs=settings.SMALL.epochs)


def _regression_scores(
    y_true: np.ndarray, y_hat: np.ndarray, oracle: np.ndarray, naive: np.ndarray
) -> dict[str, float]:
    """accuracy, rmse, r2 and edge_fraction of one forecast (a row of ``metrics.evaluate``)."""
    table = metrics.evaluate(
        y_true, {"model": np.asarray(y_hat, dtype=float)}, oracle=oracle, naive=naive
    )
    return {k: float(v) for k, v in table.loc["model"].items()}


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def _from_trained(trained: training.Trained, **fields_: Any) -> Pipeline:
    """A Pipeline from :func:`helpers.nn.training.train`'s result; ``fields_`` fills the rest."""
    return Pipeline(
        model=trained.model,
        history=trained.history,
        seconds=trained.seconds,
        estimator=trained,
        **fields_,
    )


def _train(
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_val: np.ndarray,
    y_val: np.ndarray,
    *,
    seed: int,
    recipe: settings.Recipe,
) -> training.Trained:
    """``training.train`` with every keyword of ``recipe``."""
    return training.train(X_train, y_train, X_val, y_val, seed=seed, **recipe.kwargs())


def _fit_article(
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_test: np.ndarray,
    y_test: np.ndarray,
    *,
    seed: int,
) -> tuple[keras.Model, dict, float]:
    """The article's Example 3, as written (``settings.ARTICLE``): LSTM(50, relu), MSE, batch 32,
    a fixed 10 epochs, the test set as validation_data.
    """
    recipe = settings.ARTICLE
    training.seed_everything(seed)
    model = models.build_article_lstm(int(X_train.shape[1]), int(X_train.shape[2]))
    fit, seconds = _timed(
        lambda: model.fit(
            np.asarray(X_train, dtype=np.float32),
            y_train,
            epochs=recipe.epochs,
            batch_size=recipe.batch_size,
            # the test set, as in the article
            validation_data=(np.asarray(X_test, dtype=np.float32), y_test),
            # The same validation loss as with batches of 32, in fewer steps.
            validation_batch_size=1024,
            verbose=0,
        )
    )
    return model, {k: [float(v) for v in vals] for k, vals in fit.history.items()}, seconds


def _article_rows(rows: np.ndarray, size: str) -> np.ndarray:
    """The article trains 10 epochs at batch 32: at small size, on fewer windows, so that it stays
    quick.
    """
    return setups.spread(rows, settings.SMALL.article_n_train if size == "small" else None)


def _article_thin(scaled: scaling.ScaledSplit, size: str) -> scaling.ScaledSplit:
    keep = _article_rows(np.arange(len(scaled.train)), size)
    return replace(scaled, train=scaled.train.take(keep))


def _predict(
    model: keras.Model, X: np.ndarray, scaler: scaling.TargetScaler | None = None, chunk: int = 4096
) -> np.ndarray:
    """The model's forecasts of ``X`` (in the target's units if ``scaler`` is given), by calling it
    directly.

    Same numbers as ``model.predict``, without tracing a prediction graph for
    every new model (which costs more than the prediction itself here).
    """
    X = np.asarray(X, dtype=np.float32)
    z = np.concatenate(
        [
            np.asarray(model(X[i : i + chunk], training=False)).ravel()
            for i in range(0, len(X), chunk)
        ]
    )
    if scaler is None:
        return z.astype(float)
    if not np.isfinite(z).all():
        # a diverged model (chapter 7's relu): its forecasts are undefined, not an error here
        return np.full(z.shape, np.nan)
    return scaler.inverse_transform(z)


def _daily_fields(
    d: setups.DailySetup, scaled: scaling.ScaledSplit | None = None
) -> dict[str, Any]:
    """The evidence a windowed daily pipeline shares: arrays, day positions, lookback,
    persistence.
    """
    s = d.scaled if scaled is None else scaled
    return {
        "X_train": s.train.X,
        "y_train": s.train.y,
        "X_test": s.test.X,
        "y_test": s.test.y,
        "train_index": s.train.ends,
        "test_index": s.test.ends,
        "lookback": int(s.train.lookback),
        "y_reference": d.persistence,
        "feature_names": tuple(s.train.feature_names),
    }


def _scored(
    d: setups.DailySetup, trained: training.Trained, scaled: scaling.ScaledSplit | None = None
) -> Pipeline:
    """A trained daily pipeline, scored on its test windows (NaN scores if its forecasts are)."""
    s = d.scaled if scaled is None else scaled
    y_pred = _predict(trained.model, s.test.X, trained.target_scaler)
    if np.isfinite(y_pred).all():
        scores = _regression_scores(s.test.y, y_pred, d.oracle, d.naive)
    else:
        scores = dict.fromkeys(("accuracy", "rmse", "r2", "edge_fraction"), float("nan"))
    return _from_trained(
        trained, **_daily_fields(d, s), X_val=s.val.X, y_val=s.val.y, y_pred=y_pred, scores=scores
    )


def _sound(
    d: setups.DailySetup,
    seed: int,
    size: str,
    scaled: scaling.ScaledSplit | None = None,
    recipe: settings.Recipe = settings.SOUND,
) -> Pipeline:
    """Chapter 1's sound recipe (``settings.SOUND``: batch 256, lr 3e-3, early stopping) on
    ``scaled``, or ``recipe`` (at ``size``'s budget).
    """
    s = d.scaled if scaled is None else scaled
    trained = _train(
        s.train.X, s.train.y, s.val.X, s.val.y, seed=seed, recipe=_budget(recipe, size)
    )
    return _scored(d, trained, s)


# ----------------------------------------------- chapter 1: the market, the article, the sound LSTM


@functools.lru_cache(maxsize=2)
def _ch1(seed: int, size: str) -> setups.DailySetup:
    return setups.daily(settings.CH1, seed, thin=_thin(size))


@register(
    "article_example3",
    chapter=1,
    kind="article",
    pitfall="val_is_test",
    also=("relu_lstm",),
    description="the article's Example 3 as written: LSTM(50, relu), MSE, 10 epochs, batch 32, the "
    "test set as validation data",
)
def _article_example3(seed: int, size: str) -> Pipeline:
    d = _ch1(seed, size)
    s = _article_thin(d.scaled, size)
    model, history, seconds = _fit_article(s.train.X, s.train.y, s.test.X, s.test.y, seed=seed)
    y_pred = _predict(model, s.test.X)
    return Pipeline(
        **_daily_fields(d, s),
        X_val=s.test.X,  # the very arrays of the test set
        y_val=s.test.y,
        model=model,
        history=history,
        y_pred=y_pred,
        scores=_regression_scores(s.test.y, y_pred, d.oracle, d.naive),
        seconds=seconds,
    )


@register(
    "ch1_sound",
    chapter=1,
    kind="fixed",
    description="chapter 1's sound LSTM: tanh, Huber on a standardised target, early stopping on a "
    "validation period",
)
def _ch1_sound(seed: int, size: str) -> Pipeline:
    return _sound(_ch1(seed, size), seed, size)


def _baseline(
    d: setups.DailySetup, y_pred: np.ndarray, seconds: float = 0.0, estimator: Any = None
) -> Pipeline:
    s = d.scaled
    return Pipeline(
        **_daily_fields(d),
        y_pred=np.asarray(y_pred, dtype=float),
        scores=_regression_scores(s.test.y, y_pred, d.oracle, d.naive),
        seconds=seconds,
        estimator=estimator,
    )


@register(
    "naive", chapter=1, kind="baseline", description="the training period's mean return, every day"
)
def _naive(seed: int, size: str) -> Pipeline:
    d = _ch1(seed, size)
    return _baseline(d, d.naive)


@register(
    "ridge",
    chapter=1,
    kind="baseline",
    description="ridge regression on the flattened, standardised window",
)
def _ridge(seed: int, size: str) -> Pipeline:
    d = _ch1(seed, size)
    ridge, seconds = _timed(lambda: baselines.fit_ridge(d.scaled.train.X, d.scaled.train.y))
    return _baseline(d, ridge.predict(d.scaled.test.X), seconds, ridge)


@register("oracle", chapter=1, kind="baseline", description="the planted expectation: the ceiling")
def _oracle(seed: int, size: str) -> Pipeline:
    d = _ch1(seed, size)
    return _baseline(d, d.oracle)


# ----------------------------------------------------------------- chapter 2: which accuracy?


@functools.lru_cache(maxsize=2)
def _ch2(seed: int, size: str) -> setups.DailySetup:
    return setups.daily(settings.CH2, seed, thin=_thin(size))


def _ch2_direction(seed: int, size: str, recipe: settings.Recipe) -> Pipeline:
    """Chapter 2's LSTM classifier of tomorrow's direction (``recipe``: sigmoid or softmax output,
    binary cross-entropy on 0/1 labels); its forecast is the probability of an up day, scored by
    its side of 0.5."""
    d = _ch2(seed, size)
    s = d.scaled
    up = {period: (getattr(s, period).y > 0).astype(float) for period in ("train", "val", "test")}
    trained = _train(
        s.train.X, up["train"], s.val.X, up["val"], seed=seed, recipe=_budget(recipe, size)
    )
    p_up = _predict(trained.model, s.test.X)
    fields_ = {**_daily_fields(d), "y_train": up["train"], "y_test": up["test"]}
    fields_["y_reference"] = None  # persistence of a return is no forecast of a 0/1 label
    scores = {
        "accuracy": metrics.directional_accuracy(s.test.y, p_up - 0.5),
        "edge_fraction": metrics.edge_fraction(s.test.y, p_up - 0.5, d.oracle, d.naive),
    }
    return _from_trained(
        trained, **fields_, X_val=s.val.X, y_val=up["val"], y_pred=p_up, scores=scores
    )


@register(
    "ch2_classifier",
    chapter=2,
    kind="fixed",
    description="chapter 1's LSTM as an up/down classifier: a sigmoid unit, binary cross-entropy",
)
def _ch2_classifier(seed: int, size: str) -> Pipeline:
    return _ch2_direction(seed, size, settings.CH2_CLASSIFIER)


@register(
    "ch2_one_unit_softmax",
    chapter=2,
    kind="broken",
    pitfall="one_unit_softmax",
    also=("gradients",),  # its output is 1 whatever the input: no gradient reaches the input
    description="the classifier with Dense(1, activation='softmax'): its output is always 1",
)
def _ch2_one_unit_softmax(seed: int, size: str) -> Pipeline:
    return _ch2_direction(seed, size, settings.CH2_CLASSIFIER.replace(output_activation="softmax"))


# --------------------------------------------------------------------- chapter 3: unscaled features


@dataclass(frozen=True)
class _Ch3:
    daily: setups.DailySetup  # stationary features on the trending market with a crash
    w_raw: windows.Windows  # the raw features (price level, volume, flow, sentiment)


@functools.lru_cache(maxsize=2)
def _ch3(seed: int, size: str) -> _Ch3:
    market = setups.trending_market(settings.CH3, seed)
    d = setups.daily(settings.CH3, seed, market, thin=_thin(size))
    w_raw = windows.make_windows(data.raw_features(market), market["target"], settings.CH3.lookback)
    return _Ch3(daily=d, w_raw=w_raw)


def _ch3_fit(seed: int, size: str, *, raw: bool, scaler: Any) -> Pipeline:
    c = _ch3(seed, size)
    d = c.daily
    w = c.w_raw if raw else d.windows
    if scaler is None:  # no scaling at all: the windows as they are
        parts = (w.take(rows) for rows in (d.split.train, d.split.val, d.split.test))
        scaled = scaling.ScaledSplit(None, *parts)
    else:
        scaled = scaling.scale_split(w, d.split, scaler)
    recipe = settings.SOUND.replace(epochs=settings.CH3.epochs)
    return _sound(d, seed, size, scaled=scaled, recipe=recipe)


@register(
    "ch3_unscaled",
    chapter=3,
    kind="broken",
    pitfall="scale",
    also=("drift",),  # the raw price trends: the test period lies above its training range
    description="raw price, volume, flow and sentiment, unscaled, into chapter 1's sound LSTM",
)
def _ch3_unscaled(seed: int, size: str) -> Pipeline:
    return _ch3_fit(seed, size, raw=True, scaler=None)


@register(
    "ch3_price_level",
    chapter=3,
    kind="broken",
    pitfall="drift",
    description="the raw features standardised on training: a trending price level leaves its "
    "training range",
)
def _ch3_price_level(seed: int, size: str) -> Pipeline:
    return _ch3_fit(seed, size, raw=True, scaler=StandardScaler())


@register(
    "ch3_minmax",
    chapter=3,
    kind="broken",
    pitfall="scale",
    description="stationary features, min-max scaled with a crash day in training: ordinary days "
    "squeezed",
)
def _ch3_minmax(seed: int, size: str) -> Pipeline:
    return _ch3_fit(seed, size, raw=False, scaler=MinMaxScaler())


@register(
    "ch3_global_scaler",
    chapter=3,
    kind="broken",
    pitfall="scale",
    description="stationary features, one scaler shared by all features: log volume sets the scale",
)
def _ch3_global(seed: int, size: str) -> Pipeline:
    return _ch3_fit(seed, size, raw=False, scaler=scaling.GlobalScaler())


@register(
    "ch3_stationary",
    chapter=3,
    kind="fixed",
    description="stationary features, StandardScaler per feature fit on training (chapter 3's fix)",
)
def _ch3_stationary(seed: int, size: str) -> Pipeline:
    return _ch3_fit(seed, size, raw=False, scaler=StandardScaler())


@register(
    "ch3_robust",
    chapter=3,
    kind="fixed",
    description="stationary features, RobustScaler per feature fit on training",
)
def _ch3_robust(seed: int, size: str) -> Pipeline:
    return _ch3_fit(seed, size, raw=False, scaler=RobustScaler())


@register(
    "article_example2",
    chapter=3,
    kind="article",
    pitfall="drift",
    # Not "scale": a scaler fit on every day squeezes the training period's price level on some
    # seeds and not on others (it depends on the path), so the doctor's scale check fires on some
    # only.
    also=("val_is_test", "relu_lstm"),
    description=(
        "the article's Example 2 as written: StandardScaler.fit_transform on the whole array of "
        "raw features (price level included), then its Example 3 model"
    ),
)
def _article_example2(seed: int, size: str) -> Pipeline:
    c = _ch3(seed, size)
    d = c.daily
    market = d.market
    raw = data.raw_features(market)
    scaled_days = pd.DataFrame(
        StandardScaler().fit_transform(raw), index=raw.index, columns=raw.columns
    )  # every day, test included
    w = windows.make_windows(scaled_days, market["target"], settings.CH3.lookback)
    train, test = w.take(_article_rows(d.split.train, size)), w.take(d.split.test)
    model, history, seconds = _fit_article(train.X, train.y, test.X, test.y, seed=seed)
    y_pred = _predict(model, test.X)
    return Pipeline(
        X_train=train.X,
        y_train=train.y,
        X_test=test.X,
        y_test=test.y,
        train_index=train.ends,
        test_index=test.ends,
        lookback=settings.CH3.lookback,
        X_val=test.X,
        y_val=test.y,
        model=model,
        history=history,
        y_pred=y_pred,
        y_reference=d.persistence,
        feature_names=tuple(w.feature_names),
        scores=_regression_scores(test.y, y_pred, d.oracle, d.naive),
        seconds=seconds,
    )


# -------------------------------------------------------------------------- chapter 4: leaky splits


def _smoothed(log_return: pd.Series) -> pd.Series:
    """Chapter 4's 'denoised' return: a centred 9-day rolling mean, which sees 4 days ahead."""
    return log_return.rolling(9, center=True, min_periods=1).mean()


@dataclass(frozen=True)
class _Ch4:
    setup: setups.WeeklySetup  # the market, weekly windows, the developer's data, the true future
    split: splits.Split  # chronological split of the developer's windows (thinned)
    # train, val, test positions in the developer's windows after a shuffle (thinned)
    shuffled: tuple[np.ndarray, np.ndarray, np.ndarray]


@functools.lru_cache(maxsize=2)
def _ch4(seed: int, size: str) -> _Ch4:
    S = settings.CH4
    thin = settings.SMALL_CH4 if size == "small" else None
    c = setups.weekly(S, seed, thin=thin)
    split = splits.chronological(
        S.n_dev, lookback=S.lookback, horizon=S.horizon, val=S.n_val, test=S.n_test
    )
    # Chapter 4's shuffled split, as the developer wrote it: train_test_split twice.
    rest, test_rows = train_test_split(
        np.arange(S.n_dev), test_size=S.n_test, shuffle=True, random_state=seed
    )
    train_rows, val_rows = train_test_split(
        rest, test_size=S.n_val, shuffle=True, random_state=seed
    )
    if thin is not None:
        split = setups.thin_split(split, thin)
        train_rows, val_rows, test_rows = (
            setups.spread(train_rows, thin.n_train),
            setups.spread(val_rows, thin.n_val),
            setups.spread(test_rows, thin.n_test),
        )
    return _Ch4(c, split, (train_rows, val_rows, test_rows))


def _ch4_persistence(X_unscaled: np.ndarray, feature_names: tuple[str, ...]) -> np.ndarray:
    """Persistence for a weekly target: the log return of the last ``horizon`` days of each
    window.
    """
    column = feature_names.index("log_return")
    return X_unscaled[:, -settings.CH4.horizon :, column].sum(axis=1).astype(float)


def _ch4_scores(
    c: _Ch4, test: windows.Windows, test_hat: np.ndarray, future_hat: np.ndarray
) -> dict[str, float]:
    """Scores on the true future, and the developer's reported ones on their own test windows.

    As in chapter 4's table, every variant is measured against the same yardsticks: the oracle,
    and the naive forecast of the chronological training period's mean.
    """
    train_y = c.setup.dev.take(c.split.train).y
    future = c.setup.future
    out = _regression_scores(
        future.y, future_hat, c.setup.oracle_future, baselines.naive_mean(train_y, len(future))
    )
    reported = _regression_scores(
        test.y,
        test_hat,
        test.align(c.setup.market["oracle"]),
        baselines.naive_mean(train_y, len(test)),
    )
    out.update({f"reported_{k}": v for k, v in reported.items()})
    return out


def _ch4_lstm(seed: int, size: str, *, shuffled: bool, val_is_test: bool = False) -> Pipeline:
    c = _ch4(seed, size)
    rows = c.shuffled if shuffled else (c.split.train, c.split.val, c.split.test)
    train, val, test = (c.setup.dev.take(r) for r in rows)
    future = c.setup.future
    _, X_train, X_val, X_test, X_future = scaling.scale_windows(
        train.X, val.X, test.X, future.X
    )  # fit on training only
    if val_is_test:  # early stopping (and every look at the curve) on the test set
        X_val, y_val = X_test, test.y
    else:
        y_val = val.y
    recipe = _budget(settings.CH4_RECIPE, size)
    trained = _train(X_train, train.y, X_val, y_val, seed=seed, recipe=recipe)
    test_hat, future_hat = (
        _predict(trained.model, X, trained.target_scaler) for X in (X_test, X_future)
    )
    names = tuple(c.setup.dev.feature_names)
    return _from_trained(
        trained,
        X_train=X_train,
        y_train=train.y,
        X_test=X_test,
        y_test=test.y,
        train_index=train.ends,
        test_index=test.ends,
        lookback=settings.CH4.lookback,
        horizon=settings.CH4.horizon,
        X_val=X_val,
        y_val=y_val,
        y_pred=test_hat,
        y_reference=_ch4_persistence(test.X, names),
        feature_names=names,
        scores=_ch4_scores(c, test, test_hat, future_hat),
    )


@register(
    "ch4_shuffled",
    chapter=4,
    kind="broken",
    pitfall="overlap",
    description="overlapping weekly-target windows shuffled into train, validation and test "
    "(train_test_split)",
)
def _ch4_shuffled(seed: int, size: str) -> Pipeline:
    return _ch4_lstm(seed, size, shuffled=True)


@register(
    "ch4_test_as_val",
    chapter=4,
    kind="broken",
    pitfall="val_is_test",
    description="a chronological split, but early stopping watches the test set",
)
def _ch4_test_as_val(seed: int, size: str) -> Pipeline:
    return _ch4_lstm(seed, size, shuffled=False, val_is_test=True)


@register(
    "ch4_chronological",
    chapter=4,
    kind="fixed",
    description="chronological split with a purge gap, scaler fit on training, early stopping on "
    "validation",
)
def _ch4_chronological(seed: int, size: str) -> Pipeline:
    return _ch4_lstm(seed, size, shuffled=False)


def _ch4_ridge(seed: int, size: str, *, lookahead: bool) -> Pipeline:
    c = _ch4(seed, size)
    S, setup = settings.CH4, c.setup
    features = setup.features
    if lookahead:
        features = features.assign(smoothed_return=_smoothed(features["log_return"]))
    w = windows.make_windows(features, setup.y_week, S.lookback, horizon=S.horizon)
    train, test = w.take(c.split.train), w.take(c.split.test)
    X_future = w.take(setup.future_rows).X
    if lookahead:  # what a live system would have fed it: the centred mean as known on each day
        X_future = X_future.copy()
        X_future[:, :, -1] = leakage.as_of(
            _smoothed, setup.features["log_return"], setup.future.ends, lookback=S.lookback
        )[:, :, 0]
    # Scaled on the training windows, as every model of the book reads them. Ridge's own pipeline
    # standardises again inside, so its forecasts are the same as on unscaled windows (chapter 4).
    _, X_train, X_test, X_future = scaling.scale_windows(train.X, test.X, X_future)
    ridge, seconds = _timed(lambda: baselines.fit_ridge(X_train, train.y))
    test_hat, future_hat = ridge.predict(X_test), ridge.predict(X_future)
    return Pipeline(
        X_train=X_train,
        y_train=train.y,
        X_test=X_test,
        y_test=test.y,
        train_index=train.ends,
        test_index=test.ends,
        lookback=S.lookback,
        horizon=S.horizon,
        y_pred=test_hat,
        y_reference=_ch4_persistence(test.X, tuple(w.feature_names)),
        feature_names=tuple(w.feature_names),
        scores=_ch4_scores(c, test, test_hat, future_hat),
        seconds=seconds,
        estimator=ridge,
    )


@register(
    "ch4_lookahead",
    chapter=4,
    kind="broken",
    pitfall="lookahead",
    description="ridge with a centred 9-day rolling mean of the return as a feature: it sees 4 "
    "days ahead",
)
def _ch4_lookahead(seed: int, size: str) -> Pipeline:
    return _ch4_ridge(seed, size, lookahead=True)


@register(
    "ch4_ridge",
    chapter=4,
    kind="fixed",
    description="ridge on the same chronological split, with features that use only the past",
)
def _ch4_ridge_fixed(seed: int, size: str) -> Pipeline:
    return _ch4_ridge(seed, size, lookahead=False)


# --------------------------------------------------------------------------- chapter 5: bad maxlen


@dataclass(frozen=True)
class _Ch5:
    setup: setups.SessionsSetup  # the sessions, standardised, with their yardsticks
    sizes: settings.Sessions  # chapter 5's settings, or their small version
    labels: dict[str, np.ndarray]  # 0 / 1 per session, as floats
    p95: int
    longest: int


@functools.lru_cache(maxsize=2)
def _ch5(seed: int, size: str) -> _Ch5:
    S = settings.CH5 if size == "full" else settings.SMALL_CH5
    c = setups.sessions(S, seed)
    periods = {"train": c.train, "val": c.val, "test": c.test}
    return _Ch5(
        setup=c,
        sizes=S,
        labels={k: p.label.astype(float) for k, p in periods.items()},
        p95=sequences.maxlen_at(c.train.lengths, 95),
        longest=int(c.train.lengths.max()),
    )


def _ch5_fit(
    seed: int, size: str, pad: Callable[[list[np.ndarray]], np.ndarray], *, mask: bool = False
) -> Pipeline:
    """Pad every period with ``pad``, train chapter 5's classifier for a fixed budget, score on the
    test sessions.

    ``X_*`` are the padded arrays exactly as ``pad`` returned them (an int32
    array stays int32); the model reads them as float32, as Keras would.
    """
    c = _ch5(seed, size)
    setup = c.setup
    X = {k: pad(v) for k, v in setup.events.items()}
    fitted = sequence_models.fit_classifier(
        X["train"].astype(np.float32),
        c.labels["train"],
        X["val"].astype(np.float32),
        c.labels["val"],
        seed=seed,
        mask=mask,
        epochs=c.sizes.epochs,
        batch_size=c.sizes.batch_size,
    )
    p_up = _predict(fitted.model, X["test"])
    accuracy = metrics.directional_accuracy(setup.y_true, p_up - 0.5)
    edge = metrics.edge_fraction(setup.y_true, p_up - 0.5, setup.oracle, setup.naive)
    n_train, n_val = len(X["train"]), len(X["val"])
    return Pipeline(
        X_train=X["train"],
        y_train=c.labels["train"],
        X_test=X["test"],
        y_test=c.labels["test"],
        # Sessions are independent and each is its own sample: its position in time order is its
        # index, and it spans one position (lookback 1), so no test session shares anything with a
        # training one.
        train_index=np.arange(n_train),
        test_index=np.arange(n_train + n_val, n_train + n_val + len(X["test"])),
        lookback=1,
        X_val=X["val"],
        y_val=c.labels["val"],
        model=fitted.model,
        history=fitted.history,
        lengths=setup.train.lengths,
        sequences=setup.events["train"],
        y_pred=p_up,
        feature_names=tuple(sessions.FEATURES),
        scores={"accuracy": accuracy, "edge_fraction": edge},
        seconds=float(np.sum(fitted.epoch_seconds)),
        estimator=fitted,
    )


@register(
    "ch5_post_post",
    chapter=5,
    kind="broken",
    pitfall="truncation",
    also=("trailing_pad",),  # 95 % of the sessions end in padding that no mask hides
    description="the article's recipe in float32: pad_sequences(padding='post', truncating='post', "
    "dtype='float32') at the 95th percentile; the longest sessions lose their last events",
)
def _ch5_post_post(seed: int, size: str) -> Pipeline:
    pad = functools.partial(
        keras.utils.pad_sequences,
        maxlen=_ch5(seed, size).p95,
        padding="post",
        truncating="post",
        dtype="float32",
    )
    return _ch5_fit(seed, size, pad)


@register(
    "ch5_post_no_mask",
    chapter=5,
    kind="broken",
    pitfall="trailing_pad",
    description="front truncation at the 95th percentile, but padding at the end and no Masking "
    "layer",
)
def _ch5_post_no_mask(seed: int, size: str) -> Pipeline:
    c = _ch5(seed, size)
    return _ch5_fit(
        seed, size, functools.partial(sequences.pad, maxlen=c.p95, padding="post", truncating="pre")
    )


@register(
    "ch5_int_cast",
    chapter=5,
    kind="broken",
    pitfall="int_dtype",
    also=(
        "trailing_pad",
    ),  # real steps whose values all truncate to 0 look like padding after real data
    description="pad_sequences with its default dtype='int32': standardised features cast to "
    "integers",
)
def _ch5_int_cast(seed: int, size: str) -> Pipeline:
    c = _ch5(seed, size)
    return _ch5_fit(seed, size, functools.partial(keras.utils.pad_sequences, maxlen=c.p95))


@register(
    "ch5_maxlen_longest",
    chapter=5,
    kind="broken",
    pitfall="maxlen",
    description="pre padding to the longest session: nothing lost, every session padded to the "
    "longest",
)
def _ch5_longest(seed: int, size: str) -> Pipeline:
    c = _ch5(seed, size)
    return _ch5_fit(seed, size, functools.partial(sequences.pad, maxlen=c.longest))


@register(
    "ch5_pre_pad",
    chapter=5,
    kind="fixed",
    description="truncate and pad in front, float32, maxlen at the 95th percentile",
)
def _ch5_pre_pad(seed: int, size: str) -> Pipeline:
    c = _ch5(seed, size)
    return _ch5_fit(seed, size, functools.partial(sequences.pad, maxlen=c.p95))


@register(
    "ch5_masked",
    chapter=5,
    kind="fixed",
    description="front truncation, padding at the end, and a Masking layer that skips the padded "
    "steps",
)
def _ch5_masked(seed: int, size: str) -> Pipeline:
    c = _ch5(seed, size)
    return _ch5_fit(
        seed,
        size,
        functools.partial(sequences.pad, maxlen=c.p95, padding="post", truncating="pre"),
        mask=True,
    )


@register(
    "article_example1",
    chapter=5,
    kind="article",
    pitfall="int_dtype",
    also=("trailing_pad", "truncation"),
    description=(
        "the article's Example 1 as written: pad_sequences(padding='post', truncating='post') with "
        "its default dtype, maxlen at the 95th percentile of lengths (the article's starting point)"
    ),
)
def _article_example1(seed: int, size: str) -> Pipeline:
    c = _ch5(seed, size)
    return _ch5_fit(
        seed,
        size,
        functools.partial(
            keras.utils.pad_sequences, maxlen=c.p95, padding="post", truncating="post"
        ),
    )


# -------------------------------------------------------------- chapter 6: the persistence illusion


@dataclass(frozen=True)
class _Ch6:
    daily: setups.DailySetup  # the return pipeline: stationary features, split, scaled (thinned)
    w_level: windows.Windows  # the last LOOKBACK prices -> tomorrow's price, in prices
    first: np.ndarray  # each window's first price: chapter 6 scales every window by it


@functools.lru_cache(maxsize=2)
def _ch6(seed: int, size: str) -> _Ch6:
    d = setups.daily(settings.CH6, seed, thin=_thin(size))
    market = d.market
    next_price = market["price"] * np.exp(market["target"])  # the price of the next business day
    w_level = windows.make_windows(market[["price"]], next_price, settings.CH6.lookback)
    if len(w_level) != len(d.windows):  # chapter 6 splits both with one split
        raise RuntimeError("the level and return windows of chapter 6 differ in number.")
    return _Ch6(d, w_level, w_level.X[:, 0, 0].astype(float))


@register(
    "ch6_level_lstm",
    chapter=6,
    kind="broken",
    pitfall="level_target",
    also=("no_skill",),  # chapter 6's point: no better than persistence
    description="chapter 6's level LSTM: the last 10 prices, each window divided by its first "
    "price, forecast tomorrow's price",
)
def _ch6_level(seed: int, size: str) -> Pipeline:
    c = _ch6(seed, size)
    d = c.daily
    X = c.w_level.X / c.first[:, None, None] - 1  # every window starts at 0, as in chapter 6
    y = c.w_level.y / c.first - 1  # tomorrow's price on the same scale
    tr, va, te = d.split.train, d.split.val, d.split.test
    trained = _train(X[tr], y[tr], X[va], y[va], seed=seed, recipe=_budget(settings.SOUND, size))
    z_hat = _predict(trained.model, X[te], trained.target_scaler)
    today = c.w_level.take(te).align(d.market["price"])
    level_return = skill.implied_return((z_hat + 1) * c.first[te], today)
    return _from_trained(
        trained,
        X_train=X[tr],
        y_train=y[tr],
        X_test=X[te],
        y_test=y[te],
        train_index=c.w_level.ends[tr],
        test_index=c.w_level.ends[te],
        lookback=settings.CH6.lookback,
        X_val=X[va],
        y_val=y[va],
        y_pred=z_hat,
        # persistence: tomorrow's price is today's, on the window's scale
        y_reference=X[te][:, -1, 0],
        feature_names=("price",),
        # scored as the return it implies
        scores=_regression_scores(d.scaled.test.y, level_return, d.oracle, d.naive),
    )


@register(
    "ch6_return_lstm",
    chapter=6,
    kind="fixed",
    description="the same days, stationary features and a return target (chapter 1's sound LSTM)",
)
def _ch6_return(seed: int, size: str) -> Pipeline:
    return _sound(_ch6(seed, size).daily, seed, size)


# --------------------------------------------------------------------- chapter 7: training pitfalls


@functools.lru_cache(maxsize=2)
def _ch7(seed: int, size: str) -> setups.DailySetup:
    return setups.daily(settings.CH7, seed, thin=_thin(size))


@register(
    "ch7_relu",
    chapter=7,
    kind="broken",
    pitfall="relu_lstm",
    description="chapter 7's stability sweep: LSTM(16, relu) on 60-day windows, MSE, no clipping, "
    "lr 0.3, 4 epochs",
)
def _ch7_relu(seed: int, size: str) -> Pipeline:
    S = settings.CH7
    # The sweep's data: 60-day windows of chapter 7's market, scaled on their whole training
    # period, then the most recent training windows only. Small: a thinner test period.
    thin = None if size == "full" else settings.Thin(n_test=settings.SMALL.n_test)
    long = setups.daily(S.relu, seed, _ch7(seed, size).market, thin=thin)
    d = setups.recent(long, S.relu_n_train)
    s = d.scaled
    trained = _train(s.train.X, s.train.y, s.val.X, s.val.y, seed=seed, recipe=settings.CH7_RELU)
    return _scored(d, trained)


@register(
    "ch7_no_early_stopping",
    chapter=7,
    kind="broken",
    pitfall="no_early_stopping",
    description="chapter 7's learning-rate run: lr 0.03 for a fixed 12 epochs, keeping the last "
    "weights",
)
def _ch7_no_early_stopping(seed: int, size: str) -> Pipeline:
    d = _ch7(seed, size)
    s = d.scaled
    recipe = settings.CH7_NO_EARLY_STOPPING  # the number of epochs is the pitfall: kept when small
    trained = _train(s.train.X, s.train.y, s.val.X, s.val.y, seed=seed, recipe=recipe)
    return _scored(d, trained)


@register(
    "ch7_sound",
    chapter=7,
    kind="fixed",
    description="chapter 7's fix: tanh, clipping, Huber, early stopping (chapter 1's sound LSTM on "
    "chapter 7's data)",
)
def _ch7_sound(seed: int, size: str) -> Pipeline:
    return _sound(_ch7(seed, size), seed, size)


# --------------------------------------------------------------------------- the scoreboard's table

_KIND_ORDER = {"article": 0, "broken": 1, "fixed": 2, "baseline": 3}


def aggregate(runs: pd.DataFrame) -> pd.DataFrame:
    """One row per pipeline from one row per (pipeline, seed): the scoreboard's table.

    ``runs`` needs the columns ``name``, ``chapter``, ``kind``, ``pitfall``,
    ``seed``, ``accuracy``, ``edge_fraction`` and ``seconds``; optional
    ``reported_edge_fraction`` (chapter 4's leaks) and ``flagged`` (the
    doctor's flagged checks, joined by ``";"``). Returns, sorted by chapter,
    then article / broken / fixed / baseline, then name: the number of seeds,
    the mean and standard deviation of accuracy, the mean, minimum and
    maximum fraction of the oracle's edge, the mean reported edge, the mean
    training seconds, and the checks the doctor flagged (``"scale (2/3)"``
    when only some seeds were flagged).

    A real market has no oracle (chapter 8): its runs have no edge fraction but a ``skill``
    over the training mean and a ``gain`` in directional accuracy over the training mean's
    sign (optional columns, and ``reported_skill``). Their rows say ``yardstick``
    ``"training mean"`` (the others ``"oracle"``) and fill ``skill_mean``, ``skill_min``,
    ``skill_max``, ``gain_mean`` and ``reported_skill_mean`` (NaN for the others). A pipeline
    with no edge fraction and no skill on any seed diverged (``yardstick`` ``"oracle"``, its
    edge NaN).

    >>> runs = pd.DataFrame({
    ...     "name": ["a", "a", "b"], "chapter": [1, 1, 2], "kind": ["fixed", "fixed", "broken"],
    ...     "pitfall": ["", "", "scale"], "seed": [0, 1, 0], "accuracy": [0.6, 0.7, 0.5],
    ...     "edge_fraction": [0.8, 1.0, 0.0], "seconds": [1.0, 3.0, 2.0],
    ... })
    >>> columns = ["seeds", "accuracy_mean", "edge_min", "edge_max", "seconds_mean"]
    >>> aggregate(runs)[columns].round(2).to_dict("index")  # doctest: +NORMALIZE_WHITESPACE
    {'a': {'seeds': 2, 'accuracy_mean': 0.65, 'edge_min': 0.8, 'edge_max': 1.0,
           'seconds_mean': 2.0},
     'b': {'seeds': 1, 'accuracy_mean': 0.5, 'edge_min': 0.0, 'edge_max': 0.0,
           'seconds_mean': 2.0}}
    """
    if not isinstance(runs, pd.DataFrame):
        raise TypeError(
            "runs must be a pandas DataFrame (one row per pipeline and seed), got "
            f"{type(runs).__name__}."
        )
    needed = ["name", "chapter", "kind", "pitfall", "seed", "accuracy", "edge_fraction", "seconds"]
    missing = [c for c in needed if c not in runs.columns]
    if missing:
        raise ValueError(
            f"runs lacks the columns {missing}; pass the scoreboard's CSV (one row per pipeline "
            "and seed)."
        )
    if runs.empty:
        raise ValueError("runs is empty: there is nothing to aggregate.")
    if runs.duplicated(["name", "seed"]).any():
        raise ValueError("runs holds the same (name, seed) twice; drop duplicated runs first.")

    def column(group: pd.DataFrame, name: str) -> pd.Series:
        return group[name] if name in group else pd.Series(np.nan, index=group.index)

    rows = {}
    for name, group in runs.groupby("name", sort=False):
        first = group.iloc[0]
        skill_ = column(group, "skill")
        real = bool(group["edge_fraction"].isna().all() and skill_.notna().any())
        row = {
            "chapter": int(first["chapter"]),
            "kind": str(first["kind"]),
            "pitfall": "" if pd.isna(first["pitfall"]) else str(first["pitfall"]),
            "seeds": int(group["seed"].nunique()),
            "accuracy_mean": float(group["accuracy"].mean()),
            "accuracy_sd": float(group["accuracy"].std(ddof=1)) if len(group) > 1 else 0.0,
            "edge_mean": float(group["edge_fraction"].mean()),
            "edge_min": float(group["edge_fraction"].min()),
            "edge_max": float(group["edge_fraction"].max()),
            "reported_edge_mean": float(group["reported_edge_fraction"].mean())
            if "reported_edge_fraction" in group and group["reported_edge_fraction"].notna().any()
            else float("nan"),
            "seconds_mean": float(group["seconds"].mean()),
            "yardstick": "training mean" if real else "oracle",
            "skill_mean": float(skill_.mean()) if real else float("nan"),
            "skill_min": float(skill_.min()) if real else float("nan"),
            "skill_max": float(skill_.max()) if real else float("nan"),
            "gain_mean": float(column(group, "gain").mean()) if real else float("nan"),
            "reported_skill_mean": float(column(group, "reported_skill").mean())
            if real
            else float("nan"),
        }
        if "flagged" in group:
            counts: dict[str, int] = {}
            for cell in group["flagged"].fillna(""):
                for check in filter(None, str(cell).split(";")):
                    counts[check] = counts.get(check, 0) + 1
            n = len(group)
            row["doctor_flags"] = ", ".join(
                c if k == n else f"{c} ({k}/{n})" for c, k in counts.items()
            )
        rows[name] = row
    table = pd.DataFrame.from_dict(rows, orient="index").rename_axis("pipeline")
    order = table.assign(_k=table["kind"].map(_KIND_ORDER).fillna(9)).sort_values(
        ["chapter", "_k"], kind="stable"
    )
    return table.loc[order.index]


def markdown(table: pd.DataFrame, *, decimals: int = 2) -> str:
    """The aggregated table (:func:`aggregate`) as a Markdown table for the book, numbers rounded.

    Pipelines measured against an oracle show the fraction of its edge; those of a real market
    (``yardstick`` ``"training mean"``, chapter 8) get a table of their own, after the first,
    with the skill over the training mean and the accuracy gain over its sign instead.

    >>> runs = pd.DataFrame({
    ...     "name": ["a", "a"], "chapter": [1, 1], "kind": ["fixed"] * 2, "pitfall": ["", ""],
    ...     "seed": [0, 1], "accuracy": [0.6, 0.7], "edge_fraction": [0.8, 1.0],
    ...     "seconds": [1.0, 3.0],
    ... })
    >>> print(markdown(aggregate(runs)).splitlines()[2])
    | 1 | `a` | fixed |  | 0.65 ± 0.07 | 0.90 (0.80 to 1.00) | 2 |
    >>> real = runs.assign(name="r", chapter=8, edge_fraction=np.nan, skill=[0.01, -0.03],
    ...                    gain=[0.02, 0.0])
    >>> print(markdown(aggregate(real)).splitlines()[2])
    | 8 | `r` | fixed |  | 0.65 ± 0.07 | -0.01 (-0.03 to 0.01) | 0.01 | 2 |
    """
    d = int(decimals)
    if "yardstick" in table:
        real = (table["yardstick"] == "training mean").to_numpy()
        if real.any() and not real.all():
            return markdown(table[~real], decimals=d) + "\n\n" + markdown(table[real], decimals=d)
    else:
        real = np.zeros(len(table), dtype=bool)

    def spread(row: pd.Series, key: str) -> str:
        return (
            f"{row[key + '_mean']:.{d}f} ({row[key + '_min']:.{d}f} to {row[key + '_max']:.{d}f})"
        )

    out = pd.DataFrame(
        {
            "Chapter": table["chapter"].astype(int),
            "Pipeline": [f"`{n}`" for n in table.index],
            "Kind": table["kind"],
            "Pitfall": table["pitfall"].fillna(""),
            "Accuracy": [
                f"{m:.{d}f} ± {s:.{d}f}"
                for m, s in zip(table["accuracy_mean"], table["accuracy_sd"], strict=True)
            ],
        }
    )
    if real.all() and len(table):
        out["Skill over the training mean"] = [spread(r, "skill") for _, r in table.iterrows()]
        out["Accuracy gain"] = [f"{v:.{d}f}" for v in table["gain_mean"]]
        reported = table["reported_skill_mean"]
        if reported.notna().any():
            out["Reported skill"] = [f"{v:.{d}f}" if np.isfinite(v) else "" for v in reported]
    else:
        out["Edge fraction"] = [spread(r, "edge") for _, r in table.iterrows()]
        if table["reported_edge_mean"].notna().any():
            out["Reported edge"] = [
                f"{v:.{d}f}" if np.isfinite(v) else "" for v in table["reported_edge_mean"]
            ]
    out["Fit seconds"] = [f"{s:.0f}" for s in table["seconds_mean"]]
    if "doctor_flags" in table:
        out["Doctor flags"] = table["doctor_flags"].fillna("").to_numpy()
    header = "| " + " | ".join(out.columns) + " |"
    rule = "|" + "|".join("---" for _ in out.columns) + "|"
    body = ["| " + " | ".join(str(v) for v in row) + " |" for row in out.itertuples(index=False)]
    return "\n".join([header, rule, *body])


# ------------------------------------------------------------------ chapter 8: the real market


@functools.lru_cache(maxsize=4)
def _ch8(S: settings.Prices = settings.CH8, horizon: int | None = None) -> setups.PricesSetup:
    """The S&P 500 (``prices.sp500``), windows of its stationary features, split in time order
    by ``S``. The data do not depend on the seed; the test period (the last ``S.test`` of the
    windows) is the true future of every chapter 8 pipeline.
    """
    return setups.prices(prices.sp500(), S, horizon=horizon)


def _real_scores(y_true: np.ndarray, y_hat: np.ndarray, naive: np.ndarray) -> dict[str, float]:
    """accuracy, rmse and r2 of a return forecast, and, with no oracle to measure an edge
    against: ``skill``, ``1 - MSE / MSE(naive)`` (the training mean), and ``gain``, the
    directional accuracy over the naive forecast's (on a rising training period, "always up").
    """
    y_hat = np.asarray(y_hat, dtype=float)
    if not np.isfinite(y_hat).all():
        return dict.fromkeys(("accuracy", "rmse", "r2", "skill", "gain"), float("nan"))
    return {
        "accuracy": metrics.directional_accuracy(y_true, y_hat),
        "rmse": metrics.rmse(y_true, y_hat),
        "r2": metrics.r2(y_true, y_hat),
        "skill": skill.skill_score(y_true, y_hat, naive),
        "gain": metrics.directional_accuracy(y_true, y_hat)
        - metrics.directional_accuracy(y_true, naive),
    }


def _real_fields(p: setups.PricesSetup, s: scaling.ScaledSplit) -> dict[str, Any]:
    return {
        "X_train": s.train.X,
        "y_train": s.train.y,
        "X_test": s.test.X,
        "y_test": s.test.y,
        "train_index": s.train.ends,
        "test_index": s.test.ends,
        "lookback": int(s.train.lookback),
        "horizon": int(s.train.horizon),
        "y_reference": p.persistence,
        "feature_names": tuple(s.train.feature_names),
    }


def _real_windows(p: setups.PricesSetup, features: pd.DataFrame) -> windows.Windows:
    """Windows of other ``features`` (on ``p.features``' days) with ``p``'s targets: the same
    windows, one for one, so ``p.split`` cuts them into the same periods.
    """
    target = pd.Series(np.nan, index=p.features.index)
    target.iloc[p.windows.ends] = p.windows.y
    w = windows.make_windows(features, target.fillna(0.0), p.windows.lookback, p.windows.horizon)
    if not np.array_equal(w.ends, p.windows.ends):
        raise RuntimeError("the features' windows differ from the setup's.")
    return w


def real_sound(p: setups.PricesSetup, seed: int, size: str = "full") -> Pipeline:
    """The book's honest pipeline on a real series (chapter 8, the your-own-data notebook):
    chapter 1's sound LSTM on ``p``'s scaled windows, early stopping on its validation period,
    scored on its test period against the training mean.
    """
    s = p.scaled
    recipe = _budget(settings.SOUND, size)
    trained = _train(s.train.X, s.train.y, s.val.X, s.val.y, seed=seed, recipe=recipe)
    y_pred = _predict(trained.model, s.test.X, trained.target_scaler)
    return _from_trained(
        trained,
        **_real_fields(p, s),
        X_val=s.val.X,
        y_val=s.val.y,
        y_pred=y_pred,
        scores=_real_scores(s.test.y, y_pred, p.naive),
    )


def real_ridge(p: setups.PricesSetup) -> Pipeline:
    """Ridge on the flattened windows of ``p`` (``baselines.fit_ridge``), scored as
    :func:`real_sound`.
    """
    s = p.scaled
    ridge, seconds = _timed(lambda: baselines.fit_ridge(s.train.X, s.train.y))
    y_pred = ridge.predict(s.test.X)
    return Pipeline(
        **_real_fields(p, s),
        y_pred=y_pred,
        scores=_real_scores(s.test.y, y_pred, p.naive),
        seconds=seconds,
        estimator=ridge,
    )


@register(
    "ch8_honest",
    chapter=8,
    kind="fixed",
    description="the S&P 500: stationary features, scaler fit on training, chronological split "
    "with a gap, chapter 1's sound LSTM",
)
def _ch8_honest(seed: int, size: str, S: settings.Prices = settings.CH8) -> Pipeline:
    return real_sound(_ch8(S), seed, size)


@register(
    "ch8_ridge",
    chapter=8,
    kind="baseline",
    description="ridge on the same S&P 500 windows",
)
def _ch8_ridge(seed: int, size: str, S: settings.Prices = settings.CH8) -> Pipeline:
    return real_ridge(_ch8(S))


@register(
    "ch8_unscaled",
    chapter=8,
    kind="broken",
    pitfall="scale",
    also=("drift",),  # the index trends: its test period lies above the training range
    description="the S&P 500's raw price and volume as the LSTM's inputs, unscaled",
)
def _ch8_unscaled(seed: int, size: str, S: settings.Prices = settings.CH8) -> Pipeline:
    p = _ch8(S)
    w = _real_windows(p, p.frame.loc[p.features.index, ["price", "volume"]])
    train, val, test = (w.take(r) for r in (p.split.train, p.split.val, p.split.test))
    recipe = _budget(settings.SOUND, size)
    trained = _train(train.X, train.y, val.X, val.y, seed=seed, recipe=recipe)
    y_pred = _predict(trained.model, test.X, trained.target_scaler)
    return _from_trained(
        trained,
        X_train=train.X,
        y_train=train.y,
        X_test=test.X,
        y_test=test.y,
        train_index=train.ends,
        test_index=test.ends,
        lookback=S.lookback,
        horizon=1,
        X_val=val.X,
        y_val=val.y,
        y_pred=y_pred,
        y_reference=p.persistence,
        feature_names=tuple(w.feature_names),
        scores=_real_scores(test.y, y_pred, p.naive),
    )


def _ch8_level(seed: int, size: str, S: settings.Prices, *, fit_on_all: bool) -> Pipeline:
    """The article's level pipeline on the S&P 500: the last 20 prices, min-max scaled, forecast
    tomorrow's price; the scaler fit on the training days or on every day of 1999-2018.
    """
    p = _ch8(S)
    price = p.frame.loc[p.features.index, "price"]
    tomorrow = p.frame["price"].shift(-1).loc[price.index]
    last_train_day = int(p.windows.ends[p.split.train[-1]])
    fit_days = price if fit_on_all else price.iloc[: last_train_day + 1]
    scaler = MinMaxScaler().fit(fit_days.to_numpy().reshape(-1, 1))  # arrays: no column names
    scaled = pd.DataFrame(
        {"price": scaler.transform(price.to_numpy().reshape(-1, 1))[:, 0]}, index=price.index
    )
    w = _real_windows(p, scaled)
    y = scaler.transform(tomorrow.to_frame().fillna(0.0).to_numpy())[:, 0][w.ends]
    tr, va, te = p.split.train, p.split.val, p.split.test
    # as the article: the min-max scaled price is the target, not standardised again
    recipe = _budget(settings.SOUND.replace(scale_target=False), size)
    trained = _train(w.X[tr], y[tr], w.X[va], y[va], seed=seed, recipe=recipe)
    z_hat = _predict(trained.model, w.X[te], trained.target_scaler)
    today = price.to_numpy()[w.ends[te]]
    level_hat = scaler.inverse_transform(z_hat.reshape(-1, 1))[:, 0]
    implied = skill.implied_return(level_hat, today)
    scores = _real_scores(p.scaled.test.y, implied, p.naive)
    scores["level_r2"] = metrics.r2(y[te], z_hat)
    scores["vs_persistence"] = skill.persistence_skill(y[te], z_hat, w.X[te][:, -1, 0])
    return _from_trained(
        trained,
        X_train=w.X[tr],
        y_train=y[tr],
        X_test=w.X[te],
        y_test=y[te],
        train_index=w.ends[tr],
        test_index=w.ends[te],
        lookback=S.lookback,
        horizon=1,
        X_val=w.X[va],
        y_val=y[va],
        y_pred=z_hat,
        y_reference=w.X[te][:, -1, 0],  # persistence: tomorrow's price is today's
        feature_names=("price",),
        scores=scores,  # scored as the return it implies
    )


@register(
    "ch8_level",
    chapter=8,
    kind="broken",
    pitfall="level_target",
    also=("drift", "no_skill"),  # the test prices lie above the training range; no better
    # than persistence
    description="the S&P 500's price level: the last 20 prices, min-max scaled on the training "
    "days, forecast tomorrow's price",
)
def _ch8_level_train(seed: int, size: str, S: settings.Prices = settings.CH8) -> Pipeline:
    return _ch8_level(seed, size, S, fit_on_all=False)


@register(
    "ch8_minmax_all",
    chapter=8,
    kind="broken",
    pitfall="level_target",
    also=("drift", "no_skill"),
    description="the same level LSTM with the article's scaling: min-max fit on every day, "
    "1999-2018",
)
def _ch8_minmax_all(seed: int, size: str, S: settings.Prices = settings.CH8) -> Pipeline:
    return _ch8_level(seed, size, S, fit_on_all=True)


def _ch8_leak(
    seed: int,
    size: str,
    *,
    p: setups.PricesSetup,
    rows: tuple[np.ndarray, np.ndarray, np.ndarray],
    X: np.ndarray,
    X_future: np.ndarray | None = None,
    val_is_test: bool = False,
    recipe: settings.Recipe = settings.SOUND,
) -> Pipeline:
    """A leaky developer's pipeline: trained on ``rows[0]``, early-stopped on ``rows[1]`` (or on
    the test rows), reported on ``rows[2]``; scored on the true future, the setup's test period
    (read as ``X_future`` there, if a live system would have read other windows). The true
    future's scaled windows, targets and forecasts are kept in ``estimator.extra`` (``future_X``,
    ``future_y``, ``future_hat``).
    """
    train_rows, val_rows, test_rows = rows
    future_rows = p.split.test
    w = p.windows
    scaler = scaling.fit_window_scaler(X[train_rows])
    Xs = scaling.transform_windows(scaler, X)
    X_fut = Xs[future_rows] if X_future is None else scaling.transform_windows(scaler, X_future)
    y = w.y
    v_rows = test_rows if val_is_test else val_rows
    trained = _train(
        Xs[train_rows],
        y[train_rows],
        Xs[v_rows],
        y[v_rows],
        seed=seed,
        recipe=_budget(recipe, size),
    )
    X_test, y_test = Xs[test_rows], y[test_rows]
    test_hat = _predict(trained.model, X_test, trained.target_scaler)
    future_hat = _predict(trained.model, X_fut, trained.target_scaler)
    trained.extra.update(future_X=X_fut, future_y=y[future_rows], future_hat=future_hat)
    naive_test = baselines.naive_mean(y[train_rows], len(test_rows))
    naive_future = baselines.naive_mean(y[train_rows], len(future_rows))
    scores = _real_scores(y[future_rows], future_hat, naive_future)
    reported = _real_scores(y[test_rows], test_hat, naive_test)
    scores.update({f"reported_{k}": v for k, v in reported.items()})
    today = w.feature_names.index("log_return")
    return _from_trained(
        trained,
        X_train=Xs[train_rows],
        y_train=y[train_rows],
        X_test=X_test,
        y_test=y_test,
        train_index=w.ends[train_rows],
        test_index=w.ends[test_rows],
        lookback=w.lookback,
        horizon=w.horizon,
        # the test set's very arrays when it is the validation set, as the article passes them
        X_val=X_test if val_is_test else Xs[v_rows],
        y_val=y_test if val_is_test else y[v_rows],
        y_pred=test_hat,
        y_reference=X[test_rows][:, -w.horizon :, today].sum(axis=1).astype(float),
        feature_names=tuple(w.feature_names),
        scores=scores,
    )


def real_shuffled_rows(
    p: setups.PricesSetup, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Chapter 4's shuffled split of the developer's windows (everything before the true future):
    ``train_test_split`` twice, a fifth for test and a tenth of the rest for validation.
    """
    dev = np.concatenate([p.split.train, p.split.val])
    rest, test_rows = train_test_split(dev, test_size=0.2, shuffle=True, random_state=seed)
    train_rows, val_rows = train_test_split(rest, test_size=0.1, shuffle=True, random_state=seed)
    # the test windows in time order, so that a block bootstrap or a long-run variance over
    # them sees their serial dependence (the training order is the developer's, shuffled)
    return train_rows, val_rows, np.sort(test_rows)


def real_chronological_rows(
    p: setups.PricesSetup,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The control of :func:`real_shuffled_rows`: the same developer's windows (everything before
    the true future's gap), split in time order instead (``splits.chronological``: the last
    fifth for test, a tenth before it for validation, each after a purge gap).
    """
    n_dev = int(p.split.val[-1]) + 1
    s = splits.chronological(
        n_dev, lookback=p.windows.lookback, horizon=p.windows.horizon, val=0.1, test=0.2
    )
    return s.train, s.val, s.test


def real_overlap_control(
    seed: int, S: settings.Prices = settings.CH8, size: str = "full"
) -> Pipeline:
    """Chapter 8's control for the shuffled split, one setting apart: the same 5-day-return
    windows, the same model (chapter 4's recipe) and the same true future, but the developer's
    windows split in time order (:func:`real_chronological_rows`). Not a registry pipeline: it
    has no pitfall and adds nothing to the scoreboard beyond ``ch8_honest``.
    """
    _check_seed_size(seed, size)
    p = _ch8(S, S.overlap_horizon)
    rows = real_chronological_rows(p)
    return _ch8_leak(int(seed), size, p=p, rows=rows, X=p.windows.X, recipe=settings.CH4_RECIPE)


@register(
    "ch8_shuffled",
    chapter=8,
    kind="broken",
    pitfall="overlap",
    description="the S&P 500's overlapping 5-day-return windows shuffled into train, validation "
    "and test (train_test_split), chapter 4's LSTM; scored on the true future",
)
def _ch8_shuffled(seed: int, size: str, S: settings.Prices = settings.CH8) -> Pipeline:
    p = _ch8(S, S.overlap_horizon)
    rows = real_shuffled_rows(p, seed)
    return _ch8_leak(seed, size, p=p, rows=rows, X=p.windows.X, recipe=settings.CH4_RECIPE)


def smoothed_return(log_return: pd.Series) -> pd.Series:
    """A 'denoised' return, a centred 9-day rolling mean (chapter 4's look-ahead feature): it sees
    4 days ahead.
    """
    return log_return.rolling(9, center=True, min_periods=1).mean()


@register(
    "ch8_lookahead",
    chapter=8,
    kind="broken",
    pitfall="lookahead",
    description="a centred 9-day mean of the S&P 500's return as a feature (it sees 4 days "
    "ahead); scored on the true future as a live system would read it",
)
def _ch8_lookahead(seed: int, size: str, S: settings.Prices = settings.CH8) -> Pipeline:
    p = _ch8(S)
    r = p.features["log_return"]
    w = _real_windows(p, p.features.assign(smoothed_return=smoothed_return(r)))
    live = w.X[p.split.test].copy()
    live[:, :, -1] = leakage.as_of(smoothed_return, r, w.ends[p.split.test], lookback=w.lookback)[
        :, :, 0
    ]
    return _ch8_leak(
        seed,
        size,
        p=replace(p, windows=w),
        rows=(p.split.train, p.split.val, p.split.test),
        X=w.X,
        X_future=live,
    )


@register(
    "ch8_test_as_val",
    chapter=8,
    kind="broken",
    pitfall="val_is_test",
    description="the S&P 500, a chronological split whose one held-out period both stops the "
    "training and reports the score; scored on the true future",
)
def _ch8_test_as_val(seed: int, size: str, S: settings.Prices = settings.CH8) -> Pipeline:
    p = _ch8(S)
    rows = (p.split.train, p.split.val, p.split.val)
    return _ch8_leak(seed, size, p=p, rows=rows, X=p.windows.X, val_is_test=True)


_REAL: dict[str, Callable[..., Pipeline]] = {
    "ch8_honest": _ch8_honest,
    "ch8_ridge": _ch8_ridge,
    "ch8_unscaled": _ch8_unscaled,
    "ch8_level": _ch8_level_train,
    "ch8_minmax_all": _ch8_minmax_all,
    "ch8_shuffled": _ch8_shuffled,
    "ch8_lookahead": _ch8_lookahead,
    "ch8_test_as_val": _ch8_test_as_val,
}


def build_real(name: str, seed: int, S: settings.Prices = settings.CH8) -> Pipeline:
    """A chapter 8 pipeline (``ch8_*``) at full size, on the S&P 500 cut by the settings ``S``:
    what :func:`build` gives with ``settings.CH8``, for the chapter's own parameters.
    """
    if name not in _REAL:
        raise ValueError(f"{name!r} is not a chapter 8 pipeline; they are {sorted(_REAL)}.")
    if not isinstance(S, settings.Prices):
        raise TypeError(f"S must be settings.Prices (settings.CH8), got {type(S).__name__}.")
    spec = PIPELINES[name]
    _check_seed_size(seed, "full")
    return replace(
        _REAL[name](int(seed), "full", S),
        name=name,
        chapter=spec.chapter,
        kind=spec.kind,
        pitfall=spec.pitfall,
        also=spec.also,
        description=spec.description,
        seed=int(seed),
        size="full",
    )
