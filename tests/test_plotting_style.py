"""Tests of helpers.plotting._style: the shared colours and the one rule that colours a name."""

from __future__ import annotations

import matplotlib.colors as mcolors
import pytest

from helpers import doctor
from helpers.plotting import _style
from helpers.plotting._style import COLORS, SEVERITY_COLORS, _color


@pytest.mark.parametrize(
    ("name", "key"),
    [
        # chapter figures' own names, with the colour each figure drew before the rule was shared
        ("sound LSTM", "sound"),
        ("article LSTM", "article"),
        ("article LSTM (its 'validation' set is the test set)", "article"),
        ("ridge", "ridge"),
        ("naive", "naive"),
        ("persistence", "persistence"),
        ("oracle", "oracle"),
        ("broken: raw, unscaled", "broken"),
        ("fixed: stationary + standard", "fixed"),
        ("level LSTM", "broken"),
        ("level LSTM, price only", "broken"),
        ("return LSTM, four inputs", "fixed"),
        ("level LSTM, price only (broken)", "broken"),
        ("return LSTM, four inputs (fixed)", "fixed"),
        ("ch1_sound_lstm (fixed)", "sound"),
        ("naive (baseline)", "naive"),
    ],
)
def test_a_name_gets_the_colour_of_what_it_names(name, key):
    assert _color(name, 7) == COLORS[key]


@pytest.mark.parametrize(
    "name", ["price level, standardised", "log return, standardised", "true future", "training"]
)
def test_other_names_get_matplotlibs_cycle(name):
    """Only a model named after its target ("level LSTM", "return LSTM") takes the level/return
    colours: a feature such as "price level, standardised" keeps its place in the cycle.
    """
    assert _color(name, 1) == "C1"
    assert _color(name, 13) == "C3"


def test_the_rule_is_case_blind_and_tries_the_keys_in_order():
    assert _color("ORACLE", 0) == _color("oracle", 0) == COLORS["oracle"]
    assert _color("naive vs oracle", 0) == COLORS["naive"]  # naive comes first in COLORS
    assert _color("sound ridge", 0) == COLORS["ridge"]
    assert [key for key, _ in _style._NAME_RULES[: len(COLORS)]] == list(COLORS)


def test_colours_are_valid_and_severities_match_the_doctor():
    for colour in [*COLORS.values(), *SEVERITY_COLORS.values()]:
        assert mcolors.is_color_like(colour)
    assert tuple(SEVERITY_COLORS) == doctor.SEVERITIES
    assert COLORS["broken"] == COLORS["article"] and COLORS["fixed"] == COLORS["sound"]
