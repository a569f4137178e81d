"""Tests of helpers.plotting.sequences: session lengths, layouts, trailing pads, maxlen curve."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from helpers import plotting


def test_plots_return_figures():
    lengths = np.array([5, 12, 30, 8])
    figs = [
        plotting.plot_lengths(lengths, {"p95": 25}),
        plotting.plot_layouts(
            lengths, {"pre": (10, "pre", "pre"), "post": (10, "post", "post")}, last=3
        ),
        plotting.plot_trailing_pads({"a": pd.Series([0.9, 0.5], index=[0, 5])}),
        plotting.plot_maxlen_curve(
            pd.DataFrame(
                {
                    "maxlen": [5, 30],
                    "edge_fraction": [0.5, 0.9],
                    "edge_low": [0.4, 0.8],
                    "edge_high": [0.6, 1.0],
                    "padded_steps": [500, 3000],
                }
            ),
            mark=30,
            last=8,
        ),
    ]
    assert all(isinstance(f, plt.Figure) for f in figs)
    plt.close("all")
    with pytest.raises(ValueError, match="settings is empty"):
        plotting.plot_layouts(lengths, {}, last=3)
    with pytest.raises(ValueError, match="column"):
        plotting.plot_maxlen_curve(pd.DataFrame({"maxlen": [1]}))
