"""Scales: what an LSTM's gates and gradients make of unscaled inputs, and what each scaler does.

Gate pre-activations (:func:`plot_preactivations`) and the gradient each feature gets
(:func:`plot_gradient_shares`), from :mod:`helpers.nn.diagnostics`; one feature after several
scalers (:func:`plot_scaled_feature`), and scaled features against the range seen in training
(:func:`plot_train_range`). Each function draws one figure and returns it.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import validate
from ._style import COLORS, _color

__all__ = [
    "plot_preactivations",
    "plot_gradient_shares",
    "plot_scaled_feature",
    "plot_train_range",
]


def _check_mapping(name: str, value: object) -> None:
    if not isinstance(value, Mapping) or not value:
        raise ValueError(f"{name} must be a non-empty mapping of name -> values.")


def plot_preactivations(preactivations: Mapping[str, np.ndarray], clip: float = 20.0) -> Figure:
    """Histograms of an LSTM's gate pre-activations, one panel per model.

    ``preactivations`` maps a name to the output of
    :func:`helpers.nn.diagnostics.lstm_preactivations`. Values beyond ``clip``
    are drawn at ``+-clip``; the shaded zones are where a sigmoid gate is
    saturated (its derivative below 1 % of its peak), and each title gives the
    share of saturated pre-activations over all four gates.
    """
    from ..nn import diagnostics  # imports Keras: only when this figure is drawn

    _check_mapping("preactivations", preactivations)
    validate.positive_number(clip, "clip")
    shares = {
        name: diagnostics.saturation(z) for name, z in preactivations.items()
    }  # validates the shapes
    edge = diagnostics.saturation_threshold("input")
    fig, axes = plt.subplots(
        1,
        len(preactivations),
        figsize=(5 * len(preactivations), 3.5),
        constrained_layout=True,
        squeeze=False,
    )
    for i, (ax, (name, z)) in enumerate(zip(axes[0], preactivations.items(), strict=True)):
        values = np.clip(np.asarray(z, dtype=float).ravel(), -clip, clip)
        weights = np.full(values.size, 1.0 / values.size)
        ax.hist(values, bins=np.linspace(-clip, clip, 81), weights=weights, color=_color(name, i))
        for side in (-1, 1):
            ax.axvspan(side * edge, side * clip, color="0.85", zorder=0)
        saturated = float(shares[name]["saturated"].mean())
        ax.set_title(f"{name}: {saturated:.0%} saturated", fontsize=10)
        ax.set_xlabel(f"gate pre-activation z (clipped to +-{clip:g})")
        ax.set_ylabel("share of pre-activations")
        ax.set_yscale("log")
        ax.set_ylim(1e-5, 1.5)
    return fig


def plot_gradient_shares(tables: Mapping[str, pd.DataFrame]) -> Figure:
    """Each input feature's share of the gradient on the LSTM's input weights, one panel per
    pipeline.

    ``tables`` maps a name to the output of
    :func:`helpers.nn.diagnostics.feature_gradient_norms`, or of
    :meth:`helpers.nn.diagnostics.FeatureUpdates.table` (the share of the steps
    the optimiser took; the panel's axis says which). A panel whose
    gradient is zero everywhere (saturated gates) says so.
    """
    _check_mapping("tables", tables)
    for name, table in tables.items():
        if not isinstance(table, pd.DataFrame) or "share" not in table.columns:
            raise ValueError(
                f"the table of {name!r} needs a 'share' column "
                "(diagnostics.feature_gradient_norms)."
            )
    fig, axes = plt.subplots(
        1, len(tables), figsize=(4.5 * len(tables), 2.8), constrained_layout=True, squeeze=False
    )
    for i, (ax, (name, table)) in enumerate(zip(axes[0], tables.items(), strict=True)):
        shares = table["share"].astype(float)
        ax.barh(shares.index.astype(str), shares.to_numpy(), color=_color(name, i))
        ax.invert_yaxis()
        for y, v in enumerate(shares.to_numpy()):
            ax.text(v, y, f" {v:.0%}", va="center", fontsize=9)
        steps = "update norm" in table.columns
        column = "update norm" if steps else "gradient norm"
        total = float(table[column].sum()) if column in table.columns else float(shares.sum())
        if total == 0:
            ax.text(
                0.5,
                0.5,
                "no gradient at all\nreaches the input weights",
                transform=ax.transAxes,
                ha="center",
                va="center",
                fontsize=10,
                color=COLORS["broken"],
            )
        ax.set_xlim(0, 1.15)
        ax.set_title(name, fontsize=10)
        ax.set_xlabel("share of the optimiser's steps" if steps else "share of the gradient norm")
    return fig


def plot_scaled_feature(
    scaled: Mapping[str, np.ndarray],
    marks: Mapping[str, float] | None = None,
    feature: str = "flow",
) -> Figure:
    """Histograms of one feature after each scaler, on one common axis, with an outlier marked.

    ``scaled`` maps a scaler's name to the scaled values of ``feature`` on the
    training days; ``marks`` optionally maps the same names to one value to
    mark (a crash day, say). The axis is shared on purpose: the model's
    weights see absolute sizes, so a scaler that squeezes the ordinary days
    shows as a narrow spike. Each legend entry gives the width of the interval
    that holds the central 98 % of days.
    """
    _check_mapping("scaled", scaled)
    marks = {} if marks is None else dict(marks)
    if set(marks) - set(scaled):
        raise ValueError(f"marks names {sorted(set(marks) - set(scaled))} are not in scaled.")
    arrays = {name: np.asarray(values, dtype=float).ravel() for name, values in scaled.items()}
    for name, values in arrays.items():
        if values.size < 2 or not np.isfinite(values).all() or values.max() == values.min():
            raise ValueError(
                f"the values of {name!r} must be finite, at least 2 of them, not all equal."
            )
    low = min(float(v.min()) for v in arrays.values())
    high = max(float(v.max()) for v in arrays.values())
    bins = np.linspace(low, high, 241)
    fig, ax = plt.subplots(figsize=(10, 3.6), constrained_layout=True)
    for i, (name, values) in enumerate(arrays.items()):
        color = _color(name, i)
        p1, p99 = np.percentile(values, [1, 99])
        ax.hist(
            values,
            bins=bins,
            histtype="step",
            lw=1.5,
            color=color,
            label=f"{name}: 98% of days within a width of {p99 - p1:.2f}",
        )
        if name in marks:
            ax.axvline(marks[name], color=color, lw=1.2, ls="--")
    ax.set_yscale("log")
    ax.set_xlabel(f"scaled {feature} (dashed lines: the outlier after each scaler)")
    ax.set_ylabel("days")
    ax.legend(fontsize=8, loc="upper left")
    return fig


def plot_train_range(scaled: Mapping[str, pd.Series], train_end: object) -> Figure:
    """Scaled features over time, with the range the scaler saw in training shaded.

    ``scaled`` maps a name to a date-indexed series of scaled values;
    ``train_end`` is the last training day. Values outside the band are
    inputs the model never met while it learned.
    """
    _check_mapping("scaled", scaled)
    end = pd.Timestamp(train_end)
    for name, series in scaled.items():
        if not isinstance(series, pd.Series) or not isinstance(series.index, pd.DatetimeIndex):
            raise ValueError(f"the values of {name!r} must be a pandas Series indexed by dates.")
        if series.loc[:end].empty:
            raise ValueError(f"train_end {end.date()} lies before the first day of {name!r}.")
    fig, axes = plt.subplots(
        len(scaled), 1, figsize=(10, 2.6 * len(scaled)), constrained_layout=True, squeeze=False
    )
    for i, (ax, (name, series)) in enumerate(zip(axes[:, 0], scaled.items(), strict=True)):
        seen = series.loc[:end]
        ax.axhspan(
            float(seen.min()),
            float(seen.max()),
            color="0.88",
            zorder=0,
            label="range seen in training",
        )
        ax.plot(series.index, series.to_numpy(), lw=0.6, color=_color(name, i))
        ax.axvline(end, color="k", lw=1, ls=":", label="end of training")
        later = series[series.index > end]
        outside = float(((later > seen.max()) | (later < seen.min())).mean()) if len(later) else 0.0
        ax.set_title(f"{name}: {outside:.0%} of later days outside the training range", fontsize=10)
        ax.set_ylabel("scaled value")
        ax.legend(fontsize=8, loc="upper left")
    return fig
