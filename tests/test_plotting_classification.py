"""Tests of helpers.plotting.classification: the reliability diagram and the P&L of trading a
forecast's sign return a Figure with the expected axes, and refuse bad input.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from sklearn.calibration import calibration_curve

from helpers import data, metrics, plotting


def _calibrated(n: int = 4_000, seed: int = 0):
    """0/1 outcomes drawn with the forecast probabilities themselves: calibrated by construction."""
    rng = np.random.default_rng(seed)
    p = rng.uniform(size=n)
    return (rng.uniform(size=n) < p).astype(float), p


# --------------------------------------------------------------------------- plot_reliability


def test_plot_reliability():
    y, p = _calibrated()
    fig = plotting.plot_reliability({"oracle": (y, p), "model": (y, 0.5 + 0.5 * (p - 0.5))})
    assert plt.get_fignums() == [fig.number]  # exactly one figure, returned
    try:
        assert isinstance(fig, Figure)
        assert len(fig.axes) == 2
        top, bottom = fig.axes
        # The diagonal, then one curve per forecast, in order.
        assert len(top.lines) == 3
        np.testing.assert_array_equal(top.lines[0].get_xdata(), [0, 1])
        np.testing.assert_array_equal(top.lines[0].get_ydata(), [0, 1])
        assert [t.get_text() for t in top.get_legend().get_texts()] == [
            "calibrated",
            "oracle",
            "model",
        ]
        # Each curve is sklearn's quantile calibration curve: mean probability across, share up.
        share, mean_p = calibration_curve(y, p, n_bins=10, strategy="quantile")
        np.testing.assert_allclose(top.lines[1].get_xdata(), mean_p)
        np.testing.assert_allclose(top.lines[1].get_ydata(), share)
        assert len(top.lines[1].get_xdata()) == 10
        # Colours follow the names: "oracle" has its colour, "model" Matplotlib's second.
        assert mcolors.to_hex(top.lines[1].get_color()) == plotting.COLORS["oracle"]
        assert mcolors.to_hex(top.lines[2].get_color()) == mcolors.to_hex("C1")
        # Below: a histogram of 40 bins per forecast, counting every day.
        assert len(bottom.patches) == 2 * 40
        assert sum(bar.get_height() for bar in bottom.patches[:40]) == len(p)
        assert top.get_ylabel() == "share of up days"
        assert bottom.get_xlabel() == "forecast probability of an up day"
        assert bottom.get_ylabel() == "days"
        assert "reliability" in top.get_title()
    finally:
        plt.close(fig)


def test_plot_reliability_calibrated_lies_on_the_diagonal_overconfident_does_not():
    y, p = _calibrated(20_000, seed=1)
    overconfident = np.clip(0.5 + 2.0 * (p - 0.5), 0.0, 1.0)  # says 0.9 when 0.7 is right
    fig = plotting.plot_reliability({"calibrated": (y, p), "overconfident": (y, overconfident)})
    try:
        top = fig.axes[0]
        x, share = top.lines[1].get_xdata(), top.lines[1].get_ydata()
        assert np.max(np.abs(share - x)) < 0.05
        x, share = np.asarray(top.lines[2].get_xdata()), np.asarray(top.lines[2].get_ydata())
        # Above 0.5 the days go up less often than said, below 0.5 more often.
        assert np.all(share[x > 0.8] < x[x > 0.8] - 0.1)
        assert np.all(share[x < 0.2] > x[x < 0.2] + 0.1)
    finally:
        plt.close(fig)


def test_plot_reliability_bins_and_keras_shaped_input():
    y, p = _calibrated()
    fig = plotting.plot_reliability({"m": (y.astype(bool), p.reshape(-1, 1))}, bins=5)
    try:
        share, mean_p = calibration_curve(y, p, n_bins=5, strategy="quantile")
        np.testing.assert_allclose(fig.axes[0].lines[1].get_xdata(), mean_p)
        np.testing.assert_allclose(fig.axes[0].lines[1].get_ydata(), share)
    finally:
        plt.close(fig)


def test_plot_reliability_rejects_an_empty_mapping():
    with pytest.raises(ValueError, match="empty"):
        plotting.plot_reliability({})
    assert not plt.get_fignums()


@pytest.mark.parametrize(
    ("y", "p", "message"),
    [
        (np.array([0.0, 1.0, 1.0]), np.array([0.2, 0.7]), "3 outcomes but 2 probabilities"),
        (np.array([0.01, -0.02, 0.03]), np.array([0.6, 0.4, 0.7]), "must be 0 or 1"),
        (np.array([0.0, 1.0, 2.0]), np.array([0.6, 0.4, 0.7]), "must be 0 or 1"),
        (np.array([0.0, 1.0, 1.0]), np.array([-0.1, 0.4, 0.7]), r"lie in \[0, 1\]"),
        (np.array([0.0, 1.0, 1.0]), np.array([0.1, 0.4, 1.2]), r"lie in \[0, 1\]"),
        (np.array([0.0, 1.0, 1.0]), np.array([-1.5, 0.4, 2.0]), r"lie in \[0, 1\]"),
    ],
)
def test_plot_reliability_rejects_bad_forecasts(y, p, message):
    with pytest.raises(ValueError, match=message):
        plotting.plot_reliability({"good": _calibrated(300), "bad": (y, p)})


def test_plot_reliability_names_the_bad_forecast():
    with pytest.raises(ValueError, match="^returns: "):
        plotting.plot_reliability({"returns": ([0.01, -0.01], [0.6, 0.4])})


# --------------------------------------------------------------------------- plot_equity


def _strategies(n: int = 500):
    market = data.make_market(n, seed=0)
    y, oracle = market["target"].to_numpy(), market["oracle"].to_numpy()
    returns = {
        "oracle": metrics.sign_returns(y, oracle, cost=0.0005),
        "always up": metrics.sign_returns(y, np.ones(n)),
    }
    return market, returns


def test_plot_equity():
    _, returns = _strategies()
    fig = plotting.plot_equity(returns)
    assert plt.get_fignums() == [fig.number]
    try:
        assert isinstance(fig, Figure)
        assert len(fig.axes) == 1
        ax = fig.axes[0]
        assert len(ax.lines) == 3  # two strategies and the zero line
        for line, r in zip(ax.lines[:2], returns.values(), strict=True):
            np.testing.assert_array_equal(line.get_xdata(), np.arange(len(r)))
            np.testing.assert_allclose(line.get_ydata(), np.cumsum(r))
        # The last point is the total log return of the period.
        assert ax.lines[0].get_ydata()[-1] == pytest.approx(returns["oracle"].sum())
        np.testing.assert_array_equal(ax.lines[2].get_ydata(), [0, 0])
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["oracle", "always up"]
        assert mcolors.to_hex(ax.lines[0].get_color()) == plotting.COLORS["oracle"]
        assert mcolors.to_hex(ax.lines[2].get_color()) == plotting.COLORS["naive"]
        assert ax.get_ylabel() == "cumulative log return"
        assert ax.get_xlabel() == "test day"
    finally:
        plt.close(fig)


def test_plot_equity_on_dates_and_keras_shaped_returns():
    market, returns = _strategies()
    fig = plotting.plot_equity({"oracle": returns["oracle"].reshape(-1, 1)}, index=market.index)
    try:
        ax = fig.axes[0]
        assert pd.DatetimeIndex(ax.lines[0].get_xdata()).equals(market.index)
        np.testing.assert_allclose(ax.lines[0].get_ydata(), np.cumsum(returns["oracle"]))
        assert ax.get_xlabel() == ""  # the dates speak for themselves
    finally:
        plt.close(fig)


@pytest.mark.parametrize(
    ("returns", "index", "message"),
    [
        ({}, None, "empty"),
        ({"a": np.zeros(10), "b": np.zeros(9)}, None, "different numbers of days"),
        ({"a": np.zeros(10)}, pd.RangeIndex(9), "index has 9 entries for 10 days"),
        ({"a": np.zeros(10)}, pd.bdate_range("2000-01-03", periods=11), "index has 11"),
    ],
)
def test_plot_equity_rejects_bad_input(returns, index, message):
    with pytest.raises(ValueError, match=message):
        plotting.plot_equity(returns, index=index)
    assert not plt.get_fignums()  # refused before drawing
