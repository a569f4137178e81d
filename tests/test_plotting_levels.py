"""Tests of helpers.plotting.levels: every figure draws what it is given and rejects bad input."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from helpers import baselines, data, plotting, skill


def _test_period(n: int = 300):
    market = data.make_market(n, seed=0)
    price = market["price"].to_numpy()
    returns = market["target"].to_numpy()
    tomorrow = price * np.exp(returns)
    return market, price, returns, tomorrow


def test_plot_levels_draws_price_and_every_forecast():
    market, price, _, tomorrow = _test_period()
    fig = plotting.plot_levels(
        market.index, tomorrow, {"level LSTM": price, "oracle": price * 1.001}
    )
    assert isinstance(fig, Figure)
    lines = fig.axes[0].get_lines()
    assert len(lines) == 3
    assert len(lines[0].get_xdata()) == len(price)


def test_plot_levels_zooms_to_the_last_days_with_markers():
    market, price, _, tomorrow = _test_period()
    fig = plotting.plot_levels(market.index, tomorrow, {"level LSTM": price}, days=20, markers=True)
    line = fig.axes[0].get_lines()[1]
    assert len(line.get_xdata()) == 20
    assert line.get_marker() == "o"
    np.testing.assert_allclose(line.get_ydata(), price[-20:])


@pytest.mark.parametrize(
    ("forecasts", "days", "message"),
    [
        ({}, None, "non-empty"),
        ({"bad": np.ones(5)}, None, "shape"),
        ({"ok": None}, 1, "shape"),
    ],
)
def test_plot_levels_rejects_bad_input(forecasts, days, message):
    market, price, _, tomorrow = _test_period()
    if forecasts == {"ok": None}:
        forecasts = {"ok": price}
        message = "days"
    with pytest.raises(ValueError, match=message):
        plotting.plot_levels(market.index, tomorrow, forecasts, days=days)


def test_plot_lag_profiles_draws_one_bar_per_lag_and_forecast():
    _, price, _, tomorrow = _test_period()
    profiles = {
        "persistence": skill.lag_profile(price, tomorrow, max_lag=4),
        "level LSTM": skill.lag_profile(np.r_[price[0], price[:-1]], tomorrow, max_lag=4),
    }
    fig = plotting.plot_lag_profiles(profiles)
    assert isinstance(fig, Figure)
    assert len(fig.axes[0].patches) == 2 * 5
    heights = [p.get_height() for p in fig.axes[0].patches[:5]]
    np.testing.assert_allclose(heights, profiles["persistence"].to_numpy())


def test_plot_lag_profiles_rejects_mismatched_lags():
    _, price, _, tomorrow = _test_period()
    with pytest.raises(ValueError, match="same lags"):
        plotting.plot_lag_profiles(
            {
                "a": skill.lag_profile(price, tomorrow, max_lag=2),
                "b": skill.lag_profile(price, tomorrow, max_lag=3),
            }
        )
    with pytest.raises(ValueError, match="non-empty"):
        plotting.plot_lag_profiles({})


def test_plot_level_scores_has_three_panels_with_a_bar_per_row():
    _, price, returns, _ = _test_period(600)
    oracle = data.make_market(600, seed=0)["oracle"].to_numpy()
    naive = baselines.naive_mean(returns[:100], len(returns))
    table = skill.level_scores(
        returns, price, {"half oracle": 0.5 * oracle}, oracle=oracle, naive=naive
    )
    fig = plotting.plot_level_scores(table)
    assert len(fig.axes) == 3
    assert all(len(ax.patches) == len(table) for ax in fig.axes)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == list(table.index)


def test_plot_level_scores_rejects_a_table_without_its_columns():
    with pytest.raises(ValueError, match="missing columns"):
        plotting.plot_level_scores(pd.DataFrame({"accuracy": [0.5]}, index=["x"]))


def test_plot_level_scores_labels_missing_scores_na_and_never_negative_zero():
    table = pd.DataFrame(
        {
            "r2_levels": [0.995, 0.996],
            "skill_vs_persistence": [-0.001, 0.2],
            "edge_fraction": [np.nan, -2.0],
        },
        index=["persistence", "model"],
    )
    fig = plotting.plot_level_scores(table)
    labels = [[t.get_text().strip() for t in ax.texts] for ax in fig.axes]
    assert labels == [["0.995", "0.996"], ["0.00", "0.20"], ["n/a", "-2.00"]]
    clipped = fig.axes[2].patches[1].get_width()
    assert clipped == pytest.approx(-0.3)  # drawn clipped, labelled with the true value


def test_plot_levels_draws_the_legend_outside_the_axes():
    market, price, _, tomorrow = _test_period()
    fig = plotting.plot_levels(market.index, tomorrow, {"level LSTM": price})
    anchor = (
        fig.axes[0].get_legend().get_bbox_to_anchor().transformed(fig.axes[0].transAxes.inverted())
    )
    assert anchor.x0 >= 1.0


def test_plot_return_forecasts_draws_every_forecast_with_the_legend_outside():
    market, _, returns, _ = _test_period()
    oracle = market["oracle"].to_numpy()
    fig = plotting.plot_return_forecasts(
        market.index, returns, {"model": 0.5 * oracle, "oracle": oracle}, days=40
    )
    ax = fig.axes[0]
    assert len(ax.get_lines()) == 4  # what happened, two forecasts, the zero line
    assert len(ax.get_lines()[1].get_xdata()) == 40
    anchor = ax.get_legend().get_bbox_to_anchor().transformed(ax.transAxes.inverted())
    assert anchor.x0 >= 1.0
