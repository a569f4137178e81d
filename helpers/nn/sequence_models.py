"""A small LSTM classifier for variable-length sequences, trained quietly and timed per epoch.

Importing this module imports TensorFlow. The model's input has no fixed
length (``keras.Input((None, n_features))``), so the same model reads windows
padded to any ``maxlen``, or batches of different widths (bucketing).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf

from .. import sequences, validate
from .training import seed_everything

__all__ = [
    "Fitted",
    "EpochTimer",
    "build_classifier",
    "fit_classifier",
    "fit_bucketed",
    "final_states",
]


class EpochTimer(keras.callbacks.Callback):
    """Records the wall-clock seconds of every epoch in ``self.seconds``."""

    def on_train_begin(self, logs: dict | None = None) -> None:
        self.seconds: list[float] = []

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.seconds.append(time.perf_counter() - self._start)


@dataclass
class Fitted:
    """A trained classifier, its history, and the seconds each epoch took."""

    model: keras.Model
    history: dict[str, list[float]]
    epoch_seconds: list[float]

    @property
    def seconds_per_epoch(self) -> float:
        """Fastest epoch, the first (tracing) epoch left out when there are others.

        The minimum is the least disturbed by other processes sharing the CPU.
        """
        secs = self.epoch_seconds[1:] or self.epoch_seconds
        return float(np.min(secs))

    def predict_proba(self, X: np.ndarray, batch_size: int = 2048) -> np.ndarray:
        """Probability of an up move for each (padded) sequence in ``X``."""
        return self.model.predict(
            np.asarray(X, dtype=np.float32), batch_size=batch_size, verbose=0
        ).ravel()


def build_classifier(
    n_features: int, *, units: int = 16, mask: bool = False, learning_rate: float = 1e-2
) -> keras.Model:
    """``Input((None, n_features)) -> [Masking(0.0)] -> LSTM(units) -> Dense(1, sigmoid)``,
    compiled.

    With ``mask=True`` every time step whose features are all 0.0 is skipped:
    the LSTM carries its state over it unchanged.
    """
    validate.positive_int(n_features, "n_features")
    validate.positive_int(units, "units")
    validate.positive_number(learning_rate, "learning_rate")
    inputs = keras.Input(shape=(None, int(n_features)), name="events")
    hidden = keras.layers.Masking(mask_value=0.0, name="mask")(inputs) if mask else inputs
    hidden = keras.layers.LSTM(int(units), name="lstm")(hidden)
    outputs = keras.layers.Dense(1, activation="sigmoid", name="p_up")(hidden)
    model = keras.Model(inputs, outputs, name="masked_lstm" if mask else "lstm")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="binary_crossentropy")
    return model


def _check_padded(name: str, X: np.ndarray, y: np.ndarray) -> None:
    if np.ndim(X) != 3 or len(X) == 0:
        raise ValueError(
            f"X_{name} must be a non-empty 3-D array (sequences, maxlen, features); pad it first."
        )
    if not np.issubdtype(np.asarray(X).dtype, np.floating):
        raise TypeError(f"X_{name} has dtype {np.asarray(X).dtype}; pad with dtype='float32'.")
    if np.shape(y) != (len(X),):
        raise ValueError(
            f"y_{name} must be 1-D with one label per sequence ({len(X)}), got shape {np.shape(y)}."
        )


def _fit(
    model: keras.Model,
    train: tuple[object, ...],
    X_val: np.ndarray,
    y_val: np.ndarray,
    **fit_kwargs: object,
) -> Fitted:
    """``model.fit(*train, ...)`` quietly, validated on ``(X_val, y_val)``, each epoch timed."""
    timer = EpochTimer()
    history = model.fit(
        *train,
        validation_data=(np.asarray(X_val, dtype=np.float32), np.asarray(y_val, dtype=np.float32)),
        callbacks=[timer],
        verbose=0,
        **fit_kwargs,
    )
    return Fitted(
        model, {k: [float(v) for v in vals] for k, vals in history.history.items()}, timer.seconds
    )


def fit_classifier(
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_val: np.ndarray,
    y_val: np.ndarray,
    *,
    seed: int,
    mask: bool = False,
    epochs: int = 6,
    batch_size: int = 128,
    **build_kwargs: object,
) -> Fitted:
    """Seed, build (:func:`build_classifier`) and fit on padded arrays for a fixed number of
    epochs.
    """
    _check_padded("train", X_train, y_train)
    _check_padded("val", X_val, y_val)
    seed_everything(seed)
    model = build_classifier(int(X_train.shape[2]), mask=mask, **build_kwargs)
    return _fit(
        model,
        (np.asarray(X_train, dtype=np.float32), np.asarray(y_train, dtype=np.float32)),
        X_val,
        y_val,
        epochs=epochs,
        batch_size=batch_size,
    )


def fit_bucketed(
    train_sequences: Sequence[np.ndarray],
    y_train: np.ndarray,
    X_val: np.ndarray,
    y_val: np.ndarray,
    *,
    seed: int,
    maxlen: int | None = None,
    epochs: int = 6,
    batch_size: int = 128,
    **build_kwargs: object,
) -> Fitted:
    """Like :func:`fit_classifier`, but each batch holds sessions of similar length, pre-padded to
    its longest.

    Batches come from :func:`helpers.sequences.batch_stream` through
    ``tf.data.Dataset.from_generator``.
    """
    n_features = sequences.check_sequences(train_sequences)
    _check_padded("val", X_val, y_val)
    y_train = np.asarray(y_train, dtype=np.float32)
    seed_everything(seed)
    model = build_classifier(n_features, **build_kwargs)
    dataset = tf.data.Dataset.from_generator(
        lambda: sequences.batch_stream(train_sequences, y_train, batch_size, seed, maxlen=maxlen),
        output_signature=(
            tf.TensorSpec((None, None, n_features), tf.float32),
            tf.TensorSpec((None,), tf.float32),
        ),
    )
    return _fit(
        model,
        (dataset,),
        X_val,
        y_val,
        steps_per_epoch=int(np.ceil(len(train_sequences) / batch_size)),
        shuffle=False,  # batch_stream already reshuffles its batches every pass
        epochs=epochs,
    )


def final_states(
    model: keras.Model, X: np.ndarray, layer: str = "lstm"
) -> tuple[np.ndarray, np.ndarray]:
    """The LSTM's final hidden state for each sequence in ``X`` (``(n, units)``) and the model's
    output (``(n,)``).
    """
    if np.ndim(X) != 3 or len(X) == 0:
        raise ValueError(
            "X must be a non-empty 3-D array (sequences, steps, features), got shape "
            f"{np.shape(X)}."
        )
    reader = keras.Model(model.inputs, [model.get_layer(layer).output, model.outputs[0]])
    states, outputs = reader.predict(np.asarray(X, dtype=np.float32), batch_size=2048, verbose=0)
    return np.asarray(states), np.asarray(outputs).ravel()
