"""The figures every chapter repeats.

Each function draws one figure and returns it (``matplotlib.figure.Figure``);
a notebook cell calls it and then ``plt.show()``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from . import data

__all__ = [
    "plot_market",
    "plot_plant",
    "plot_learning_curves",
    "plot_scores",
    "plot_forecasts",
    "plot_vs_oracle",
    "plot_preactivations",
    "plot_gradient_shares",
    "plot_scaled_feature",
    "plot_train_range",
    "plot_findings",
    "plot_margins",
]

#: Colours used for the same things in every chapter.
COLORS = {
    "naive": "#9e9e9e",
    "persistence": "#bdbdbd",
    "ridge": "#8c6d31",
    "oracle": "#1b7837",
    "broken": "#c51b7d",
    "article": "#c51b7d",  # the article's recipe is a broken baseline
    "fixed": "#2166ac",
    "sound": "#2166ac",  # the book's sound pipeline is the fix
}


def _color(name: str, i: int) -> str:
    for key, color in COLORS.items():
        if key in name.lower():
            return color
    return f"C{i % 10}"


def plot_market(market: pd.DataFrame, days: int | None = 500) -> Figure:
    """Price, volume, the two signals, and the next-day return with the oracle on top.

    ``days`` limits the lower panels to the last ``days`` rows, so daily detail
    stays visible; the price panel always shows the whole history.
    """
    data.raw_features(market)  # validates the columns
    if "target" not in market or "oracle" not in market:
        raise ValueError(
            "market needs 'target' and 'oracle' columns; build it with data.make_market()."
        )
    if days is not None and (
        isinstance(days, bool) or not isinstance(days, (int, np.integer)) or days < 1
    ):
        raise ValueError(f"days must be None (everything) or a positive int, got {days!r}.")
    recent = market if days is None else market.iloc[-int(days) :]
    fig, axes = plt.subplots(4, 1, figsize=(10, 9), constrained_layout=True)
    axes[0].plot(market.index, market["price"], lw=0.8, color="k")
    axes[0].axvspan(recent.index[0], recent.index[-1], color="0.9", zorder=0)
    axes[0].set_ylabel("price")
    axes[0].set_title("The whole history (shaded: the days in the panels below)", fontsize=10)
    axes[1].bar(recent.index, recent["volume"], width=1.0, color="0.5")
    axes[1].set_ylabel("volume")
    axes[2].plot(recent.index, recent["flow"], lw=0.8, label="flow")
    axes[2].plot(recent.index, recent["sentiment"], lw=1.2, label="sentiment")
    axes[2].set_ylabel("signals")
    axes[2].legend(loc="upper left", ncol=2, fontsize=8)
    axes[3].plot(
        recent.index, recent["target"], lw=0.6, color="0.6", label="next-day return (target)"
    )
    axes[3].plot(
        recent.index,
        recent["oracle"],
        lw=1.0,
        color=COLORS["oracle"],
        label="oracle (its expectation)",
    )
    axes[3].set_ylabel("return")
    axes[3].legend(loc="upper left", ncol=2, fontsize=8)
    return fig


def plot_plant(grid: int = 121) -> Figure:
    """The planted expected return as a function of the flow surprise ``m1`` and sentiment
    ``m2``.
    """
    if grid < 3:
        raise ValueError(f"grid must be at least 3 points per axis, got {grid}.")
    m = np.linspace(-2.5, 2.5, grid)
    m1, m2 = np.meshgrid(m, m)
    p = data.PLANT
    g = (
        p["amplitude"]
        * np.tanh(p["flow_gain"] * m1)
        * (p["flow_bias"] + np.tanh(p["sentiment_gain"] * m2))
    )
    fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(10, 4), constrained_layout=True)
    limit = float(np.abs(g).max()) * 100
    im = ax0.pcolormesh(m1, m2, g * 100, cmap="RdBu", vmin=-limit, vmax=limit, shading="auto")
    fig.colorbar(im, ax=ax0, label="expected next-day return (%)")
    ax0.set_xlabel("m1: flow surprise (sd)")
    ax0.set_ylabel("m2: recent sentiment (sd)")
    ax0.set_title("The planted signal")
    for level in (-1.0, 0.0, 1.0):
        row = np.argmin(np.abs(m - level))
        ax1.plot(m, g[row] * 100, label=f"sentiment m2 = {level:+.0f} sd")
    ax1.axhline(0, color="0.7", lw=0.8)
    ax1.set_xlabel("m1: flow surprise (sd)")
    ax1.set_ylabel("expected next-day return (%)")
    ax1.set_title("Slices: the sign of flow's effect depends on sentiment")
    ax1.legend(fontsize=8)
    return fig


def plot_learning_curves(histories: Mapping[str, Mapping[str, Sequence[float]]]) -> Figure:
    """Training and validation loss per epoch, one panel per model.

    ``histories`` maps a model's name to a Keras-style history dict with
    ``"loss"`` and, if validated, ``"val_loss"``.
    """
    if not histories:
        raise ValueError("histories is empty: pass at least one name -> history dict.")
    for name, history in histories.items():
        if "loss" not in history:
            raise ValueError(f"the history of {name!r} has no 'loss' key.")
    fig, axes = plt.subplots(
        1, len(histories), figsize=(5 * len(histories), 3.5), constrained_layout=True, squeeze=False
    )
    for ax, (name, history) in zip(axes[0], histories.items(), strict=True):
        epochs = np.arange(1, len(history["loss"]) + 1)
        ax.plot(epochs, history["loss"], marker="o", ms=3, label="training loss")
        if "val_loss" in history:
            ax.plot(epochs, history["val_loss"], marker="o", ms=3, label="validation loss")
            best = int(np.nanargmin(history["val_loss"])) + 1
            ax.axvline(best, color="0.6", ls=":", label=f"best epoch ({best})")
        ax.set_title(name)
        ax.set_xlabel("epoch")
        ax.set_ylabel("loss")
        ax.legend(fontsize=8)
    return fig


def plot_scores(table: pd.DataFrame, column: str = "edge_fraction") -> Figure:
    """Horizontal bars of one score per forecast, with the naive (0) and oracle (1) marks.

    ``table`` is the output of :func:`helpers.metrics.evaluate`.
    """
    if column not in table.columns:
        raise ValueError(f"table has no column {column!r}; it has {list(table.columns)}.")
    if table.empty:
        raise ValueError("table is empty.")
    values = table[column].astype(float)
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(values) + 1.2), constrained_layout=True)
    colors = [_color(str(name), i) for i, name in enumerate(values.index)]
    ax.barh(values.index.astype(str), values.to_numpy(), color=colors)
    ax.invert_yaxis()
    for y, v in enumerate(values.to_numpy()):
        ax.text(v, y, f" {v:.2f}", va="center", ha="left" if v >= 0 else "right", fontsize=9)
    if column == "edge_fraction":
        ax.axvline(0, color=COLORS["naive"], lw=1)
        ax.axvline(1, color=COLORS["oracle"], lw=1, ls="--")
        ax.set_xlabel("fraction of the oracle's edge captured (0 = naive, 1 = oracle)")
        ax.set_xlim(min(-0.1, values.min() - 0.1), 1.2)
    else:
        ax.set_xlabel(column)
    return fig


def plot_forecasts(
    dates: pd.Index, y_true: np.ndarray, forecasts: Mapping[str, np.ndarray], days: int = 120
) -> Figure:
    """Forecasts over the last ``days`` samples, against what happened and the oracle.

    Include ``"oracle"`` in ``forecasts`` to draw it; every array must match ``dates``.
    """
    n = len(dates)
    if len(y_true) != n or any(len(v) != n for v in forecasts.values()):
        raise ValueError("dates, y_true and every forecast must have the same length.")
    if n == 0:
        raise ValueError("there is nothing to plot: dates is empty.")
    keep = slice(max(0, n - int(days)), n)
    fig, ax = plt.subplots(figsize=(10, 3.5), constrained_layout=True)
    ax.plot(dates[keep], np.asarray(y_true)[keep], color="0.75", lw=0.8, label="what happened")
    for i, (name, y_hat) in enumerate(forecasts.items()):
        ax.plot(dates[keep], np.asarray(y_hat)[keep], lw=1.3, color=_color(name, i), label=name)
    ax.axhline(0, color="0.5", lw=0.6)
    ax.set_ylabel("next-day return")
    ax.legend(fontsize=8, ncol=len(forecasts) + 1, loc="upper left")
    return fig


def plot_vs_oracle(
    oracle: np.ndarray, forecasts: Mapping[str, np.ndarray], max_points: int = 3000
) -> Figure:
    """Each forecast against the oracle, one panel per forecast: a perfect model lies on the
    diagonal.

    The title of each panel gives the correlation with the oracle. At most
    ``max_points`` evenly spaced samples are drawn, to keep the figure light.
    """
    oracle = np.asarray(oracle, dtype=float)
    if not forecasts:
        raise ValueError("forecasts is empty: pass at least one name -> predictions pair.")
    if oracle.ndim != 1 or oracle.size < 2:
        raise ValueError(f"oracle must be 1-D with at least 2 values, got shape {oracle.shape}.")
    if any(np.shape(v) != oracle.shape for v in forecasts.values()):
        raise ValueError("every forecast must have the oracle's shape.")
    step = max(1, oracle.size // int(max_points))
    fig, axes = plt.subplots(
        1, len(forecasts), figsize=(4.2 * len(forecasts), 4), constrained_layout=True, squeeze=False
    )
    limit = float(np.abs(oracle).max()) * 100 * 1.1
    for i, (ax, (name, y_hat)) in enumerate(zip(axes[0], forecasts.items(), strict=True)):
        y_hat = np.asarray(y_hat, dtype=float)
        ax.scatter(oracle[::step] * 100, y_hat[::step] * 100, s=3, alpha=0.3, color=_color(name, i))
        ax.plot([-limit, limit], [-limit, limit], color=COLORS["oracle"], lw=1, ls="--")
        ax.set_xlim(-limit, limit)
        ax.set_ylim(-limit, limit)
        corr = float(np.corrcoef(oracle, y_hat)[0, 1]) if np.std(y_hat) > 0 else 0.0
        ax.set_title(f"{name}: correlation {corr:.2f}", fontsize=10)
        ax.set_xlabel("oracle (%)")
        ax.set_ylabel("forecast (%)")
    return fig


# --------------------------------------------------------------------------- chapter 2: scales


def _check_mapping(name: str, value: object) -> None:
    if not isinstance(value, Mapping) or not value:
        raise ValueError(f"{name} must be a non-empty mapping of name -> values.")


def plot_preactivations(preactivations: Mapping[str, np.ndarray], clip: float = 20.0) -> Figure:
    """Histograms of an LSTM's gate pre-activations, one panel per model.

    ``preactivations`` maps a name to the output of
    :func:`helpers.diagnostics.lstm_preactivations`. Values beyond ``clip``
    are drawn at ``+-clip``; the shaded zones are where a sigmoid gate is
    saturated (its derivative below 1 % of its peak), and each title gives the
    share of saturated pre-activations over all four gates.
    """
    from . import diagnostics  # imports Keras: only when this figure is drawn

    _check_mapping("preactivations", preactivations)
    if not clip > 0:
        raise ValueError(f"clip must be positive, got {clip}.")
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
    :func:`helpers.diagnostics.feature_gradient_norms`. A panel whose
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
        total = (
            float(table["gradient norm"].sum())
            if "gradient norm" in table.columns
            else float(shares.sum())
        )
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
        ax.set_xlabel("share of the gradient norm")
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


# ---------------------------------------------------------------------- chapter 3: splits and leaks

__all__ += ["plot_walk_forward", "plot_epoch_scores", "plot_reported_vs_future"]


def _runs(index: np.ndarray) -> list[tuple[int, int]]:
    """Contiguous runs of sorted integer positions, as (start, length) pairs for ``broken_barh``."""
    index = np.sort(np.asarray(index, dtype=int))
    if index.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(index) != 1)
    starts = np.concatenate([[index[0]], index[breaks + 1]])
    stops = np.concatenate([index[breaks], [index[-1]]])
    return [(int(a), int(b - a + 1)) for a, b in zip(starts, stops, strict=True)]


def plot_walk_forward(
    folds: Sequence[tuple[np.ndarray, np.ndarray]],
    n_samples: int,
    *,
    dates: pd.Index | None = None,
    extra: Mapping[str, np.ndarray] | None = None,
) -> Figure:
    """Walk-forward folds on the time axis: one row per fold, training in blue, validation in
    orange.

    ``folds`` is the output of :func:`helpers.splits.walk_forward` (or any
    list of ``(train, validation)`` index arrays over ``n_samples`` windows);
    the stretch between the training period and the validation block is
    the embargo, marked with a black tick (it is usually too narrow to see).
    ``extra`` adds rows below the folds, for example ``{"test": split.test}``.
    With ``dates`` (one per window, e.g. ``w.dates``) the axis shows dates.
    """
    if not folds:
        raise ValueError("folds is empty: pass the output of splits.walk_forward.")
    if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)) or n_samples < 1:
        raise ValueError(f"n_samples must be a positive int, got {n_samples!r}.")
    extra = dict(extra or {})
    rows: list[tuple[str, list[tuple[np.ndarray, str, str]]]] = []
    for k, (train, val) in enumerate(folds, start=1):
        rows.append(
            (f"fold {k}", [(train, COLORS["fixed"], "training"), (val, "#e08214", "validation")])
        )
    for name, index in extra.items():
        rows.append((str(name), [(index, _color(str(name), len(rows)), str(name))]))
    for label, parts in rows:
        for index, _, _ in parts:
            index = np.asarray(index)
            if index.size and (index.min() < 0 or index.max() >= n_samples):
                raise ValueError(
                    f"{label}: positions must lie in [0, {n_samples}), got "
                    f"{index.min()}..{index.max()}."
                )
    if dates is not None and len(dates) != n_samples:
        raise ValueError(
            f"dates has {len(dates)} entries for {n_samples} windows; pass one date per window."
        )
    fig, ax = plt.subplots(figsize=(10, 0.45 * len(rows) + 1.4), constrained_layout=True)
    seen: set[str] = set()
    for y, (_label, parts) in enumerate(rows):
        for index, color, name in parts:
            ax.broken_barh(
                _runs(index), (y - 0.35, 0.7), color=color, label=None if name in seen else name
            )
            seen.add(name)
    for y, (train, val) in enumerate(folds):
        if len(train) and len(val) and np.max(train) < np.min(val):
            middle = (np.max(train) + np.min(val)) / 2
            ax.vlines(
                middle,
                y - 0.45,
                y + 0.45,
                color="k",
                lw=1.5,
                label=None if "embargo" in seen else "embargo",
            )
            seen.add("embargo")
    ax.set_yticks(range(len(rows)), [label for label, _ in rows])
    ax.invert_yaxis()
    ax.set_xlim(0, n_samples)
    if dates is not None:
        ticks = np.linspace(0, n_samples - 1, 6).astype(int)
        ax.set_xticks(ticks, [str(pd.Timestamp(dates[i]).year) for i in ticks])
        ax.set_xlabel("forecast day (window's last day)")
    else:
        ax.set_xlabel("window (in time order)")
    ax.legend(loc="lower left", fontsize=8, ncol=len(seen))
    return fig


def plot_epoch_scores(
    curves: Mapping[str, Mapping[str, Sequence[float]]],
    *,
    ylabel: str = "R²",
    best: Mapping[str, int] | None = None,
) -> Figure:
    """A score after every epoch, several data sets per panel, one panel per training run.

    ``curves`` maps a run's name to ``{data set name: one score per epoch}``;
    ``best`` optionally maps a run's name to the epoch early stopping kept
    (1-based), drawn as a dotted line.
    """
    if not curves or not all(isinstance(v, Mapping) and v for v in curves.values()):
        raise ValueError(
            "curves must map each run's name to a non-empty {data set: scores per epoch} mapping."
        )
    best = dict(best or {})
    for run, sets in curves.items():
        for name, scores in sets.items():
            if np.ndim(scores) != 1 or np.size(scores) == 0:
                raise ValueError(
                    f"{run} / {name}: pass one score per epoch (a non-empty 1-D sequence)."
                )
    fig, axes = plt.subplots(
        1, len(curves), figsize=(5 * len(curves), 3.6), constrained_layout=True, squeeze=False
    )
    for ax, (run, sets) in zip(axes[0], curves.items(), strict=True):
        for i, (name, scores) in enumerate(sets.items()):
            scores = np.asarray(scores, dtype=float)
            ax.plot(
                np.arange(1, scores.size + 1),
                scores,
                marker="o",
                ms=3,
                color=_color(name, i),
                label=name,
            )
        if run in best:
            ax.axvline(best[run], color="0.5", ls=":", label=f"kept epoch ({best[run]})")
        ax.axhline(0, color="0.7", lw=0.8)
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
        ax.set_title(run, fontsize=10)
        ax.set_xlabel("epoch")
        ax.set_ylabel(ylabel)
        ax.legend(fontsize=8)
    return fig


def plot_reported_vs_future(table: pd.DataFrame, colors: Mapping[str, str] | None = None) -> Figure:
    """For every row, the score its developer reports (hollow) and the score on the true future
    (filled).

    ``table`` has one row per pipeline and the columns ``reported accuracy``,
    ``future accuracy``, ``reported R2`` and ``future R2`` (see
    :func:`helpers.leakage.reported_and_future`). An arrow goes from the
    reported score to the future one: a long arrow pointing left is a leak.
    A row named ``oracle`` also sets a dashed line at its future score. A
    missing (NaN) score leaves its row empty in that panel. ``colors`` maps
    row names to colours (the others get the book's usual ones).
    """
    needed = ["reported accuracy", "future accuracy", "reported R2", "future R2"]
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise ValueError(
            f"table lacks the columns {missing}; build its rows with leakage.reported_and_future."
        )
    if table.empty:
        raise ValueError("table is empty.")
    for metric in ("accuracy", "R2"):
        if not np.isfinite(
            table[[f"reported {metric}", f"future {metric}"]].to_numpy(dtype=float)
        ).any():
            raise ValueError(f"table has no finite {metric} score to draw.")
    names = [str(i) for i in table.index]
    fig, axes = plt.subplots(
        1, 2, figsize=(11, 0.42 * len(names) + 1.6), constrained_layout=True, sharey=True
    )
    for ax, metric, label in zip(
        axes, ("accuracy", "R2"), ("directional accuracy", "R²"), strict=True
    ):
        reported = table[f"reported {metric}"].to_numpy(dtype=float)
        future = table[f"future {metric}"].to_numpy(dtype=float)
        for y, (name, a, b) in enumerate(zip(names, reported, future, strict=True)):
            if not (np.isfinite(a) and np.isfinite(b)):
                # A row without this score (e.g. a rule that forecasts a direction, no size).
                continue
            color = (colors or {}).get(name) or _color(name, y)
            ax.annotate(
                "",
                xy=(b, y),
                xytext=(a, y),
                arrowprops={"arrowstyle": "->", "color": color, "lw": 1.2},
            )
            ax.scatter([a], [y], s=40, facecolors="white", edgecolors=color, zorder=3)
            ax.scatter([b], [y], s=40, color=color, zorder=3)
        if "oracle" in table.index:
            ax.axvline(
                float(table.loc["oracle", f"future {metric}"]),
                color=COLORS["oracle"],
                ls="--",
                lw=1,
            )
        ax.set_xlabel(label)
        ax.set_yticks(range(len(names)), names)
        low, high = (
            np.nanmin(np.concatenate([reported, future])),
            np.nanmax(np.concatenate([reported, future])),
        )
        pad = 0.05 * (high - low) + 1e-3
        ax.set_xlim(low - pad, high + pad)
    axes[0].invert_yaxis()
    axes[0].set_title("hollow: reported   filled: true future", fontsize=9, loc="left")
    axes[1].set_title("dashed: the oracle on the true future", fontsize=9, loc="left")
    return fig


#: Colours of the doctor's severities (the same as in its HTML report).
SEVERITY_COLORS = {"ok": "#d9f0d3", "info": "#f0f0f0", "warning": "#e08214", "critical": "#c51b7d"}


def plot_findings(
    severities: pd.DataFrame, expected: Mapping[str, Sequence[str]] | None = None
) -> Figure:
    """A grid of the doctor's verdicts: one row per pipeline, one column per check.

    ``severities`` holds one severity ("ok", "info", "warning" or "critical")
    per cell, pipelines as its index and check ids as its columns. ``expected``
    maps a pipeline to the checks it should trigger; those cells get a black
    frame, so a miss (framed but not coloured) and a false alarm (coloured but
    not framed) both stand out.
    """
    if not isinstance(severities, pd.DataFrame) or severities.empty:
        raise ValueError("severities must be a non-empty DataFrame (pipelines x checks).")
    unknown = sorted(set(severities.to_numpy().ravel()) - set(SEVERITY_COLORS))
    if unknown:
        raise ValueError(f"unknown severities {unknown}; expected one of {list(SEVERITY_COLORS)}.")
    rows, cols = [str(i) for i in severities.index], [str(c) for c in severities.columns]
    fig, ax = plt.subplots(
        figsize=(0.55 * len(cols) + 3.0, 0.32 * len(rows) + 1.8), constrained_layout=True
    )
    for y, row in enumerate(severities.to_numpy()):
        for x, severity in enumerate(row):
            ax.add_patch(
                plt.Rectangle((x, y), 1, 1, facecolor=SEVERITY_COLORS[severity], edgecolor="white")
            )
    for y, name in enumerate(rows):
        for check in (expected or {}).get(name, ()):
            if check in cols:
                ax.add_patch(
                    plt.Rectangle(
                        (cols.index(check) + 0.06, y + 0.06),
                        0.88,
                        0.88,
                        fill=False,
                        lw=1.6,
                        edgecolor="black",
                    )
                )
    ax.set_xlim(0, len(cols))
    ax.set_ylim(len(rows), 0)
    ax.set_xticks(np.arange(len(cols)) + 0.5, cols, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(np.arange(len(rows)) + 0.5, rows, fontsize=8)
    ax.tick_params(length=0)
    handles = [
        plt.Rectangle((0, 0), 1, 1, facecolor=c, edgecolor="grey", lw=0.5)
        for c in SEVERITY_COLORS.values()
    ]
    handles.append(plt.Rectangle((0, 0), 1, 1, fill=False, edgecolor="black", lw=1.6))
    labels = [*SEVERITY_COLORS, "expected"]
    ax.legend(
        handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False
    )
    for side in ax.spines.values():
        side.set_visible(False)
    return fig


def plot_margins(
    values: pd.DataFrame,
    kinds: Mapping[str, str],
    thresholds: Mapping[str, float],
    log: Sequence[str] = (),
) -> Figure:
    """Where a check's evidence falls for broken and for sound pipelines, and where its threshold
    sits.

    ``values`` has one row per pipeline and one column per quantity (e.g.
    the doctor's largest feature RMS, or its skill score); a NaN leaves a
    pipeline out of that panel. ``kinds`` maps each pipeline to "broken",
    "article", "fixed" or "baseline"; the first two are drawn as one group,
    the last two as the other. ``thresholds`` gives each column's threshold
    (a dashed line); columns named in ``log`` use a log scale.
    """
    if not isinstance(values, pd.DataFrame) or values.empty:
        raise ValueError("values must be a non-empty DataFrame (pipelines x quantities).")
    missing = [c for c in values.columns if c not in thresholds]
    if missing:
        raise ValueError(f"no threshold for {missing}; pass one per column.")
    unknown = [
        n for n in values.index if kinds.get(n) not in ("broken", "article", "fixed", "baseline")
    ]
    if unknown:
        raise ValueError(f"no kind (broken, article, fixed or baseline) for {unknown}.")
    groups = {"broken / article": ("broken", "article"), "fixed / baseline": ("fixed", "baseline")}
    colors = {"broken / article": COLORS["broken"], "fixed / baseline": COLORS["fixed"]}
    fig, axes = plt.subplots(
        1,
        len(values.columns),
        figsize=(3.2 * len(values.columns), 2.6),
        constrained_layout=True,
        squeeze=False,
    )
    for ax, column in zip(axes[0], values.columns, strict=True):
        for y, (group, members) in enumerate(groups.items()):
            rows = [n for n in values.index if kinds[n] in members]
            x = values.loc[rows, column].to_numpy(dtype=float)
            x = x[np.isfinite(x)]
            jitter = np.linspace(-0.18, 0.18, len(x)) if len(x) > 1 else np.zeros(len(x))
            ax.scatter(x, y + jitter, s=18, color=colors[group], alpha=0.8)
        ax.axvline(thresholds[column], color="black", ls="--", lw=1)
        if column in log:
            ax.set_xscale("log")
        ax.set_yticks([0, 1], list(groups) if ax is axes[0][0] else ["", ""])
        ax.set_ylim(1.6, -0.6)
        ax.set_title(column, fontsize=9)
    return fig
