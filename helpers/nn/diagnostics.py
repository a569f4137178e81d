"""Probes that show what an LSTM sees: the scale of its inputs, its gates, its gradients.

An LSTM cell computes four *pre-activations* per unit and time step,
``z = x_t @ W + h_{t-1} @ U + b``, split into the input, forget, cell and
output gates (Keras' order). The gates pass them through a sigmoid, the cell
candidate through a tanh. Both functions are flat far from zero: a gate whose
pre-activation is large is *saturated*, its derivative is nearly zero, and no
gradient flows through it. :func:`lstm_preactivations` recomputes every ``z``
from the layer's weights, :func:`saturation` counts the saturated ones, and
:func:`feature_gradient_norms` shows how the gradient on the input weights is
shared among the features, and :class:`FeatureUpdates` how the steps the
optimiser actually takes are shared (Adam divides each weight's step by that
weight's own running gradient size, so the two shares can differ a lot).

Importing this module imports Keras (and TensorFlow, for the gradients).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import keras
import numpy as np
import pandas as pd

from .. import validate
from ..windows import check_finite

__all__ = [
    "GATES",
    "scale_table",
    "lstm_preactivations",
    "saturation",
    "saturation_threshold",
    "outside_range",
    "feature_gradient_norms",
    "FeatureUpdates",
    "timestep_gradient_norms",
]

#: The LSTM's four pre-activations, in Keras' order.
GATES: tuple[str, ...] = ("input", "forget", "cell", "output")

_NUMPY_ACTIVATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "tanh": np.tanh,
    "sigmoid": lambda z: 0.5 * (1.0 + np.tanh(0.5 * z)),  # no overflow for huge z
    "relu": lambda z: np.maximum(z, 0.0),
    "linear": lambda z: z,
}


def _check_windows(X: np.ndarray, feature_names: Sequence[str] | None = None) -> np.ndarray:
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 3 or X.shape[0] == 0:
        raise ValueError(
            f"X must be non-empty 3-D windows (samples, lookback, features), got shape {X.shape}."
        )
    check_finite("X", X)
    if feature_names is not None and len(feature_names) != X.shape[2]:
        raise ValueError(
            f"got {len(feature_names)} feature names for {X.shape[2]} features; pass one name per "
            "feature."
        )
    return X


def scale_table(X: np.ndarray, feature_names: Sequence[str]) -> pd.DataFrame:
    """Mean, standard deviation, minimum and maximum of each feature over every day of the windows.

    >>> X = np.stack([np.array([[1.0, 10.0], [3.0, 30.0]])] * 2)
    >>> table = scale_table(X, ["a", "b"])
    >>> table.columns.tolist(), table.loc["b"].tolist()
    (['mean', 'sd', 'min', 'max'], [20.0, 10.0, 10.0, 30.0])
    """
    X = _check_windows(X, feature_names)
    days = X.reshape(-1, X.shape[2])
    return pd.DataFrame(
        {
            "mean": days.mean(axis=0),
            "sd": days.std(axis=0),
            "min": days.min(axis=0),
            "max": days.max(axis=0),
        },
        index=pd.Index([str(n) for n in feature_names], name="feature"),
    )


def _lstm_layer(model: keras.Model, layer: str) -> keras.layers.LSTM:
    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a keras.Model, got {type(model).__name__}.")
    try:
        lstm = model.get_layer(layer)
    except ValueError as error:
        names = [item.name for item in model.layers]
        raise ValueError(f"model has no layer named {layer!r}; its layers are {names}.") from error
    if not isinstance(lstm, keras.layers.LSTM):
        raise TypeError(f"layer {layer!r} is a {type(lstm).__name__}, not an LSTM.")
    return lstm


def _activation(function: object) -> Callable[[np.ndarray], np.ndarray]:
    name = keras.activations.serialize(function)
    name = name if isinstance(name, str) else getattr(function, "__name__", str(function))
    if name not in _NUMPY_ACTIVATIONS:
        raise ValueError(
            f"activation {name!r} is not supported; use one of {sorted(_NUMPY_ACTIVATIONS)}."
        )
    return _NUMPY_ACTIVATIONS[name]


def lstm_preactivations(model: keras.Model, X: np.ndarray, layer: str = "lstm") -> np.ndarray:
    """Every gate pre-activation of an LSTM layer on windows ``X``, recomputed in NumPy.

    ``X`` is what the layer reads: the model's input when the LSTM is its first
    layer (as in :func:`helpers.nn.models.build_lstm`), scaled exactly as in
    training. Runs the cell's recurrence with the layer's own weights and
    activations, starting from zero states, and returns an array of shape
    ``(samples, lookback, 4, units)``; axis 2 follows :data:`GATES`.
    """
    lstm = _lstm_layer(model, layer)
    X = _check_windows(X)
    if lstm.go_backwards:
        raise ValueError(
            f"layer {layer!r} reads its input backwards; this probe supports forward LSTMs only."
        )
    kernel, recurrent, *rest = (np.asarray(w, dtype=np.float64) for w in lstm.get_weights())
    if X.shape[2] != kernel.shape[0]:
        raise ValueError(
            f"X has {X.shape[2]} features but layer {layer!r} reads {kernel.shape[0]}."
        )
    bias = rest[0] if rest else np.zeros(kernel.shape[1])
    units = recurrent.shape[0]
    gate, act = _activation(lstm.recurrent_activation), _activation(lstm.activation)
    h = np.zeros((X.shape[0], units))
    c = np.zeros((X.shape[0], units))
    out = np.empty((X.shape[0], X.shape[1], 4, units))
    for t in range(X.shape[1]):
        z = (X[:, t, :] @ kernel + h @ recurrent + bias).reshape(X.shape[0], 4, units)
        out[:, t] = z
        i, f, o = gate(z[:, 0]), gate(z[:, 1]), gate(z[:, 3])
        c = f * c + i * act(z[:, 2])
        h = o * act(c)
    return out


def saturation_threshold(gate: str, level: float = 0.01) -> float:
    """The ``|z|`` beyond which a gate's derivative is below ``level`` times its peak.

    Gates are sigmoids (peak derivative 1/4 at 0), the cell candidate a tanh
    (peak 1). With the default 1 %:

    >>> round(saturation_threshold("forget"), 2), round(saturation_threshold("cell"), 2)
    (5.99, 2.99)
    """
    validate.one_of(gate, GATES, "gate")
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must lie in (0, 1), got {level}.")
    if gate == "cell":  # tanh'(z) = 1 - tanh(z)^2
        return float(np.arctanh(np.sqrt(1.0 - level)))
    s = (1.0 - np.sqrt(1.0 - level)) / 2.0  # sigmoid'(z) = s (1 - s) = level / 4
    return float(np.log((1.0 - s) / s))


def saturation(preactivations: np.ndarray, level: float = 0.01) -> pd.DataFrame:
    """Per gate: the share of saturated pre-activations, and the median ``|z|``.

    A pre-activation counts as saturated when the derivative of its
    activation (sigmoid for the gates, tanh for the cell candidate, Keras'
    defaults) is below ``level`` times its peak: gradient through it is all
    but zero. ``preactivations`` is the output of :func:`lstm_preactivations`.

    >>> z = np.zeros((2, 3, 4, 5)); z[0] = 50.0
    >>> saturation(z)["saturated"].tolist()
    [0.5, 0.5, 0.5, 0.5]
    """
    z = np.asarray(preactivations, dtype=np.float64)
    if z.ndim != 4 or z.shape[2] != len(GATES) or z.size == 0:
        raise ValueError(
            f"preactivations must have shape (samples, lookback, 4, units), got {z.shape}."
        )
    rows = {}
    for k, gate in enumerate(GATES):
        magnitude = np.abs(z[:, :, k, :])
        rows[gate] = {
            "saturated": float(np.mean(magnitude > saturation_threshold(gate, level))),
            "median |z|": float(np.median(magnitude)),
        }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("gate")


def outside_range(reference: np.ndarray, other: np.ndarray, coverage: float = 0.99) -> pd.Series:
    """Per gate, the share of ``other``'s pre-activations outside the range ``reference`` covers.

    Both arguments are outputs of :func:`lstm_preactivations` for the same
    layer, typically on training windows (``reference``) and on later windows
    (``other``). For each gate and unit, the range is the central ``coverage``
    interval of the reference pre-activations, so ``reference`` itself scores
    ``1 - coverage``; a much larger share means the model runs in states it
    never visited while it learned.

    >>> rng = np.random.default_rng(0)
    >>> seen = rng.standard_normal((500, 2, 4, 3))
    >>> outside_range(seen, seen).round(2).tolist()
    [0.01, 0.01, 0.01, 0.01]
    >>> outside_range(seen, seen + 10.0).round(2).tolist()
    [1.0, 1.0, 1.0, 1.0]
    """
    ref = np.asarray(reference, dtype=np.float64)
    new = np.asarray(other, dtype=np.float64)
    for name, z in (("reference", ref), ("other", new)):
        if z.ndim != 4 or z.shape[2] != len(GATES) or z.size == 0:
            raise ValueError(
                f"{name} must have shape (samples, lookback, 4, units), got {z.shape}."
            )
    if ref.shape[3] != new.shape[3]:
        raise ValueError(
            f"reference has {ref.shape[3]} units but other has {new.shape[3]}; use the same layer."
        )
    if not 0.0 < coverage < 1.0:
        raise ValueError(f"coverage must lie in (0, 1), got {coverage}.")
    tail = 100.0 * (1.0 - coverage) / 2.0
    low, high = np.percentile(ref, [tail, 100.0 - tail], axis=(0, 1))  # each (4, units)
    outside = (new < low) | (new > high)
    return pd.Series(
        outside.mean(axis=(0, 1, 3)), index=pd.Index(GATES, name="gate"), name="outside"
    )


def feature_gradient_norms(
    model: keras.Model,
    X: np.ndarray,
    y: np.ndarray,
    feature_names: Sequence[str],
    *,
    layer: str = "lstm",
    loss: keras.losses.Loss | None = None,
) -> pd.DataFrame:
    """How the gradient on the LSTM's input weights is shared among the input features.

    Computes the gradient of ``loss`` (default: Huber, the book's loss) on the
    batch ``(X, y)`` with respect to the layer's input kernel, whose row ``f``
    holds the weights that read feature ``f``, and returns each row's norm
    and its share of the total. Pass ``X`` and ``y`` in the units the model is
    trained on (a standardised target for :func:`helpers.nn.training.train`).
    A share of the *gradient* is not a share of the *update*: Keras' ``clipnorm``
    rescales each weight tensor as a whole (every row alike), and Adam divides
    each weight's step by its own running root-mean-square gradient, so every
    row moves by about the learning rate per step whatever its gradient's
    size. :class:`FeatureUpdates` measures the steps themselves.
    """
    import tensorflow as tf  # only the gradient needs it

    lstm = _lstm_layer(model, layer)
    X = _check_windows(X, feature_names)
    y = np.asarray(y, dtype=np.float64)
    if y.shape != (X.shape[0],):
        raise ValueError(
            f"y must be 1-D with one target per window ({X.shape[0]}), got shape {y.shape}."
        )
    check_finite("y", y)
    kernel = lstm.cell.kernel
    if X.shape[2] != kernel.shape[0]:
        raise ValueError(
            f"X has {X.shape[2]} features but layer {layer!r} reads {kernel.shape[0]}."
        )
    loss = keras.losses.Huber() if loss is None else loss
    with tf.GradientTape() as tape:
        value = loss(
            y.reshape(-1, 1).astype(np.float32), model(X.astype(np.float32), training=False)
        )
    grad = tape.gradient(value, kernel.value)
    if grad is None:
        raise ValueError(
            f"the loss does not depend on layer {layer!r}'s kernel; is it part of the model's path?"
        )
    norms = np.linalg.norm(np.asarray(grad, dtype=np.float64), axis=1)
    total = norms.sum()
    return pd.DataFrame(
        {"gradient norm": norms, "share": norms / total if total > 0 else np.zeros_like(norms)},
        index=pd.Index([str(n) for n in feature_names], name="feature"),
    )


class FeatureUpdates(keras.callbacks.Callback):
    """Records, batch by batch, how far the optimiser moves each row of an LSTM's input kernel.

    Row ``f`` of the kernel holds the weights that read feature ``f``. After
    every training step the callback adds the norm of that row's change to a
    running total; :meth:`table` returns each feature's total and its share.
    Pass it to :func:`helpers.nn.training.train` (``callbacks=[...]``),
    typically for one epoch, to see what the optimiser does with a gradient
    that :func:`feature_gradient_norms` shows to be lopsided.

    Parameters
    ----------
    layer : str
        The name of the LSTM layer (``"lstm"`` in :mod:`helpers.nn.models`).
    """

    def __init__(self, layer: str = "lstm") -> None:
        super().__init__()
        if not isinstance(layer, str) or not layer:
            raise TypeError(f"layer must be a layer's name (a non-empty str), got {layer!r}.")
        self.layer = layer
        self.totals: np.ndarray | None = None
        self.steps = 0
        self._last: np.ndarray | None = None

    def _kernel(self) -> np.ndarray:
        lstm = _lstm_layer(self.model, self.layer)
        return np.array(lstm.cell.kernel.numpy(), dtype=np.float64)

    def on_train_begin(self, logs: dict | None = None) -> None:
        self._last = self._kernel()
        self.totals = np.zeros(self._last.shape[0])
        self.steps = 0

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        now = self._kernel()
        self.totals += np.linalg.norm(now - self._last, axis=1)
        self._last = now
        self.steps += 1

    def table(self, feature_names: Sequence[str]) -> pd.DataFrame:
        """Each feature's summed step norm (``"update norm"``) and its ``"share"`` of the total."""
        if self.totals is None:
            raise ValueError("no training recorded yet: pass the callback to a fit first.")
        names = [str(n) for n in feature_names]
        if len(names) != len(self.totals):
            raise ValueError(
                f"{len(names)} feature names for a kernel with {len(self.totals)} rows; "
                "pass one name per input feature."
            )
        total = self.totals.sum()
        share = self.totals / total if total > 0 else np.zeros_like(self.totals)
        return pd.DataFrame(
            {"update norm": self.totals, "share": share},
            index=pd.Index(names, name="feature"),
        )


# --------------------------------------------------------------------------- gradients through time


def timestep_gradient_norms(
    model: keras.Model,
    X: np.ndarray,
    y: np.ndarray,
    *,
    loss: Callable[..., object] | None = None,
) -> np.ndarray:
    """How strongly the loss reacts to each day of the window: backpropagation through time made
    visible.

    For every window ``i`` and timestep ``t``, takes the gradient of window
    ``i``'s loss with respect to its input ``X[i, t, :]`` and its Euclidean
    norm over the features; returns the mean over the windows, shape
    ``(lookback,)``, index 0 the oldest day and -1 the most recent. A cell
    whose gradient at the oldest days is orders of magnitude below its most
    recent one cannot learn from them (the vanishing gradient).

    Works for any Keras model that reads ``(batch, time, features)`` and
    returns one forecast per window (LSTM, SimpleRNN, GRU). ``loss`` defaults
    to Huber, the book's loss; any Keras loss with the default mean reduction
    works (the batch mean is multiplied back by the batch size, so each
    window's gradient is its own loss's, whatever the batch size). Pass ``X``
    and ``y`` in the units the model was trained on.
    """
    import tensorflow as tf  # only the gradient needs it

    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a keras.Model, got {type(model).__name__}.")
    X = _check_windows(X)
    y = np.asarray(y, dtype=np.float64)
    if y.shape != (X.shape[0],):
        raise ValueError(
            f"y must be 1-D with one target per window ({X.shape[0]}), got shape {y.shape}."
        )
    check_finite("y", y)
    try:
        expected = tuple(model.inputs[0].shape[1:]) if model.inputs else None
    except (
        AttributeError,
        ValueError,
        TypeError,
    ):  # a Sequential model not built yet: no declared input
        expected = None
    if expected is not None and any(
        e is not None and e != g for e, g in zip(expected, X.shape[1:], strict=False)
    ):
        raise ValueError(f"X windows have shape {X.shape[1:]} but the model reads {expected}.")
    loss = keras.losses.Huber() if loss is None else loss
    inputs = tf.convert_to_tensor(X.astype(np.float32))
    with tf.GradientTape() as tape:
        tape.watch(inputs)
        pred = tf.reshape(model(inputs, training=False), (-1, 1))
        value = loss(y.reshape(-1, 1).astype(np.float32), pred)
    grad = tape.gradient(value, inputs)
    if grad is None:
        raise ValueError("the loss does not depend on the model's input; is X the model's input?")
    grad = (
        np.asarray(grad, dtype=np.float64) * X.shape[0]
    )  # undo the batch mean: each window's own gradient
    return np.linalg.norm(grad, axis=2).mean(axis=0)
