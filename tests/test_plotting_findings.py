"""Tests of helpers.plotting.findings: the doctor's verdict grid and the threshold margins."""

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
    fig = plotting.plot_findings(
        _grid(), expected={"broken": ["scale", "not_a_column"], "fixed": []}
    )
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


def _values() -> tuple[pd.DataFrame, dict[str, str]]:
    values = pd.DataFrame(
        {"rms": [1e6, 1.0, 0.9], "skill": [-0.1, 0.2, float("nan")]},
        index=["raw", "sound", "ridge"],
    )
    return values, {"raw": "broken", "sound": "fixed", "ridge": "baseline"}


def test_margins_draw_one_panel_per_quantity_with_its_threshold() -> None:
    values, kinds = _values()
    fig = plotting.plot_margins(values, kinds, {"rms": 10.0, "skill": 0.01}, log=["rms"])
    assert [ax.get_title() for ax in fig.axes] == ["rms", "skill"]
    assert fig.axes[0].get_xscale() == "log" and fig.axes[1].get_xscale() == "linear"
    assert fig.axes[0].lines[0].get_xdata()[0] == 10.0
    broken, sound = fig.axes[1].collections
    assert len(broken.get_offsets()) == 1 and len(sound.get_offsets()) == 1, (
        "the NaN skill is left out"
    )


@pytest.mark.parametrize(
    ("thresholds", "kinds", "message"),
    [
        ({"rms": 10.0}, None, "no threshold"),
        ({"rms": 10.0, "skill": 0.0}, {"raw": "broken"}, "no kind"),
    ],
)
def test_margins_refuse_missing_thresholds_and_kinds(
    thresholds: dict, kinds: dict | None, message: str
) -> None:
    values, default = _values()
    with pytest.raises(ValueError, match=message):
        plotting.plot_margins(values, kinds or default, thresholds)
