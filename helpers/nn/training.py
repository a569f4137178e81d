"""Training that is seeded, quiet, and early-stops on validation data carved from training.

The test period never enters :func:`train`: early stopping watches a
validation period that lies between training and test (see
:func:`helpers.splits.chronological`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import keras
import numpy as np

from .. import baselines, scaling, splits, validate
from ..scaling import TargetScaler
from ..windows import Windows, check_finite
from . import models

__all__ = [
    "Trained",
    "seed_everything",
    "train",
    "quiet_tensorflow",
    "EpochWeights",
    "predict_by_epoch",
    "WalkForward",
    "walk_forward",
]


def quiet_tensorflow() -> None:
    """Silence TensorFlow's Python-side warnings (e.g. tf.function retracing) in notebook
    outputs.
    """
    logging.getLogger("tensorflow").setLevel(logging.ERROR)
    import tensorflow as tf  # imported here: only the side effect is wanted

    tf.get_logger().setLevel(logging.ERROR)
    tf.autograph.set_verbosity(0)


def seed_everything(seed: int) -> None:
    """Seed Python, NumPy and TensorFlow (``keras.utils.set_random_seed``) and make ops
    deterministic.
    """
    keras.utils.set_random_seed(validate.seed(seed))
    import tensorflow as tf

    tf.config.experimental.enable_op_determinism()


@dataclass
class Trained:
    """A trained model and what it takes to use it.

    ``predict(X)`` returns forecasts in the target's own units (returns), the
    standardisation undone with ``TargetScaler.inverse_transform``.
    """

    model: keras.Model
    target_scaler: TargetScaler | None
    history: dict[str, list[float]]
    best_epoch: int
    seconds: float
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def epochs(self) -> int:
        """Epochs actually run."""
        return len(self.history["loss"])

    def predict(self, X: np.ndarray, batch_size: int = 1024) -> np.ndarray:
        z = self.model.predict(
            np.asarray(X, dtype=np.float32), batch_size=batch_size, verbose=0
        ).ravel()
        return z if self.target_scaler is None else self.target_scaler.inverse_transform(z)


def _check_xy(name: str, X: np.ndarray, y: np.ndarray) -> None:
    if np.ndim(X) != 3:
        raise ValueError(
            f"X_{name} must be 3-D (samples, lookback, features), got shape {np.shape(X)}."
        )
    if len(X) == 0:
        raise ValueError(f"X_{name} is empty.")
    if np.ndim(y) != 1 or len(y) != len(X):
        raise ValueError(
            f"y_{name} must be 1-D with one target per window ({len(X)}), got shape {np.shape(y)}."
        )
    check_finite(f"X_{name}", X)
    check_finite(f"y_{name}", y)


def train(
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_val: np.ndarray,
    y_val: np.ndarray,
    *,
    seed: int,
    build: Callable[..., keras.Model] = models.build_lstm,
    scale_target: bool = True,
    epochs: int = 60,
    batch_size: int = 64,
    patience: int = 6,
    early_stopping: bool = True,
    callbacks: Sequence[keras.callbacks.Callback] = (),
    class_weight: Mapping[int, float] | None = None,
    **build_kwargs: object,
) -> Trained:
    """Seed, build, and fit a model quietly, early-stopping on the validation period.

    Parameters
    ----------
    X_train, y_train, X_val, y_val
        Windows (already scaled as you intend) and their targets. The
        validation period must come from before the test period.
    seed : int
        Seeds weights, shuffling and dropout: the same seed gives the same model.
    build : callable
        ``build(lookback, n_features, **build_kwargs)`` returning a compiled model.
    scale_target : bool
        Train on the standardised target (fit on ``y_train``) and undo it in
        :meth:`Trained.predict`.
    epochs, batch_size, patience
        At most ``epochs`` passes; stop after ``patience`` epochs without a
        better validation loss and restore the best weights.
    early_stopping : bool
        ``False`` runs all ``epochs`` and keeps the last weights; the validation
        period is then only watched, so ``history["val_loss"]`` shows what early
        stopping would have done (chapter 7's broken baseline).
    callbacks : sequence of keras callbacks
        Extra callbacks, run after early stopping's (for example
        :class:`EpochWeights`).
    class_weight : mapping, optional
        Keras' ``class_weight`` for a classifier (``{0: w0, 1: w1}``): each training window's
        loss is multiplied by its class's weight (chapter 2). Needs ``scale_target=False``.
    """
    _check_xy("train", X_train, y_train)
    _check_xy("val", X_val, y_val)
    if X_val.shape[1:] != X_train.shape[1:]:
        raise ValueError(
            f"X_val windows {X_val.shape[1:]} differ from X_train windows {X_train.shape[1:]}."
        )
    epochs = validate.positive_int(epochs, "epochs")
    batch_size = validate.positive_int(batch_size, "batch_size")
    patience = validate.positive_int(patience, "patience")
    if class_weight is not None and scale_target:
        raise ValueError(
            "class_weight weighs classes of a 0/1 target: pass scale_target=False with it."
        )
    seed_everything(seed)
    scaler = TargetScaler().fit(y_train) if scale_target else None
    fy = scaler.transform if scaler is not None else (lambda v: np.asarray(v, dtype=float))
    model = build(int(X_train.shape[1]), int(X_train.shape[2]), **build_kwargs)
    stop = (
        [
            keras.callbacks.EarlyStopping(
                monitor="val_loss", patience=patience, restore_best_weights=True
            )
        ]
        if early_stopping
        else []
    )
    start = time.perf_counter()
    history = model.fit(
        np.asarray(X_train, dtype=np.float32),
        fy(y_train),
        validation_data=(np.asarray(X_val, dtype=np.float32), fy(y_val)),
        epochs=epochs,
        batch_size=batch_size,
        callbacks=[*stop, *callbacks],
        class_weight=dict(class_weight) if class_weight is not None else None,
        verbose=0,
    )
    seconds = time.perf_counter() - start
    val_loss = np.asarray(history.history["val_loss"], dtype=float)
    return Trained(
        model=model,
        target_scaler=scaler,
        history={k: [float(v) for v in vals] for k, vals in history.history.items()},
        best_epoch=int(np.nanargmin(val_loss)) + 1
        if np.isfinite(val_loss).any()
        else 1,  # 1 if every epoch is NaN
        seconds=seconds,
    )


# --------------------------------------------------------------------------- every epoch's model


class EpochWeights(keras.callbacks.Callback):
    """Keeps a copy of the model's weights after every epoch, in ``weights`` (one list per epoch).

    Pass it to :func:`train` (``callbacks=[EpochWeights()]``) to look back at
    the model of any epoch with :func:`predict_by_epoch`: what early stopping
    would have kept had it watched another data set. Copies cost memory
    (a few hundred kB per epoch for the book's LSTMs), not time.
    """

    def __init__(self) -> None:
        super().__init__()
        self.weights: list[list[np.ndarray]] = []

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.weights.append([np.array(w, copy=True) for w in self.model.get_weights()])


def predict_by_epoch(
    trained: Trained, weights: Sequence[Sequence[np.ndarray]], X: np.ndarray, batch_size: int = 8192
) -> np.ndarray:
    """Forecasts of the model after each epoch: shape ``(epochs, samples)``, in the target's units.

    ``weights`` is :attr:`EpochWeights.weights` from the same training run.
    The trained model's own weights (the restored best epoch) are put back
    afterwards. Uses ``predict_on_batch`` on chunks of ``batch_size``
    windows, several times faster than ``predict`` for repeated small calls.
    """
    if not weights:
        raise ValueError(
            "weights is empty: pass EpochWeights().weights from a training run (callbacks=[...])."
        )
    X = np.asarray(X, dtype=np.float32)
    if X.ndim != 3 or X.shape[0] == 0:
        raise ValueError(
            f"X must be non-empty 3-D windows (samples, lookback, features), got shape {X.shape}."
        )
    check_finite("X", X)
    kept = trained.model.get_weights()
    try:
        out = []
        for epoch_weights in weights:
            trained.model.set_weights(list(epoch_weights))
            z = np.concatenate(
                [
                    np.asarray(trained.model.predict_on_batch(X[i : i + batch_size])).ravel()
                    for i in range(0, len(X), batch_size)
                ]
            )
            out.append(
                z if trained.target_scaler is None else trained.target_scaler.inverse_transform(z)
            )
    finally:
        trained.model.set_weights(kept)
    return np.stack(out)


# --------------------------------------------------------------------------- walk-forward


@dataclass(frozen=True)
class WalkForward:
    """Out-of-sample forecasts of every walk-forward fold, concatenated in time order.

    ``rows`` are the positions (in the windows) of the forecast windows; ``y``, ``y_hat`` and
    ``naive`` (each fold's training mean) their targets and forecasts; ``fold`` the fold of each;
    ``best_epochs`` the epoch early stopping kept in each fold.
    """

    rows: np.ndarray
    y: np.ndarray
    y_hat: np.ndarray
    naive: np.ndarray
    fold: np.ndarray
    best_epochs: tuple[int, ...]


def walk_forward(
    w: Windows,
    *,
    seed: int,
    n_splits: int = 4,
    val: float = 0.15,
    test_size: int | None = None,
    **recipe: object,
) -> WalkForward:
    """Retrain on an expanding window and forecast the next block, fold after fold.

    The folds are :func:`helpers.splits.walk_forward` ``(len(w), n_splits=...)`` (scikit-learn's
    ``TimeSeriesSplit`` with the purge gap). In each, the last ``val`` of the training windows
    (after a gap) become the validation period of early stopping, a ``StandardScaler`` is fit on
    the rest, and :func:`train` (``recipe``: its keyword arguments, such as
    ``settings.SOUND.kwargs()``) fits a fresh model, seeded ``seed``. Nothing a fold forecasts
    was seen by its model, its scaler or its early stopping.
    """
    if not isinstance(w, Windows):
        raise TypeError(f"w must be Windows from windows.make_windows, got {type(w).__name__}.")
    if not 0.0 < val < 0.5:
        raise ValueError(
            f"val is the share of each fold's training windows, in (0, 0.5); got {val}."
        )
    folds = splits.walk_forward(
        len(w), lookback=w.lookback, horizon=w.horizon, n_splits=n_splits, test_size=test_size
    )
    gap = splits.min_gap(w.lookback, w.horizon)
    parts: list[tuple[np.ndarray, ...]] = []
    best: list[int] = []
    for k, (train_rows, test_rows) in enumerate(folds):
        n_val = max(1, int(round(val * len(train_rows))))
        n_fit = len(train_rows) - n_val - gap  # may be negative: never a slice's stop then
        fit_rows = train_rows[: max(n_fit, 0)]
        if n_fit < 2 * n_val:
            raise ValueError(
                f"fold {k + 1} has only {len(train_rows)} training windows: pass more data or "
                "fewer folds."
            )
        fold = splits.Split(train=fit_rows, val=train_rows[-n_val:], test=test_rows, gap=gap)
        s = scaling.scale_split(w, fold)
        trained = train(s.train.X, s.train.y, s.val.X, s.val.y, seed=seed, **recipe)
        best.append(trained.best_epoch)
        naive = baselines.naive_mean(s.train.y, len(s.test))
        parts.append(
            (test_rows, s.test.y, trained.predict(s.test.X), naive, np.full(len(s.test), k))
        )
    rows, y, y_hat, naive, fold_of = (np.concatenate(c) for c in zip(*parts, strict=True))
    return WalkForward(rows, y, y_hat, naive, fold_of.astype(int), tuple(best))
