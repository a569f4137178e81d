"""helpers.plotting.sample_size: learning curves over training days, and the remedies."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from helpers import plotting


def _results() -> pd.DataFrame:
    rows = []
    rng = np.random.default_rng(0)
    for signal in (1.0, 0.1):
        for n in (250, 1_000, 4_000):
            for seed in range(3):
                for model, variant in (
                    ("lstm", "sound"),
                    ("ridge", "sound"),
                    ("hgb", "sound"),
                    ("lstm", "pooled4"),
                ):
                    if variant != "sound" and n == 250:
                        continue
                    rows.append(
                        {
                            "model": model,
                            "variant": variant,
                            "signal": signal,
                            "n_train": n,
                            "seed": seed,
                            "edge": float(rng.uniform(0, 1)),
                            "oracle_accuracy": 0.53 if signal < 1 else 0.73,
                        }
                    )
    return pd.DataFrame(rows)


def test_one_panel_per_signal_with_a_band_per_model():
    fig = plotting.plot_edge_by_size(_results())
    axes = [ax for ax in fig.axes if ax.get_visible() and ax.get_xscale() == "log"]
    assert len(axes) == 2
    assert axes[0].get_title().startswith("signal 1:")
    labels = axes[0].get_legend_handles_labels()[1]
    assert {"sound LSTM", "ridge", "gradient boosting", "oracle"} <= set(labels)
    assert len(axes[0].collections) == 3  # one band per model


def test_the_remedies_at_one_signal():
    fig = plotting.plot_remedies(_results(), signal=0.1)
    ax = fig.axes[0]
    labels = ax.get_legend_handles_labels()[1]
    pooled = "LSTM, pooled4 (4 markets: 4 × n days in all)"
    assert labels == ["sound LSTM", pooled, "ridge", "gradient boosting"]
    ticks = [t.get_text().split(" ")[2] for t in ax.get_xticklabels()]
    assert ticks == ["1,000", "4,000"]


def test_bad_results_are_refused():
    with pytest.raises(ValueError, match="lack the columns"):
        plotting.plot_edge_by_size(pd.DataFrame({"edge": [0.1]}))
    with pytest.raises(ValueError, match="no variant ran"):
        plotting.plot_remedies(_results(), signal=0.35)
    with pytest.raises(TypeError, match="DataFrame"):
        plotting.plot_remedies([1, 2], signal=0.1)
