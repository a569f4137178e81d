"""Scores, and the book's yardstick: the fraction of the oracle's edge a model captures.

Directional accuracy is the share of days on which a forecast has the sign of
what happened (a forecast of exactly 0 counts as "down"). The *edge* of a
forecast is its accuracy minus the naive forecast's; the oracle's edge is the
most any model can have on average, so ``edge_fraction`` says how much of the
achievable skill a model captures: 0 is no better than naive, 1 is as good as
the oracle.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from sklearn.metrics import r2_score

from .windows import check_finite

__all__ = ["directional_accuracy", "rmse", "r2", "edge_fraction", "evaluate"]


def _pair(y_true: np.ndarray, y_hat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    y_true = np.asarray(y_true, dtype=float)
    y_hat = np.asarray(y_hat, dtype=float)
    if y_hat.ndim == 2 and y_hat.shape[1] == 1:
        y_hat = y_hat.ravel()  # what Keras' predict returns
    if y_true.ndim != 1 or y_hat.ndim != 1:
        raise ValueError(
            f"y_true and y_hat must be 1-D, got shapes {y_true.shape} and {y_hat.shape}."
        )
    if y_true.shape != y_hat.shape:
        raise ValueError(
            f"y_true has {y_true.size} values but y_hat has {y_hat.size}; they must match."
        )
    if y_true.size == 0:
        raise ValueError("y_true is empty: there is nothing to score.")
    check_finite("y_true", y_true)
    check_finite("y_hat", y_hat)
    return y_true, y_hat


def directional_accuracy(y_true: np.ndarray, y_hat: np.ndarray) -> float:
    """Share of samples where ``y_hat > 0`` agrees with ``y_true > 0``.

    >>> directional_accuracy([0.01, -0.02, 0.03, -0.01], [0.5, -0.1, -0.2, 0.0])
    0.75
    """
    y_true, y_hat = _pair(y_true, y_hat)
    return float(np.mean((y_hat > 0) == (y_true > 0)))


def rmse(y_true: np.ndarray, y_hat: np.ndarray) -> float:
    """Root mean squared error.

    >>> rmse([1.0, 2.0], [1.0, 4.0])
    1.4142135623730951
    """
    y_true, y_hat = _pair(y_true, y_hat)
    return float(np.sqrt(np.mean((y_true - y_hat) ** 2)))


def r2(y_true: np.ndarray, y_hat: np.ndarray) -> float:
    """Coefficient of determination (``sklearn.metrics.r2_score``); below 0 means worse than the
    mean.

    >>> r2([1.0, 2.0, 3.0], [1.0, 2.0, 3.0])
    1.0
    """
    y_true, y_hat = _pair(y_true, y_hat)
    return float(r2_score(y_true, y_hat))


def edge_fraction(
    y_true: np.ndarray, y_hat: np.ndarray, oracle: np.ndarray, naive: np.ndarray
) -> float:
    """Fraction of the oracle's directional edge over the naive forecast that ``y_hat`` captures.

    ``(acc(y_hat) - acc(naive)) / (acc(oracle) - acc(naive))``. Raises if the
    oracle has no edge over the naive forecast on these samples, since the
    ratio would be meaningless.

    >>> y = np.array([1.0, -1.0, 1.0, -1.0])
    >>> edge_fraction(y, y, oracle=y, naive=np.ones(4))
    1.0
    >>> edge_fraction(y, np.ones(4), oracle=y, naive=np.ones(4))
    0.0
    """
    acc_naive = directional_accuracy(y_true, naive)
    acc_oracle = directional_accuracy(y_true, oracle)
    if acc_oracle - acc_naive <= 0:
        raise ValueError(
            f"the oracle ({acc_oracle:.3f}) has no edge over the naive forecast ({acc_naive:.3f}) "
            "on these samples; score on a longer period."
        )
    return (directional_accuracy(y_true, y_hat) - acc_naive) / (acc_oracle - acc_naive)


def evaluate(
    y_true: np.ndarray,
    forecasts: Mapping[str, np.ndarray],
    *,
    oracle: np.ndarray,
    naive: np.ndarray,
) -> pd.DataFrame:
    """One row per forecast: directional accuracy, RMSE, R^2 and the fraction of the oracle's edge.

    ``forecasts`` maps a name to predictions on the same samples as ``y_true``.
    The naive and oracle forecasts are added as the first and last rows if
    their names (``"naive"``, ``"oracle"``) are not among the keys.
    """
    if not forecasts:
        raise ValueError("forecasts is empty: pass at least one name -> predictions pair.")
    rows = {"naive": naive, **forecasts}
    rows.setdefault("oracle", oracle)
    table = {
        name: {
            "accuracy": directional_accuracy(y_true, y_hat),
            "rmse": rmse(y_true, y_hat),
            "r2": r2(y_true, y_hat),
            "edge_fraction": edge_fraction(y_true, y_hat, oracle, naive),
        }
        for name, y_hat in rows.items()
    }
    return pd.DataFrame.from_dict(table, orient="index").rename_axis("forecast")
