"""Tests of helpers.plotting.training: each figure draws from valid input and rejects bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from helpers import plotting


def _stability() -> pd.DataFrame:
    rows = [
        {
            "lookback": lb,
            "activation": a,
            "learning rate": 0.1,
            "seed": s,
            "worst loss": (np.inf if (a == "relu" and lb == 60 and s == 1) else 1.0 + s),
            "max |h|": 1.0,
        }
        for lb in (10, 60)
        for a in ("tanh", "relu")
        for s in (0, 1)
    ]
    return pd.DataFrame(rows)


def test_activation_stability_draws_one_group_per_setting_even_with_an_infinite_loss():
    fig = plotting.plot_activation_stability(_stability())
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_yscale() == "log" and len(ax.get_xticks()) == 2
    with pytest.raises(ValueError, match="activation_sweep"):
        plotting.plot_activation_stability(pd.DataFrame({"seed": [0]}))


def test_reach_has_two_panels_with_a_log_gradient_axis():
    accuracy = pd.DataFrame(
        {"LSTM": [0.99, 0.6], "SimpleRNN": [0.99, 0.8]}, index=pd.Index([1, 16], name="lag")
    )
    gradients = pd.DataFrame({"LSTM": [1.0, 1e-3], "SimpleRNN": [1.0, 1e-2]})
    fig = plotting.plot_reach(accuracy, gradients)
    assert len(fig.axes) == 2 and fig.axes[1].get_yscale() == "log"
    assert len(fig.axes[0].lines) == 3  # two cells and the chance line
    with pytest.raises(ValueError, match="non-empty"):
        plotting.plot_reach(pd.DataFrame(), gradients)


def test_lr_curves_draw_validation_and_training_per_rate():
    histories = {
        "lr 0.1": {"loss": [1.0, 0.9], "val_loss": [1.1, 1.2]},
        "lr 0.01": {"loss": [1.0, 0.95], "val_loss": [1.0, 0.9]},
    }
    fig = plotting.plot_lr_curves(histories)
    assert len(fig.axes[0].lines) == 4
    with pytest.raises(ValueError, match="val_loss"):
        plotting.plot_lr_curves({"x": {"loss": [1.0]}})
    with pytest.raises(ValueError, match="empty"):
        plotting.plot_lr_curves({})


def test_search_circles_each_pick_and_draws_the_diagonal():
    index = pd.MultiIndex.from_tuples([(5, 3), (5, 30)], names=["lookback", "neighbours"])
    tables = {
        "shuffled k-fold": pd.DataFrame({"cv": [0.1, 0.0], "future": [-0.2, 0.0]}, index=index),
        "walk-forward": pd.DataFrame({"cv": [-0.2, 0.0], "future": [-0.2, 0.0]}, index=index),
    }
    fig = plotting.plot_search(tables)
    assert len(fig.axes[0].collections) == 4 and len(fig.axes[0].lines) == 1
    with pytest.raises(ValueError, match="grid_search"):
        plotting.plot_search({"x": pd.DataFrame()})


def test_activation_stability_labels_an_overflowed_run():
    fig = plotting.plot_activation_stability(_stability())
    assert [t.get_text() for t in fig.axes[0].texts] == ["NaN / inf"]


def _ablation() -> pd.DataFrame:
    rows = [
        {
            "variant": v,
            "base": b,
            "seed": s,
            "edge": np.nan if (v == "sound + relu" and s == 1) else 0.5 + 0.1 * s,
            "edge_low": 0.4,
            "edge_high": 0.8,
        }
        for v, b in (("article", "article"), ("sound", "sound"), ("sound + relu", "sound"))
        for s in (0, 1)
    ]
    return pd.DataFrame(rows)


def test_ablation_draws_one_tick_per_variant_even_with_a_diverged_run():
    fig = plotting.plot_ablation(_ablation())
    assert isinstance(fig, Figure)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["article", "sound", "sound + relu"]


def test_ablation_rejects_a_table_without_intervals():
    with pytest.raises(ValueError, match="columns"):
        plotting.plot_ablation(_ablation().drop(columns="edge_low"))
    with pytest.raises(ValueError, match="empty"):
        plotting.plot_ablation(_ablation().iloc[:0])
