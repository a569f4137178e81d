"""How far back a recurrent network can learn from: a signal planted ``lag`` steps back in the
window.

:func:`plant_at_lag` builds windows of pure noise whose target is the input
``lag`` steps before the window's last step, so the only thing worth learning
sits at a known distance. :func:`reach_sweep` trains one small model per lag
and cell and reports its directional accuracy (0.5 is chance, 1.0 is perfect
recall), and :func:`gradient_profile` shows, with
:func:`helpers.nn.diagnostics.timestep_gradient_norms`, how much gradient
reaches each step of a long window: backpropagation through time made visible.

Importing this module imports Keras (through :mod:`helpers.nn.training`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import keras
import numpy as np
import pandas as pd

from .. import metrics, validate
from . import diagnostics, training

__all__ = ["plant_at_lag", "reach_sweep", "gradient_profile"]


def plant_at_lag(n: int, lookback: int, lag: int, *, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` windows of standard normal noise, shape ``(n, lookback, 1)``, and their targets.

    The target of each window is its own input ``lag`` steps before the last
    step: ``y = X[:, lookback - 1 - lag, 0]``. ``lag = 0`` is the most recent
    step, ``lag = lookback - 1`` the oldest. Everything else in the window is
    noise to be ignored.

    >>> X, y = plant_at_lag(4, lookback=5, lag=2, seed=0)
    >>> X.shape, bool(np.all(y == X[:, 2, 0]))
    ((4, 5, 1), True)
    """
    n = validate.positive_int(n, "n", hint="windows")
    lookback = validate.positive_int(lookback, "lookback", hint="steps per window")
    validate.integer(lag, "lag", low=0, high=lookback - 1, hint="0 is the most recent step")
    X = np.random.default_rng(seed).standard_normal((n, lookback, 1)).astype(np.float32)
    return X, X[:, lookback - 1 - int(lag), 0].astype(np.float64)


def reach_sweep(
    lags: Sequence[int],
    builds: Mapping[str, Callable[..., keras.Model]],
    *,
    lookback: int,
    seed: int,
    n_train: int = 2000,
    n_test: int = 1000,
    epochs: int = 6,
    batch_size: int = 128,
    **build_kwargs: object,
) -> pd.DataFrame:
    """Test directional accuracy of each cell trained on a signal planted ``lag`` steps back.

    For every lag and every ``name -> build`` in ``builds`` (e.g.
    ``{"LSTM": models.build_lstm, "SimpleRNN": models.build_simple_rnn}``),
    trains a fresh model with :func:`helpers.nn.training.train` on ``n_train``
    windows (20 % of them held out for early stopping) for at most
    ``epochs`` epochs, the same small budget for every cell, and scores it on
    ``n_test`` fresh windows. Returns a table indexed by lag, one column per cell.
    """
    if not lags:
        raise ValueError("lags is empty: pass at least one lag.")
    if not builds:
        raise ValueError("builds is empty: pass at least one name -> model builder.")
    n_train = validate.integer(
        n_train, "n_train", low=10, hint="a fifth is held out for early stopping"
    )
    n_test = validate.positive_int(n_test, "n_test")
    cut = n_train - n_train // 5
    table: dict[str, dict[int, float]] = {name: {} for name in builds}
    for lag in lags:
        X, y = plant_at_lag(n_train, lookback, lag, seed=seed)
        X_test, y_test = plant_at_lag(n_test, lookback, lag, seed=seed + 10_000)
        for name, build in builds.items():
            fit = training.train(
                X[:cut],
                y[:cut],
                X[cut:],
                y[cut:],
                seed=seed,
                build=build,
                epochs=epochs,
                batch_size=batch_size,
                patience=epochs,
                **build_kwargs,
            )
            table[name][int(lag)] = metrics.directional_accuracy(y_test, fit.predict(X_test))
    return pd.DataFrame(table).rename_axis("lag")


def gradient_profile(
    builds: Mapping[str, Callable[..., keras.Model]],
    *,
    lookback: int,
    seed: int,
    n: int = 256,
    **build_kwargs: object,
) -> pd.DataFrame:
    """Gradient norm reaching each step of a long window, relative to the most recent step, per
    cell.

    Builds each model freshly (seeded, untrained: the gradients every
    training run starts from), computes
    :func:`helpers.nn.diagnostics.timestep_gradient_norms` on ``n`` noise
    windows whose target is the last input, and divides by the norm at the
    most recent step. Returns a table indexed by *steps back* (0 = most
    recent, ``lookback - 1`` = oldest), one column per cell.
    """
    if not builds:
        raise ValueError("builds is empty: pass at least one name -> model builder.")
    X, y = plant_at_lag(n, lookback, 0, seed=seed)
    table = {}
    for name, build in builds.items():
        training.seed_everything(seed)
        norms = diagnostics.timestep_gradient_norms(build(lookback, 1, **build_kwargs), X, y)
        if norms[-1] <= 0:
            raise ValueError(
                f"{name}: no gradient reaches even the most recent step; check the model."
            )
        table[name] = (norms / norms[-1])[::-1]
    return pd.DataFrame(table, index=pd.RangeIndex(lookback, name="steps back"))
