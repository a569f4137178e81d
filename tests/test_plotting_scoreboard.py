"""helpers.plotting.scoreboard: the scoreboard as a dot-and-range figure."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection

from helpers import plotting


def _runs() -> pd.DataFrame:
    rows = []
    spec = [
        ("ch1_sound", 1, "fixed", [0.9, 0.95, 0.92]),
        ("naive", 1, "baseline", [0.0, 0.0, 0.0]),
        ("article_example3", 1, "article", [0.6, 0.7, 0.65]),
        ("ch3_unscaled", 2, "broken", [-2.0, -1.5, -1.0]),
        ("ch3_diverged", 2, "broken", [np.nan, np.nan, np.nan]),
        ("ch3_robust", 2, "fixed", [0.94, 0.95, 0.96]),
    ]
    for name, chapter, kind, edges in spec:
        for seed, edge in enumerate(edges):
            rows.append(
                {
                    "name": name,
                    "chapter": chapter,
                    "kind": kind,
                    "seed": seed,
                    "edge_fraction": edge,
                }
            )
    return pd.DataFrame(rows)


def test_one_row_per_pipeline_by_chapter_then_kind_with_its_range_over_seeds():
    fig = plotting.plot_scoreboard(_runs())
    try:
        ax = fig.axes[0]
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert labels == [
            "article_example3",
            "ch1_sound",
            "naive",
            "ch3_unscaled",
            "ch3_diverged",
            "ch3_robust",
        ]
        (ranges,) = [c for c in ax.collections if isinstance(c, LineCollection)]
        spans = {labels[int(s[0][1])]: (s[0][0], s[1][0]) for s in ranges.get_segments() if len(s)}
        assert "ch3_diverged" not in spans  # no range for a pipeline with no forecast
        assert spans["ch1_sound"] == pytest.approx((0.9, 0.95))
        assert spans["ch3_unscaled"] == pytest.approx((-0.5, -0.5))  # clipped, and said so
        texts = [t.get_text() for t in ax.texts]
        assert "-1.5" in texts  # the clipped mean, written beside its arrow
        assert any("diverged" in t for t in texts)
        assert {"ch. 1", "ch. 2"} <= set(texts)
        assert "3 seeds" in ax.get_title()
    finally:
        plt.close(fig)


def test_rejects_what_is_not_a_scoreboard_and_leaves_no_figure():
    with pytest.raises(TypeError, match="DataFrame"):
        plotting.plot_scoreboard([1, 2])
    with pytest.raises(ValueError, match="lacks the columns"):
        plotting.plot_scoreboard(_runs().drop(columns="kind"))
    with pytest.raises(ValueError, match="empty"):
        plotting.plot_scoreboard(_runs().iloc[:0])
    with pytest.raises(ValueError, match="unknown kinds"):
        plotting.plot_scoreboard(_runs().assign(kind="other"))
    assert plt.get_fignums() == []


def test_real_market_pipelines_are_left_to_the_table_not_drawn_as_diverged():
    real = pd.DataFrame(
        {
            "name": ["ch8_honest"] * 3,
            "chapter": [8] * 3,
            "kind": ["fixed"] * 3,
            "seed": [0, 1, 2],
            "edge_fraction": [np.nan] * 3,
            "skill": [0.001, -0.002, 0.003],
        }
    )
    runs = pd.concat([_runs().assign(skill=np.nan), real], ignore_index=True)
    fig = plotting.plot_scoreboard(runs)
    try:
        ax = fig.axes[0]
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert "ch8_honest" not in labels and "ch3_diverged" in labels
        texts = [t.get_text() for t in ax.texts]
        assert sum("diverged" in t for t in texts) == 1  # ch3_diverged's, not the real market's
        assert "ch. 8" not in texts
        assert "1 on a real market" in ax.get_title()
    finally:
        plt.close(fig)
    with pytest.raises(ValueError, match="without an oracle"):
        plotting.plot_scoreboard(real)
    assert plt.get_fignums() == []
