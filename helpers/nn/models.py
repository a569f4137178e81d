"""LSTM builders (Keras 3, ``keras.Input``).

Importing this module imports TensorFlow (about 7 s). Set
``TF_CPP_MIN_LOG_LEVEL=3`` before, as the chapters do, to keep its C++ log
lines out of notebook outputs.
"""

from __future__ import annotations

from collections.abc import Sequence

import keras

from .. import validate

__all__ = ["build_lstm", "build_article_lstm", "build_simple_rnn"]


def _check_shape(lookback: int, n_features: int) -> tuple[int, int]:
    return (
        validate.positive_int(lookback, "lookback", hint="time steps per window"),
        validate.positive_int(n_features, "n_features", hint="features per time step"),
    )


def build_lstm(
    lookback: int,
    n_features: int,
    *,
    units: int = 32,
    activation: str = "tanh",
    dropout: float = 0.0,
    learning_rate: float = 1e-3,
    loss: str | keras.losses.Loss = "huber",
    clipnorm: float | None = 1.0,
    unit_forget_bias: bool = True,
    output_activation: str | None = None,
    metrics: Sequence[str | keras.metrics.Metric] | None = None,
) -> keras.Model:
    """A compiled one-layer LSTM: ``Input -> LSTM(units) -> Dense(1)``, a regressor by default.

    The defaults are the book's sound recipe: Keras' default ``tanh``
    activation, Adam at 1e-3 with gradient clipping, and a Huber loss, which
    is robust to the fat-tailed returns (train it on a standardised target,
    see :class:`helpers.scaling.TargetScaler`). ``unit_forget_bias`` is Keras'
    own default (True: the forget gate's bias starts at 1, the others at 0);
    False starts every bias at 0 (chapter 7 compares the two).

    ``output_activation`` is the one output unit's activation: none for a regressor,
    ``"sigmoid"`` for the probability of an up day (with ``loss="binary_crossentropy"``).
    ``metrics`` go to ``compile`` as they are, so chapter 2 can show what ``["accuracy"]``
    becomes on each kind of output.
    """
    lookback, n_features = _check_shape(lookback, n_features)
    units = validate.positive_int(units, "units")
    if not 0.0 <= dropout < 1.0:
        raise ValueError(f"dropout must lie in [0, 1), got {dropout}.")
    validate.positive_number(learning_rate, "learning_rate")
    inputs = keras.Input(shape=(lookback, n_features), name="window")
    hidden = keras.layers.LSTM(
        units,
        activation=activation,
        dropout=dropout,
        unit_forget_bias=bool(unit_forget_bias),
        name="lstm",
    )(inputs)
    outputs = keras.layers.Dense(1, activation=output_activation, name="forecast")(hidden)
    model = keras.Model(inputs, outputs, name=f"lstm_{units}_{activation}")
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate, clipnorm=clipnorm),
        loss=loss,
        metrics=list(metrics) if metrics is not None else None,
    )
    return model


def build_article_lstm(lookback: int, n_features: int) -> keras.Model:
    """The model of the article's third example, in Keras 3 idiom.

    ``LSTM(50, activation='relu') -> Dense(1)``, Adam with its defaults, mean
    squared error; no clipping. The article trains it for 10 epochs with
    batch size 32 and passes the *test* set as ``validation_data``.
    """
    lookback, n_features = _check_shape(lookback, n_features)
    inputs = keras.Input(shape=(lookback, n_features), name="window")
    hidden = keras.layers.LSTM(50, activation="relu", name="lstm")(inputs)
    outputs = keras.layers.Dense(1, name="forecast")(hidden)
    model = keras.Model(inputs, outputs, name="article_lstm")
    model.compile(optimizer="adam", loss="mse")
    return model


def build_simple_rnn(
    lookback: int,
    n_features: int,
    *,
    units: int = 32,
    learning_rate: float = 1e-3,
    loss: str | keras.losses.Loss = "huber",
    clipnorm: float | None = 1.0,
) -> keras.Model:
    """A compiled one-layer plain recurrent regressor: ``Input -> SimpleRNN(units) -> Dense(1)``.

    The same recipe as :func:`build_lstm` (tanh, Adam with clipping, Huber)
    with the LSTM cell replaced by Keras' ``SimpleRNN``: one tanh layer, no
    gates, no cell state. Chapter 7 uses it to show how far back each cell
    can learn from. The recurrent layer is named ``"rnn"``.
    """
    lookback, n_features = _check_shape(lookback, n_features)
    units = validate.positive_int(units, "units")
    validate.positive_number(learning_rate, "learning_rate")
    inputs = keras.Input(shape=(lookback, n_features), name="window")
    hidden = keras.layers.SimpleRNN(units, name="rnn")(inputs)
    outputs = keras.layers.Dense(1, name="forecast")(hidden)
    model = keras.Model(inputs, outputs, name=f"simple_rnn_{units}")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate, clipnorm=clipnorm), loss=loss)
    return model
