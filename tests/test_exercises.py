"""helpers.exercises: right answers pass, recognised mistakes get their message, and no reply
ever contains the right answer."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import exercises
from helpers import settings as settings_

CONTEXTS = {
    "purge_windows": {"horizon": 5, "lookback": 10},
    "lstm_weights": {"units": 32, "inputs": 4},
    "ridge_short_edge": {"signal": 0.1, "n_train": 4_000},
}


def _full(name: str, seed: int) -> dict:
    ex = exercises.EXERCISES[name]
    return {
        "seed": seed,
        "settings": exercises._DEFAULT_SETTINGS[ex.chapter],
        "units": 32,
        "inputs": 4,
        **CONTEXTS.get(name, {}),
    }


def _context(name: str, seed: int) -> dict:
    return {"seed": seed, **CONTEXTS.get(name, {})}


def _renderings(x: float) -> set[str]:
    return {f"{x:.{d}f}" for d in range(1, 5)} | {f"{x:.0%}", f"{x:.1%}", str(x), f"{x:g}"}


def _leaks(message: str, right: float) -> bool:
    message = message.replace("between 0 and 1", "")  # the percentage hint's own words
    numbers = set(re.findall(r"-?\d+(?:\.\d+)?%?", message))
    return bool(numbers & _renderings(right))


@pytest.mark.parametrize("name", sorted(exercises.EXERCISES))
@pytest.mark.parametrize("seed", [0, 7])
def test_the_right_answer_is_right_and_each_mistake_is_named(name, seed):
    ex = exercises.EXERCISES[name]
    full = _full(name, seed)
    right = ex.answer(full)
    assert exercises.check(name, right, **_context(name, seed)).correct
    named = 0
    for wrong, message in ex.mistakes:
        value = wrong(full)
        if abs(value - right) <= ex.tolerance:
            continue  # on this seed the mistake happens to give the right number
        reply = exercises.check(name, value, **_context(name, seed))
        assert not reply.correct
        assert message in reply.message, (name, value, reply.message)
        assert not _leaks(reply.message, right), reply.message
        named += 1
    assert named >= 1, f"{name}: no recognised mistake differs from the answer on seed {seed}"


@pytest.mark.parametrize("name", sorted(exercises.EXERCISES))
def test_an_unrecognised_wrong_answer_says_which_way_and_where_to_look(name):
    ex = exercises.EXERCISES[name]
    right = ex.answer(_full(name, 0))
    for factor, side in ((3.0, "high"), (-1.0, "low")):
        wrong = right * factor + (7 if factor > 0 else -7)
        reply = exercises.check(name, wrong, **_context(name, 0))
        assert not reply.correct
        assert f"too {side}" in reply.message and ex.where in reply.message
        assert not _leaks(reply.message, right)


def test_the_answer_depends_on_the_readers_seed_and_settings():
    a = exercises.EXERCISES["oracle_accuracy"].answer(_full("oracle_accuracy", 0))
    b = exercises.EXERCISES["oracle_accuracy"].answer(_full("oracle_accuracy", 1))
    assert a != b
    assert exercises.check("oracle_accuracy", a, seed=0).correct
    assert not exercises.check("oracle_accuracy", a, seed=1).correct
    weak = settings_.CH1.replace(signal=0.35)
    assert not exercises.check("oracle_accuracy", a, seed=0, settings=weak).correct


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 30), st.integers(1, 60))
def test_purging_needs_horizon_minus_one_windows(horizon, lookback):
    assert exercises.check("purge_windows", horizon - 1, horizon=horizon, lookback=lookback).correct
    assert not exercises.check("purge_windows", horizon, horizon=horizon, lookback=lookback).correct


def test_bad_input_is_refused_clearly():
    with pytest.raises(ValueError, match="no exercise 'nope'"):
        exercises.check("nope", 1)
    with pytest.raises(TypeError, match="must be a number"):
        exercises.check("oracle_accuracy", "0.7")
    with pytest.raises(TypeError, match="must be a number"):
        exercises.check("oracle_accuracy", True)
    with pytest.raises(TypeError, match="needs horizon"):
        exercises.check("purge_windows", 4, lookback=10)
    with pytest.raises(TypeError, match="does not take"):
        exercises.check("oracle_accuracy", 0.7, horizon=5)
    reply = exercises.check("oracle_accuracy", float("nan"))
    assert not reply.correct and "finite" in reply.message
    assert exercises.check("lstm_weights", np.int64(4736), units=32, inputs=4).correct


def test_no_answer_yet_is_not_an_error():
    reply = exercises.check("oracle_accuracy", None)
    assert not reply.correct and "No answer yet" in str(reply)


def test_every_chapter_has_an_exercise_and_a_question():
    assert {ex.chapter for ex in exercises.EXERCISES.values()} >= set(range(1, 9))
    for name in exercises.EXERCISES:
        text = exercises.question(name)
        assert f"exercises.check({name!r}, answer" in text
