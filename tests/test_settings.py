"""Tests of helpers.settings: one style, validated, and equal to each chapter's parameters cell.

The chapters keep their literal parameters cell (the reader's control panel); this is the test that
those literals and the settings the registry uses are the same numbers.
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from helpers import settings

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = {int(p.name[:2]): p for p in sorted((ROOT / "notebooks").glob("0[1-8]_*.ipynb"))}
# Parameters that are not settings: how to run the chapter, not what it computes.
NOT_SETTINGS = {"SEED", "FULL"}


def _parameters_cell(path: Path) -> str:
    cells = [
        c
        for c in json.loads(path.read_text())["cells"]
        if c["cell_type"] == "code" and "parameters" in c.get("metadata", {}).get("tags", [])
    ]
    assert len(cells) == 1, f"{path.name}: one cell tagged parameters"
    return "".join(cells[0]["source"])


def test_every_chapter_has_settings():
    assert sorted(NOTEBOOKS) == sorted(settings.CHAPTERS) == [1, 2, 3, 4, 5, 6, 7, 8]


@pytest.mark.parametrize("chapter", sorted(NOTEBOOKS))
def test_parameters_cell_equals_the_chapters_settings(chapter: int):
    source = _parameters_cell(NOTEBOOKS[chapter])
    assert re.search(r"^SEED = 0\b", source, flags=re.M), "SEED = 0 stays a literal line"
    namespace: dict = {}
    exec(compile(source, f"{NOTEBOOKS[chapter].name}:parameters", "exec"), namespace)
    names = {k: v for k, v in namespace.items() if k.isupper()}
    assert names["SEED"] == 0
    ours = settings.CHAPTERS[chapter]
    fields = {f.name for f in dataclasses.fields(ours)}
    checked = {name for name in names if name.lower() in fields}
    for name in checked:
        assert names[name] == getattr(ours, name.lower()), (
            f"chapter {chapter}: {name} = {names[name]!r} but settings.CH{chapter}."
            f"{name.lower()} = {getattr(ours, name.lower())!r}"
        )
    # Every parameter is a setting (or a run option), so none can drift unchecked.
    assert set(names) - checked <= NOT_SETTINGS, set(names) - checked - NOT_SETTINGS
    assert checked, f"chapter {chapter}: no parameter matched a field"


def test_fields_absent_from_a_parameters_cell_are_the_registry_only_ones():
    # Chapter 7's sweep sizes are written in its sweep cell, not its parameters.
    for chapter, ours in settings.CHAPTERS.items():
        source = _parameters_cell(NOTEBOOKS[chapter])
        missing = [f.name for f in dataclasses.fields(ours) if f"{f.name.upper()} =" not in source]
        expected = ["relu_lookback", "relu_n_train", "relu_n_val"] if chapter == 7 else []
        assert missing == expected, (chapter, missing)


def test_settings_are_frozen_and_replace_checks():
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.CH1.lookback = 5  # type: ignore[misc]
    assert settings.CH1.replace(lookback=5).lookback == 5 and settings.CH1.lookback == 10
    with pytest.raises(ValueError, match="n_train must be a positive int"):
        settings.CH1.replace(n_train=0)
    with pytest.raises(TypeError, match="lookback must be an int"):
        settings.CH1.replace(lookback=10.0)
    with pytest.raises(TypeError, match="has no field 'n_dev'"):
        settings.CH1.replace(n_dev=5)
    with pytest.raises(ValueError, match="cannot hold"):
        settings.CH4.replace(n_dev=100)
    with pytest.raises(ValueError, match="drift"):
        settings.CH3.replace(drift=-0.1)


def test_daily_sizes():
    assert settings.CH1.n_days == 16_000 + 2_000 + 9_000 + 30
    assert settings.CH3.crash_day == 8_000
    assert (settings.CH4.gap, settings.CH4.n_days) == (14, 9_000 + 14 + 6_000 + 10 + 5 - 2)
    assert settings.CH5.n_sessions == 8_400
    relu = settings.CH7.relu
    assert (relu.lookback, relu.n_val, relu.n_test) == (60, 500, 6_000)


def test_recipes():
    assert settings.SOUND.kwargs()["batch_size"] == 256
    assert settings.SOUND.learning_rate == 3e-3 and settings.SOUND.early_stopping
    assert settings.CH4_RECIPE.epochs == settings.CH4.epochs
    assert (
        settings.CH7_NO_EARLY_STOPPING.epochs,
        settings.CH7_NO_EARLY_STOPPING.learning_rate,
    ) == (
        12,
        0.03,
    )
    relu = settings.CH7_RELU
    assert (relu.activation, relu.learning_rate, relu.units, relu.loss, relu.clipnorm) == (
        "relu",
        0.3,
        16,
        "mse",
        None,
    )
    assert not relu.early_stopping and not settings.ARTICLE.early_stopping
    assert set(settings.SOUND.kwargs()) == {f.name for f in dataclasses.fields(settings.Recipe)}
    with pytest.raises(ValueError, match="dropout"):
        settings.Recipe(dropout=1.0)
    with pytest.raises(ValueError, match="activation"):
        settings.Recipe(activation="elu")
    with pytest.raises(TypeError, match="early_stopping"):
        settings.Recipe(early_stopping=1)


def test_small_sizes():
    assert (settings.SMALL.n_train, settings.SMALL.n_val, settings.SMALL.n_test) == (
        1_000,
        250,
        2_000,
    )
    assert settings.SMALL.n_future is None and settings.SMALL_CH4.n_future == 1_500
    assert settings.SMALL_CH5.n_sessions == 1_200 and settings.SMALL_CH5.epochs == 1
    assert settings.Thin().n_train is None
    with pytest.raises(ValueError):
        settings.Thin(n_test=0)


def test_settings_setups_and_agreement_do_not_import_tensorflow():
    code = (
        "import sys; import helpers.settings, helpers.setups, helpers.agreement; "
        "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_signal_is_a_keyword_field_of_every_market_default_one_and_checked():
    for chapter, ours in settings.CHAPTERS.items():
        if chapter == 8:  # a real series: no planted signal to scale
            assert not hasattr(ours, "signal")
            continue
        assert ours.signal == 1.0
    assert settings.CH7.replace(signal=0.35).relu.signal == 0.35
    assert settings.CH3.replace(signal=0.5).signal == 0.5  # a subclass keeps it
    with pytest.raises(ValueError, match="signal"):
        settings.CH4.replace(signal=-0.1)


# ------------------------------------------------------------------- direction: up or down


def test_chapter_2_is_a_direction_of_daily_windows():
    ch2 = settings.CHAPTERS[2]
    assert ch2 is settings.CH2
    assert isinstance(ch2, settings.Direction) and isinstance(ch2, settings.Daily)
    assert not isinstance(settings.CH1, settings.Direction)
    assert ch2.n_days == ch2.n_train + ch2.n_val + ch2.n_test + 3 * ch2.lookback
    assert 0 < ch2.drift < 0.01 and ch2.cost >= 0  # a plausible daily drift (validate.daily_drift)


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        (dict(cost=-0.0005), ValueError, "cost must be a non-negative number"),
        (dict(cost=float("nan")), ValueError, "cost"),
        (dict(cost="0.0005"), TypeError, "cost"),
        (dict(epochs=0), ValueError, "epochs must be a positive int"),
        (dict(epochs=-3), ValueError, "epochs"),
        (dict(epochs=10.0), TypeError, "epochs"),
        (dict(drift="0.0015"), TypeError, "drift must be a number"),
        (dict(drift=None), TypeError, "drift"),
        (dict(drift=True), TypeError, "drift"),
        (dict(drift=float("inf")), ValueError, "drift must be finite"),
        (dict(n_test=0), ValueError, "n_test"),  # Daily's checks still run
        (dict(signal=-1.0), ValueError, "signal"),
    ],
)
def test_chapter_2_settings_are_checked(changes, error, message):
    with pytest.raises(error, match=message):
        settings.CH2.replace(**changes)


def test_chapter_2_settings_accept_and_normalise_good_values():
    changed = settings.CH2.replace(
        cost=0, epochs=np.int64(3), drift=np.float32(-0.001), n_train=np.int64(50)
    )
    assert changed.cost == 0.0 and type(changed.cost) is float
    assert changed.epochs == 3 and type(changed.epochs) is int
    assert type(changed.drift) is float and changed.drift == pytest.approx(-0.001)  # a fall too
    assert type(changed.n_train) is int
    assert settings.CH2.epochs == 100, "replace leaves the original alone"
    with pytest.raises(TypeError):
        settings.Direction(lookback=10, n_train=100, n_val=20, n_test=50, epochs=3, drift=0.001)


def test_recipe_output_and_target_fields():
    recipe = settings.Recipe()
    assert recipe.scale_target is True and recipe.output_activation is None
    assert {"scale_target", "output_activation"} <= set(recipe.kwargs())
    for good in ("sigmoid", "softmax", "linear", None):
        assert settings.Recipe(output_activation=good).output_activation == good
    assert settings.Recipe(scale_target=False).kwargs()["scale_target"] is False
    with pytest.raises(ValueError, match="output_activation"):
        settings.Recipe(output_activation="relu")
    with pytest.raises(ValueError, match="output_activation"):
        settings.SOUND.replace(output_activation="Sigmoid")
    for bad in (1, 0, "False", None):
        with pytest.raises(TypeError, match="scale_target must be a bool"):
            settings.Recipe(scale_target=bad)


def test_chapter_2_classifier_is_the_sound_recipe_with_a_sigmoid_output():
    classifier = settings.CH2_CLASSIFIER
    assert classifier.loss == "binary_crossentropy"
    assert classifier.output_activation == "sigmoid"
    assert classifier.scale_target is False
    assert classifier.epochs == settings.CH2.epochs
    # Everything else is chapter 1's sound recipe.
    changed = {"loss", "output_activation", "scale_target", "epochs"}
    ours, sound = classifier.as_dict(), settings.SOUND.as_dict()
    assert {k: v for k, v in ours.items() if k not in changed} == {
        k: v for k, v in sound.items() if k not in changed
    }
    assert (sound["loss"], sound["output_activation"], sound["scale_target"]) == (
        "huber",
        None,
        True,
    )
    # The other recipes keep a regressor's output (one linear unit).
    for recipe in (
        settings.ARTICLE,
        settings.CH4_RECIPE,
        settings.CH7_RELU,
        settings.CH7_NO_EARLY_STOPPING,
    ):
        assert recipe.output_activation is None and recipe.loss != "binary_crossentropy"


# --------------------------------------------------------------------------- a real price series


def test_chapter_8_is_a_real_series_of_fractions():
    ch8 = settings.CHAPTERS[8]
    assert ch8 is settings.CH8 and isinstance(ch8, settings.Prices)
    assert (ch8.lookback, ch8.horizon, ch8.overlap_horizon, ch8.folds) == (20, 1, 5, 4)
    assert (ch8.val, ch8.test) == (0.1, 0.2) and ch8.val + ch8.test < 0.9


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        (dict(val=0.0), ValueError, "val must be a positive number"),
        (dict(test=-0.2), ValueError, "test must be a positive number"),
        (dict(val=1.0), ValueError, r"val is a fraction of the windows in \(0, 1\)"),
        (dict(test=1.5), ValueError, r"test is a fraction"),
        (dict(test=200), ValueError, r"test is a fraction"),  # a count where a fraction goes
        (dict(val="0.1"), TypeError, "val"),
        (dict(test=float("nan")), ValueError, "test"),
        (dict(val=0.4, test=0.5), ValueError, r"val \+ test = 0.90 leaves under a tenth"),
        (dict(val=0.3, test=0.65), ValueError, "leaves under a tenth"),
        (dict(overlap_horizon=1), ValueError, "overlap_horizon must be at least 2"),
        (dict(overlap_horizon=0), ValueError, "overlap_horizon must be a positive int"),
        (dict(folds=1), ValueError, "folds must be an int >= 2"),
        (dict(folds=2.0), TypeError, "folds must be an int"),
        (dict(lookback=0), ValueError, "lookback must be a positive int"),
        (dict(horizon=0), ValueError, "horizon must be a positive int"),
    ],
)
def test_chapter_8_settings_are_checked(changes, error, message):
    with pytest.raises(error, match=message):
        settings.CH8.replace(**changes)


def test_chapter_8_settings_accept_and_normalise_good_values():
    changed = settings.CH8.replace(val=np.float32(0.25), test=1 / 2, folds=np.int64(2))
    assert type(changed.val) is float and changed.val == pytest.approx(0.25)
    assert type(changed.folds) is int and changed.folds == 2
    assert changed.val + changed.test < 0.9  # 0.75: just under the limit is accepted
    assert settings.CH8.replace(overlap_horizon=2).overlap_horizon == 2  # the boundary
    assert settings.CH8.val == 0.1, "replace leaves the original alone"
