"""Tests of helpers.plotting.market: every figure returns a Figure with the expected axes."""

from __future__ import annotations

from functools import cache

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from helpers import baselines, data, metrics, plotting


@cache
def _market() -> pd.DataFrame:
    return data.make_market(800, seed=0)


def _table() -> pd.DataFrame:
    market = _market()
    y, oracle = market["target"].to_numpy(), market["oracle"].to_numpy()
    naive = baselines.naive_mean(y, len(y))
    return metrics.evaluate(
        y, {"zero": baselines.zero(len(y)), "ridge": 0.5 * oracle}, oracle=oracle, naive=naive
    )


# --------------------------------------------------------------------------- plot_market


def test_plot_market():
    market = _market()
    fig = plotting.plot_market(market, days=100)
    assert plt.get_fignums() == [fig.number]  # exactly one figure, returned
    try:
        assert isinstance(fig, Figure)
        assert len(fig.axes) == 4
        price_line = fig.axes[0].lines[0]
        assert len(price_line.get_xdata()) == len(market)  # the whole history
        np.testing.assert_allclose(price_line.get_ydata(), market["price"])
        assert len(fig.axes[1].patches) == 100  # one volume bar per recent day
        assert [len(line.get_xdata()) for line in fig.axes[2].lines] == [100, 100]
        np.testing.assert_allclose(fig.axes[3].lines[1].get_ydata(), market["oracle"].iloc[-100:])
    finally:
        plt.close(fig)


def test_plot_market_days_none_shows_everything():
    market = _market().iloc[:200]
    fig = plotting.plot_market(market, days=None)
    try:
        assert len(fig.axes) == 4
        assert len(fig.axes[3].lines[0].get_xdata()) == 200
    finally:
        plt.close(fig)


@pytest.mark.parametrize("missing", ["price", "volume", "flow", "sentiment", "target", "oracle"])
def test_plot_market_rejects_missing_columns(missing):
    with pytest.raises(ValueError, match=missing if missing in data.FEATURES else "target"):
        plotting.plot_market(_market().drop(columns=missing))


def test_plot_market_rejects_non_dataframes():
    with pytest.raises(TypeError):
        plotting.plot_market(_market().to_numpy())


@pytest.mark.parametrize("days", [0, -5])
def test_plot_market_rejects_non_positive_days(days):
    """days=0 draws the whole history (iloc[-0:] is everything), days<0 drops the first rows."""
    with pytest.raises(ValueError, match="days"):
        plotting.plot_market(_market(), days=days)
    assert not plt.get_fignums()


# --------------------------------------------------------------------------- plot_plant


def test_plot_plant():
    fig = plotting.plot_plant(grid=21)
    try:
        assert isinstance(fig, Figure)
        assert len(fig.axes) == 3  # surface, slices, colour bar
        surface, slices = fig.axes[0], fig.axes[1]
        assert surface.collections[0].get_array().size == 21 * 21
        labels = [t.get_text() for t in slices.get_legend().get_texts()]
        assert labels == ["sentiment m2 = -1 sd", "sentiment m2 = +0 sd", "sentiment m2 = +1 sd"]
        # The planted signal is odd in the flow surprise: each slice crosses zero at m1 = 0.
        for line in slices.lines[:3]:
            y = np.asarray(line.get_ydata())
            assert y[10] == pytest.approx(0.0, abs=1e-12) and y[0] == pytest.approx(-y[-1])
        # Its largest absolute value is amplitude * (1 + bias) at most, in percent.
        p = data.PLANT
        assert (
            np.abs(surface.collections[0].get_array()).max()
            <= 100 * p["amplitude"] * (1 + p["flow_bias"]) + 1e-9
        )
    finally:
        plt.close(fig)


@pytest.mark.parametrize("grid", [2, 0, -1])
def test_plot_plant_rejects_small_grids(grid):
    with pytest.raises(ValueError, match="grid"):
        plotting.plot_plant(grid=grid)


# --------------------------------------------------------------------------- plot_learning_curves


def test_plot_learning_curves():
    histories = {
        "broken": {"loss": [1.0, 0.8, 0.7, 0.6], "val_loss": [1.1, 0.9, 1.0, 1.2]},
        "fixed": {"loss": [1.0, 0.5]},
    }
    fig = plotting.plot_learning_curves(histories)
    try:
        assert isinstance(fig, Figure)
        assert len(fig.axes) == 2
        first, second = fig.axes
        assert first.get_title() == "broken" and second.get_title() == "fixed"
        assert len(first.lines) == 3  # training, validation, best-epoch marker
        np.testing.assert_array_equal(first.lines[0].get_xdata(), [1, 2, 3, 4])
        assert first.lines[2].get_xdata()[0] == 2  # best epoch is the minimum of val_loss
        assert len(second.lines) == 1
    finally:
        plt.close(fig)


def test_plot_learning_curves_single_model():
    fig = plotting.plot_learning_curves(
        {"m": {"loss": [3.0, 2.0, 1.0], "val_loss": [3.0, 2.5, 2.6]}}
    )
    try:
        assert len(fig.axes) == 1
    finally:
        plt.close(fig)


def test_plot_learning_curves_rejects_empty_histories():
    with pytest.raises(ValueError, match="empty"):
        plotting.plot_learning_curves({})


def test_plot_learning_curves_rejects_a_history_without_loss():
    with pytest.raises(ValueError, match="'loss'"):
        plotting.plot_learning_curves({"ok": {"loss": [1.0]}, "bad": {"val_loss": [1.0]}})


_BAD_CALLS = {
    "market_missing_column": lambda: plotting.plot_market(_market().drop(columns="oracle")),
    "plant_small_grid": lambda: plotting.plot_plant(grid=2),
    "learning_curves_empty": lambda: plotting.plot_learning_curves({}),
    "learning_curves_no_loss": lambda: plotting.plot_learning_curves(
        {"ok": {"loss": [1.0]}, "bad": {"val_loss": [1.0]}}
    ),
    "scores_no_column": lambda: plotting.plot_scores(_table(), column="sharpe"),
    "forecasts_mismatch": lambda: plotting.plot_forecasts(_market().index, np.zeros(3), {}),
}


@pytest.mark.parametrize("call", list(_BAD_CALLS.values()), ids=list(_BAD_CALLS))
def test_bad_input_leaves_no_figure_open(call):
    """A refused call must not leave a half-drawn figure behind (a notebook would display it)."""
    with pytest.raises(ValueError):
        call()
    assert plt.get_fignums() == []


# --------------------------------------------------------------------------- plot_scores


def test_plot_scores_edge_fraction():
    table = _table()
    fig = plotting.plot_scores(table)
    try:
        assert isinstance(fig, Figure)
        assert len(fig.axes) == 1
        ax = fig.axes[0]
        assert len(ax.patches) == len(table) == 4
        widths = [bar.get_width() for bar in ax.patches]
        np.testing.assert_allclose(widths, table["edge_fraction"].to_numpy())
        assert [t.get_text() for t in ax.get_yticklabels()] == list(table.index)
        assert {tuple(line.get_xdata()) for line in ax.lines} == {
            (0, 0),
            (1, 1),
        }  # naive and oracle marks
        assert ax.patches[-1].get_facecolor()[:3] == pytest.approx(
            matplotlib.colors.to_rgb(plotting.COLORS["oracle"])
        )
    finally:
        plt.close(fig)


def test_plot_scores_draws_intervals_of_a_scorecard():
    table = _table()
    table["edge_low"] = table["edge_fraction"] - 0.1
    table["edge_high"] = table["edge_fraction"] + 0.2
    fig = plotting.plot_scores(table)
    try:
        (segments,) = fig.axes[0].collections
        spans = np.array([seg[:, 0] for seg in segments.get_segments()])
        expected = table[["edge_low", "edge_high"]].to_numpy()
        np.testing.assert_allclose(spans, expected)
    finally:
        plt.close(fig)
    fig = plotting.plot_scores(_table())  # no interval columns: no interval lines
    try:
        assert not fig.axes[0].collections
    finally:
        plt.close(fig)


def test_plot_scores_other_column():
    table = _table()
    fig = plotting.plot_scores(table, column="accuracy")
    try:
        ax = fig.axes[0]
        assert ax.get_xlabel() == "accuracy"
        np.testing.assert_allclose(
            [bar.get_width() for bar in ax.patches], table["accuracy"].to_numpy()
        )
        assert not ax.lines
    finally:
        plt.close(fig)


def test_plot_scores_rejects_bad_tables():
    with pytest.raises(ValueError, match="no column"):
        plotting.plot_scores(_table(), column="sharpe")
    with pytest.raises(ValueError, match="empty"):
        plotting.plot_scores(_table().iloc[:0])


# --------------------------------------------------------------------------- plot_forecasts


def test_plot_forecasts():
    market = _market()
    dates, y = market.index, market["target"].to_numpy()
    forecasts = {"oracle": market["oracle"].to_numpy(), "ridge": np.zeros(len(y))}
    fig = plotting.plot_forecasts(dates, y, forecasts, days=50)
    try:
        assert isinstance(fig, Figure)
        assert len(fig.axes) == 1
        ax = fig.axes[0]
        assert len(ax.lines) == 1 + len(forecasts) + 1  # what happened, forecasts, zero line
        assert all(len(line.get_xdata()) == 50 for line in ax.lines[:3])
        np.testing.assert_allclose(ax.lines[0].get_ydata(), y[-50:])
        np.testing.assert_allclose(ax.lines[1].get_ydata(), forecasts["oracle"][-50:])
        assert [t.get_text() for t in ax.get_legend().get_texts()] == [
            "what happened",
            "oracle",
            "ridge",
        ]
    finally:
        plt.close(fig)


def test_plot_forecasts_shorter_than_days():
    market = _market().iloc[:30]
    fig = plotting.plot_forecasts(
        market.index, market["target"], {"oracle": market["oracle"]}, days=120
    )
    try:
        assert len(fig.axes[0].lines[0].get_xdata()) == 30
    finally:
        plt.close(fig)


def test_plot_forecasts_rejects_bad_input():
    market = _market()
    dates, y = market.index, market["target"].to_numpy()
    with pytest.raises(ValueError, match="same length"):
        plotting.plot_forecasts(dates, y[:-1], {"oracle": y})
    with pytest.raises(ValueError, match="same length"):
        plotting.plot_forecasts(dates, y, {"oracle": y[:-1]})
    with pytest.raises(ValueError, match="empty"):
        plotting.plot_forecasts(dates[:0], y[:0], {"oracle": y[:0]})


# --------------------------------------------------------------------------- plot_real_market


def _prices(n: int = 300) -> pd.Series:
    rng = np.random.default_rng(0)
    index = pd.bdate_range("2020-01-01", periods=n)
    return pd.Series(100 * np.exp(np.cumsum(rng.normal(0, 0.01, n))), index=index)


def test_plot_real_market():
    price = _prices()
    fig = plotting.plot_real_market(price, max_lag=10)
    try:
        assert len(fig.axes) == 3
        np.testing.assert_allclose(fig.axes[0].lines[0].get_ydata(), price.to_numpy())
        assert fig.axes[0].get_yscale() == "log"
        r = np.log(price).diff().dropna()
        np.testing.assert_allclose(fig.axes[1].lines[0].get_ydata(), r.to_numpy())
        heights = [p.get_height() for p in fig.axes[2].patches[:10]]  # the returns' bars
        np.testing.assert_allclose(heights, [r.autocorr(k) for k in range(1, 11)])
        abs_heights = [p.get_height() for p in fig.axes[2].patches[10:20]]
        np.testing.assert_allclose(abs_heights, [r.abs().autocorr(k) for k in range(1, 11)])
    finally:
        plt.close(fig)


@pytest.mark.parametrize(
    "bad, error",
    [
        (np.arange(1.0, 10.0), TypeError),
        (pd.Series([1.0, -1.0, 2.0], index=pd.bdate_range("2020-01-01", periods=3)), ValueError),
    ],
)
def test_plot_real_market_rejects_bad_prices(bad, error):
    with pytest.raises(error):
        plotting.plot_real_market(bad)
    plt.close("all")


def test_plot_real_market_rejects_a_lag_longer_than_the_series():
    with pytest.raises(ValueError, match="max_lag"):
        plotting.plot_real_market(_prices(10), max_lag=20)
    plt.close("all")
