"""The doctor's verdict grid (plotting.plot_findings)."""

from __future__ import annotations

import matplotlib.colors as mcolors
import pandas as pd
import pytest

from helpers import plotting


def _grid() -> pd.DataFrame:
    return pd.DataFrame(
        [["warning", "ok", "info"], ["ok", "critical", "ok"]],
        index=["broken", "fixed"],
        columns=["scale", "overlap", "maxlen"],
    )


def test_every_cell_is_drawn_in_its_severity_colour() -> None:
    fig = plotting.plot_findings(_grid())
    ax = fig.axes[0]
    cells = [p for p in ax.patches if p.get_fill()]
    assert len(cells) == 6
    colours = [mcolors.to_hex(p.get_facecolor()) for p in cells]
    assert colours[0] == plotting.SEVERITY_COLORS["warning"]
    assert colours[4] == plotting.SEVERITY_COLORS["critical"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["scale", "overlap", "maxlen"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["broken", "fixed"]


def test_expected_checks_are_framed_and_unknown_ones_ignored() -> None:
    fig = plotting.plot_findings(_grid(), expected={"broken": ["scale", "not_a_column"], "fixed": []})
    frames = [p for p in fig.axes[0].patches if not p.get_fill()]
    assert len(frames) == 1
    assert frames[0].get_xy() == pytest.approx((0.06, 0.06))


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pd.DataFrame(), "non-empty"),
        (pd.DataFrame([["fine"]], index=["a"], columns=["scale"]), "unknown severities"),
    ],
)
def test_bad_input_is_refused(frame: pd.DataFrame, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        plotting.plot_findings(frame)
