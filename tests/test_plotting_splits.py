"""Tests of helpers.plotting.splits: walk-forward folds, scores per epoch, reported vs future."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from helpers import plotting, splits


def _table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "reported accuracy": [0.68, 0.56, 0.55, 0.58],
            "future accuracy": [0.51, 0.55, 0.50, 0.59],
            "reported R2": [0.3, 0.01, np.nan, 0.04],
            "future R2": [-0.4, 0.01, np.nan, 0.05],
        },
        index=["shuffled split (LSTM)", "leak-free (LSTM)", "best of rules", "oracle"],
    )


def test_plot_walk_forward_draws_each_fold_and_the_extra_rows():
    folds = splits.walk_forward(1000, lookback=10, horizon=5, n_splits=4)
    fig = plotting.plot_walk_forward(
        folds,
        1200,
        dates=pd.bdate_range("2000-01-03", periods=1200),
        extra={"true future": np.arange(1100, 1200)},
    )
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "fold 1",
        "fold 2",
        "fold 3",
        "fold 4",
        "true future",
    ]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert {"training", "validation", "gap", "true future"} <= set(labels)


def test_plot_walk_forward_without_dates():
    fig = plotting.plot_walk_forward(splits.walk_forward(100, lookback=3, n_splits=2), 100)
    assert fig.axes[0].get_xlabel().startswith("window")


@pytest.mark.parametrize(
    "folds, n, kwargs",
    [
        ([], 100, {}),
        ([(np.arange(10), np.arange(20, 30))], 0, {}),
        ([(np.arange(10), np.arange(20, 130))], 100, {}),
        (
            [(np.arange(10), np.arange(20, 30))],
            100,
            {"dates": pd.bdate_range("2000-01-03", periods=5)},
        ),
    ],
)
def test_plot_walk_forward_rejects_bad_input(folds, n, kwargs):
    with pytest.raises(ValueError):
        plotting.plot_walk_forward(folds, n, **kwargs)
    assert not plt.get_fignums()


def test_plot_epoch_scores_one_panel_per_run():
    curves = {
        "shuffled": {"validation": [0.0, 0.1, 0.3], "true future": [0.0, -0.2, -0.4]},
        "chronological": {"validation": [0.02, 0.01]},
    }
    fig = plotting.plot_epoch_scores(curves, best={"shuffled": 3})
    assert [ax.get_title() for ax in fig.axes] == ["shuffled", "chronological"]
    assert len(fig.axes[0].get_lines()) >= 3  # two curves and the kept epoch


@pytest.mark.parametrize(
    "curves", [{}, {"run": {}}, {"run": {"validation": []}}, {"run": [0.1, 0.2]}]
)
def test_plot_epoch_scores_rejects_bad_input(curves):
    with pytest.raises(ValueError):
        plotting.plot_epoch_scores(curves)
    assert not plt.get_fignums()


def test_plot_reported_vs_future_two_panels_and_missing_scores():
    fig = plotting.plot_reported_vs_future(_table(), colors={"leak-free (LSTM)": "#2166ac"})
    assert len(fig.axes) == 2
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == list(_table().index)
    low, high = fig.axes[1].get_xlim()
    assert low < -0.4 and high > 0.3
    assert fig.axes[1].get_xlabel() == "R²"
    plt.close(fig)


def test_plot_reported_vs_future_names_its_score_and_drops_the_oracle_title_without_one():
    table = _table().drop(index="oracle", errors="ignore")
    fig = plotting.plot_reported_vs_future(table, r2_label="skill over the mean")
    try:
        assert fig.axes[1].get_xlabel() == "skill over the mean"
        assert fig.axes[1].get_title(loc="left") == ""
    finally:
        plt.close(fig)


@pytest.mark.parametrize(
    "table",
    [
        _table().drop(columns="future R2"),
        _table().iloc[:0],
        _table().assign(**{"reported R2": np.nan, "future R2": np.nan}),
    ],
)
def test_plot_reported_vs_future_rejects_bad_tables(table):
    with pytest.raises(ValueError):
        plotting.plot_reported_vs_future(table)
    assert not plt.get_fignums()
