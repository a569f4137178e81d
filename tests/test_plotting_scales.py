"""Tests of helpers.plotting.scales: pre-activations, gradient shares, scaled features, the
training range.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from helpers import plotting


def _preacts(scale: float, seed: int = 0) -> np.ndarray:
    return scale * np.random.default_rng(seed).standard_normal((20, 5, 4, 3))


# --------------------------------------------------------------------------- plot_preactivations


def test_plot_preactivations_one_panel_per_model_with_saturated_share():
    fig = plotting.plot_preactivations(
        {"broken: raw": _preacts(1e5), "fixed: scaled": _preacts(0.5)}
    )
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    raw, scaled = (ax.get_title() for ax in fig.axes)
    assert raw.startswith("broken: raw: 100%") or raw.startswith("broken: raw: 99%")
    assert scaled == "fixed: scaled: 0% saturated"
    assert fig.axes[0].get_xlim()[1] >= 20  # clipped values are drawn at the edge


@pytest.mark.parametrize(
    "args, message",
    [
        (({},), "non-empty"),
        (({"a": np.zeros((2, 3, 5, 1))},), "samples, lookback, 4, units"),
        (({"a": _preacts(1.0)}, 0.0), "clip"),
    ],
)
def test_plot_preactivations_rejects_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        plotting.plot_preactivations(*args)
    assert plt.get_fignums() == []


# --------------------------------------------------------------------------- plot_gradient_shares


def test_plot_gradient_shares():
    table = pd.DataFrame(
        {"gradient norm": [1.0, 3.0], "share": [0.25, 0.75]}, index=["flow", "volume"]
    )
    fig = plotting.plot_gradient_shares({"unscaled": table, "scaled": table})
    assert len(fig.axes) == 2
    ax = fig.axes[0]
    np.testing.assert_allclose([bar.get_width() for bar in ax.patches], [0.25, 0.75])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["flow", "volume"]


def test_plot_gradient_shares_labels_a_table_of_steps():
    gradient = pd.DataFrame({"gradient norm": [1.0, 3.0], "share": [0.25, 0.75]})
    steps = pd.DataFrame({"update norm": [2.0, 2.0], "share": [0.5, 0.5]})
    fig = plotting.plot_gradient_shares({"gradient": gradient, "steps": steps})
    assert fig.axes[0].get_xlabel() == "share of the gradient norm"
    assert fig.axes[1].get_xlabel() == "share of the optimiser's steps"


def test_plot_gradient_shares_says_when_there_is_no_gradient():
    dead = pd.DataFrame(
        {"gradient norm": [0.0, 0.0], "share": [0.0, 0.0]}, index=["flow", "volume"]
    )
    live = pd.DataFrame(
        {"gradient norm": [1.0, 1.0], "share": [0.5, 0.5]}, index=["flow", "volume"]
    )
    fig = plotting.plot_gradient_shares({"raw": dead, "scaled": live})
    assert any("no gradient" in t.get_text() for t in fig.axes[0].texts)
    assert not any("no gradient" in t.get_text() for t in fig.axes[1].texts)


def test_plot_gradient_shares_rejects_bad_tables():
    with pytest.raises(ValueError, match="non-empty"):
        plotting.plot_gradient_shares({})
    with pytest.raises(ValueError, match="'share'"):
        plotting.plot_gradient_shares({"a": pd.DataFrame({"norm": [1.0]})})
    assert plt.get_fignums() == []


# --------------------------------------------------------------------------- plot_scaled_feature


def test_plot_scaled_feature_marks_the_outlier_and_reports_the_squeeze():
    rng = np.random.default_rng(0)
    flow = np.append(rng.standard_normal(2000), -20.0)
    minmax = (flow - flow.min()) / (flow.max() - flow.min())
    fig = plotting.plot_scaled_feature(
        {"min-max": minmax, "standard": flow}, marks={"min-max": 0.0, "standard": -20.0}
    )
    assert len(fig.axes) == 1
    ax = fig.axes[0]
    assert ax.get_xlim()[0] <= -20.0 and ax.get_xlim()[1] >= flow.max()  # one common axis
    assert sorted(line.get_xdata()[0] for line in ax.lines) == [-20.0, 0.0]  # the two outliers
    widths = [float(t.get_text().rsplit(" ", 1)[1]) for t in ax.get_legend().get_texts()]
    assert widths[0] < 0.25 < 4.0 < widths[1]  # min-max squeezes the ordinary days
    assert ax.get_xlabel().startswith("scaled flow")


@pytest.mark.parametrize(
    "scaled, marks, message",
    [
        ({}, None, "non-empty"),
        ({"a": np.array([1.0])}, None, "at least 2"),
        ({"a": np.array([1.0, np.nan])}, None, "finite"),
        ({"a": np.ones(5)}, None, "not all equal"),
        ({"a": np.arange(5.0)}, {"b": 0.0}, "not in scaled"),
    ],
)
def test_plot_scaled_feature_rejects_bad_input(scaled, marks, message):
    with pytest.raises(ValueError, match=message):
        plotting.plot_scaled_feature(scaled, marks)
    assert plt.get_fignums() == []


# --------------------------------------------------------------------------- plot_train_range


def _series(values: np.ndarray) -> pd.Series:
    return pd.Series(values, index=pd.bdate_range("2020-01-01", periods=len(values)))


def test_plot_train_range_shades_the_training_range_and_counts_the_days_outside():
    trend = _series(np.arange(100.0))
    flat = _series(np.tile([-1.0, 1.0], 50))
    fig = plotting.plot_train_range({"price": trend, "return": flat}, train_end=trend.index[59])
    assert len(fig.axes) == 2
    assert fig.axes[0].get_title() == "price: 100% of later days outside the training range"
    assert fig.axes[1].get_title() == "return: 0% of later days outside the training range"


def test_plot_train_range_rejects_bad_input():
    with pytest.raises(ValueError, match="non-empty"):
        plotting.plot_train_range({}, "2020-01-01")
    with pytest.raises(ValueError, match="indexed by dates"):
        plotting.plot_train_range({"a": pd.Series([1.0, 2.0])}, "2020-01-01")
    with pytest.raises(ValueError, match="before the first day"):
        plotting.plot_train_range({"a": _series(np.arange(5.0))}, "2019-01-01")
    assert plt.get_fignums() == []
