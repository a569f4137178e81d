"""Tests of helpers.doctor: the registry, a positive and a negative case for every check, the
verdicts issue 15 found wrong (each test says what the doctor before it did), practitioners'
inputs (pandas, a non-Keras model, the command line), bad input, and the report.
"""

from __future__ import annotations

import dataclasses
import inspect
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import doctor, sequences, splits, windows

LOOKBACK = 10
ROOT = Path(__file__).resolve().parents[1]
# Keras warns about a softmax over one unit; the tests build that mistake on purpose.
pytestmark = pytest.mark.filterwarnings("ignore:You are using a softmax over axis -1:UserWarning")


# ------------------------------------------------------------------------------------- data


def _days(n_days: int, n_features: int = 3, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    index = pd.bdate_range("2020-01-01", periods=n_days)
    return pd.DataFrame(
        rng.standard_normal((n_days, n_features)),
        index=index,
        columns=[f"x{i}" for i in range(n_features)],
    )


def _sound(n_days: int = 700, seed: int = 0, n_features: int = 3) -> dict:
    """A standardised, chronologically split dataset with an embargo, and a target unrelated to the
    features.
    """
    rng = np.random.default_rng(seed + 1)
    frame = _days(n_days, n_features, seed)
    target = pd.Series(rng.standard_normal(n_days), index=frame.index)
    w = windows.make_windows(frame, target, LOOKBACK)
    split = splits.chronological(len(w), lookback=LOOKBACK, val=60, test=150)
    train, val, test = w.take(split.train), w.take(split.val), w.take(split.test)
    return {
        "X_train": train.X,
        "y_train": train.y,
        "X_test": test.X,
        "y_test": test.y,
        "X_val": val.X,
        "y_val": val.y,
        "train_index": train.ends,
        "test_index": test.ends,
        "feature_names": list(w.feature_names),
    }


def _split(
    frame: pd.DataFrame, target: pd.Series, *, lookback: int = LOOKBACK, horizon: int = 1
) -> dict:
    """Windows of ``frame`` with ``target``, split chronologically with the right purge."""
    w = windows.make_windows(frame, target, lookback, horizon=horizon)
    split = splits.chronological(len(w), lookback=lookback, horizon=horizon, val=1, test=600)
    train, test = w.take(split.train), w.take(split.test)
    return {
        "X_train": train.X,
        "y_train": train.y,
        "X_test": test.X,
        "y_test": test.y,
        "train_index": train.ends,
        "test_index": test.ends,
        "feature_names": list(w.feature_names),
    }


def _ar1(n: int, phi: float, rng: np.random.Generator) -> np.ndarray:
    signal, shocks = np.zeros(n), rng.standard_normal(n)
    for t in range(1, n):
        signal[t] = phi * signal[t - 1] + np.sqrt(1 - phi**2) * shocks[t]
    return signal


def _market(n: int = 3000, seed: int = 0) -> dict:
    """Daily returns (1% noise), their dates, an honest persistent signal, and price levels."""
    rng = np.random.default_rng(seed)
    index = pd.bdate_range("2010-01-01", periods=n)
    noise = pd.Series(0.01 * rng.standard_normal(n), index=index)
    signal = _ar1(n, 0.7, rng)
    return {
        "index": index,
        "returns": noise,
        "signal": signal,
        "price": 100 * np.exp(noise.cumsum()),
        "noise_feature": rng.standard_normal(n),
        "rng": rng,
    }


def _prices(n_days: int = 900, seed: int = 0) -> tuple[pd.DataFrame, pd.Series]:
    rng = np.random.default_rng(seed)
    returns = 0.01 * rng.standard_normal(n_days)
    frame = pd.DataFrame(
        {"price": 100 * np.exp(np.cumsum(returns)), "flow": rng.standard_normal(n_days)},
        index=pd.bdate_range("2020-01-01", periods=n_days),
    )
    return frame, pd.Series(returns, index=frame.index)


@pytest.fixture(scope="module")
def sound() -> dict:
    return _sound()


@pytest.fixture(scope="module")
def sessions_data() -> dict:
    """Ragged float sequences with lengths 5-60, standardised, and binary labels."""
    rng = np.random.default_rng(3)
    lengths = np.clip(np.round(rng.lognormal(np.log(20), 0.5, 300)), 5, 60).astype(int)
    seqs = [rng.standard_normal((n, 2)).astype(np.float32) for n in lengths]
    label = rng.integers(0, 2, len(seqs)).astype(float)
    return {
        "seqs": seqs,
        "label": label,
        "lengths": lengths,
        "p95": sequences.maxlen_at(lengths, 95),
    }


def _padded(data: dict, maxlen: int, **kwargs: object) -> dict:
    X = sequences.pad(data["seqs"], maxlen, **kwargs)
    return {
        "X_train": X[:200],
        "y_train": data["label"][:200],
        "X_test": X[200:],
        "y_test": data["label"][200:],
    }


def _lstm(lookback: int, n_features: int, *, units: int = 4, **kwargs: object) -> object:
    from helpers.nn import models

    return models.build_lstm(lookback, n_features, units=units, **kwargs)


def _keras_model(lookback: int, n_features: int, head: Callable, **compile_kwargs: object):
    import keras

    keras.utils.set_random_seed(0)
    inputs = keras.Input((lookback, n_features))
    model = keras.Model(inputs, head(keras.layers.LSTM(4)(inputs)))
    model.compile(optimizer="adam", loss="mse", **compile_kwargs)
    return model


class _History:
    """What keras' fit() returns, for the tests: a .history dict and .params."""

    def __init__(self, history: dict, epochs: int) -> None:
        self.history = history
        self.params = {"epochs": epochs, "verbose": 0}


def _curve(epochs: int, best: int, worse: float = 0.3) -> dict:
    """A training curve whose validation loss is lowest at epoch ``best`` (1-based)."""
    val = np.r_[
        np.linspace(1.0, 0.6, best), np.linspace(0.6, 0.6 * (1 + worse), epochs - best + 1)[1:]
    ]
    return {"loss": list(np.linspace(1.0, 0.2, epochs)), "val_loss": list(val)}


def _binary(sound: dict, seed: int = 0) -> dict:
    """The sound windows with a balanced 0/1 target (1 when feature x0 ends above 0, mostly)."""
    rng = np.random.default_rng(seed)
    out = dict(sound)
    for part in ("train", "test", "val"):
        x = sound[f"X_{part}"][:, -1, 0] + 2.0 * rng.standard_normal(len(sound[f"X_{part}"]))
        out[f"y_{part}"] = (x > 0).astype(float)
    return out


# ------------------------------------------------------------------ every check: a positive case


def _pos_accuracy_metric(sound: dict, sessions: dict) -> dict:
    model = _keras_model(
        LOOKBACK, 3, lambda h: __import__("keras").layers.Dense(1)(h), metrics=["accuracy"]
    )
    return {**sound, "model": model}


def _pos_one_unit_softmax(sound: dict, sessions: dict) -> dict:
    import keras

    model = _keras_model(LOOKBACK, 3, lambda h: keras.layers.Dense(1, activation="softmax")(h))
    return {**_binary(sound), "model": model}


def _pos_below_majority(sound: dict, sessions: dict) -> dict:
    data = _binary(sound)
    return {**data, "y_pred": np.full(len(data["y_test"]), 0.9)}  # always the majority, or worse


def _pos_scale(sound: dict, sessions: dict) -> dict:
    factor = [1.0, 1e6, 100.0]
    return {**sound, "X_train": sound["X_train"] * factor, "X_test": sound["X_test"] * factor}


def _pos_drift(sound: dict, sessions: dict) -> dict:
    return {**sound, "X_test": sound["X_test"] + [0.0, 4.0, 0.0]}


def _pos_overlap(sound: dict, sessions: dict) -> dict:
    frame = _days(600)
    w = windows.make_windows(frame, frame["x0"].shift(-1).fillna(0.0), LOOKBACK)
    rows = np.random.default_rng(0).permutation(len(w))
    tr, te = np.sort(rows[:400]), np.sort(rows[400:])
    return dict(
        X_train=w.X[tr],
        y_train=w.y[tr],
        X_test=w.X[te],
        y_test=w.y[te],
        train_index=w.ends[tr],
        test_index=w.ends[te],
    )


def _moving_average_leak() -> dict:
    """A centred 9-day moving average of the returns (it sees 4 days ahead), daily target."""
    m = _market()
    frame = pd.DataFrame(
        {
            "smoothed": m["returns"].rolling(9, center=True, min_periods=1).mean(),
            "noise": m["noise_feature"],
        },
        index=m["index"],
    )
    return _split(frame, m["returns"].shift(-1).fillna(0.0))


def _honest_predictor(r: float = 0.45) -> dict:
    """A persistent signal that forecasts tomorrow's return at correlation ``r``, honestly."""
    m = _market()
    rng = m["rng"]
    target = r * m["signal"] + np.sqrt(1 - r**2) * rng.standard_normal(len(m["signal"]))
    frame = pd.DataFrame(
        {"signal": m["signal"], "noise": m["noise_feature"], "return": np.r_[0.0, target[:-1]]},
        index=m["index"],
    )
    return _split(frame, pd.Series(target, index=m["index"]))


def _pos_lookahead(sound: dict, sessions: dict) -> dict:
    return _moving_average_leak()


def _pos_val_is_test(sound: dict, sessions: dict) -> dict:
    return {**sound, "X_val": sound["X_test"], "y_val": sound["y_test"]}


def _pos_trailing_pad(sound: dict, sessions: dict) -> dict:
    return _padded(sessions, sessions["p95"], padding="post")


def _pos_truncation(sound: dict, sessions: dict) -> dict:
    return {**_padded(sessions, 15, truncating="post"), "sequences": sessions["seqs"][:200]}


def _pos_int_dtype(sound: dict, sessions: dict) -> dict:
    import keras

    cast = keras.utils.pad_sequences(sessions["seqs"], maxlen=sessions["p95"])  # int32
    return dict(
        X_train=cast[:200],
        y_train=sessions["label"][:200],
        X_test=cast[200:],
        y_test=sessions["label"][200:],
        sequences=sessions["seqs"][:200],
    )


def _pos_maxlen(sound: dict, sessions: dict) -> dict:
    return {**_padded(sessions, 8), "lengths": sessions["lengths"][:200]}


def _pos_level_target(sound: dict, sessions: dict) -> dict:
    frame, _ = _prices()
    return _split(frame, frame["price"].shift(-1).ffill())


def _pos_no_skill(sound: dict, sessions: dict) -> dict:
    return {**sound, "y_pred": np.full(len(sound["y_test"]), sound["y_train"].mean())}


def _pos_relu_lstm(sound: dict, sessions: dict) -> dict:
    from helpers.nn import models

    return {**sound, "model": models.build_article_lstm(LOOKBACK, 3)}


def _pos_gradients(sound: dict, sessions: dict) -> dict:
    """Raw magnitudes near 1e6 saturate every gate: no gradient reaches the inputs."""
    big = {k: sound[k] * 1e6 + 1e6 for k in ("X_train", "X_test")}
    return {**sound, **big, "X_val": None, "y_val": None, "model": _lstm(LOOKBACK, 3, units=8)}


def _pos_no_early_stopping(sound: dict, sessions: dict) -> dict:
    return {**sound, "history": _curve(30, 5)}


POSITIVE: dict[str, Callable[[dict, dict], dict]] = {
    name.removeprefix("_pos_"): fn for name, fn in globals().items() if name.startswith("_pos_")
}


# ------------------------------------------------------------------ every check: a negative case


def _neg_accuracy_metric(sound: dict, sessions: dict) -> dict:
    import keras

    binary = _binary(sound)
    model = _keras_model(
        LOOKBACK, 3, lambda h: keras.layers.Dense(1, activation="sigmoid")(h), metrics=["accuracy"]
    )  # accuracy on a 0/1 target: what it is for
    return {**binary, "model": model}


def _neg_one_unit_softmax(sound: dict, sessions: dict) -> dict:
    import keras

    model = _keras_model(LOOKBACK, 3, lambda h: keras.layers.Dense(1, activation="sigmoid")(h))
    return {**_binary(sound), "model": model}


def _neg_below_majority(sound: dict, sessions: dict) -> dict:
    data = _binary(sound)
    probability = 1 / (1 + np.exp(-3 * sound["X_test"][:, -1, 0]))
    return {**data, "y_pred": probability}


def _neg_sound(sound: dict, sessions: dict) -> dict:
    return dict(sound)


def _neg_lookahead(sound: dict, sessions: dict) -> dict:
    return _honest_predictor()


def _neg_trailing_pad(sound: dict, sessions: dict) -> dict:
    return _padded(sessions, sessions["p95"])


def _neg_truncation(sound: dict, sessions: dict) -> dict:
    return {**_padded(sessions, 15, truncating="pre"), "sequences": sessions["seqs"][:200]}


def _neg_int_dtype(sound: dict, sessions: dict) -> dict:
    return {**_padded(sessions, sessions["p95"]), "sequences": sessions["seqs"][:200]}


def _neg_maxlen(sound: dict, sessions: dict) -> dict:
    return {**_padded(sessions, sessions["p95"]), "lengths": sessions["lengths"][:200]}


def _neg_level_target(sound: dict, sessions: dict) -> dict:
    frame, returns = _prices()
    return _split(frame[["flow"]].assign(ret=returns), returns.shift(-1).fillna(0.0))


def _neg_no_skill(sound: dict, sessions: dict) -> dict:
    return {**sound, "y_pred": 0.8 * sound["y_test"]}


def _neg_relu_lstm(sound: dict, sessions: dict) -> dict:
    return {**sound, "model": _lstm(LOOKBACK, 3)}


def _neg_gradients(sound: dict, sessions: dict) -> dict:
    return {**sound, "model": _lstm(LOOKBACK, 3, units=8), "history": {"loss": [1.0, 0.9, 0.8]}}


def _neg_no_early_stopping(sound: dict, sessions: dict) -> dict:
    restored = {**_curve(11, 5), "restore_best_weights": True}  # patience 6, best weights back
    return {**sound, "history": restored}


NEGATIVE: dict[str, Callable[[dict, dict], dict]] = {
    **{c: _neg_sound for c in ("scale", "drift", "overlap", "val_is_test")},
    **{
        name.removeprefix("_neg_"): fn
        for name, fn in globals().items()
        if name.startswith("_neg_") and name != "_neg_sound"
    },
}


# ------------------------------------------------------------------------------- the registry


def test_the_registry_holds_exactly_the_seventeen_checks() -> None:
    assert list(doctor.CHECKS) == [
        "accuracy_metric",
        "one_unit_softmax",
        "below_majority",
        "scale",
        "drift",
        "overlap",
        "lookahead",
        "val_is_test",
        "trailing_pad",
        "truncation",
        "int_dtype",
        "maxlen",
        "level_target",
        "no_skill",
        "relu_lstm",
        "gradients",
        "no_early_stopping",
    ]


@pytest.mark.parametrize("check_id", list(doctor.CHECKS))
def test_each_check_is_registered_completely(check_id: str) -> None:
    check = doctor.CHECKS[check_id]
    arguments = set(inspect.signature(doctor.examine).parameters)
    assert check.id == check_id and check.fix and check.title
    assert check.page in doctor.PAGES
    assert all(name in arguments for group in check.needs for name in group)
    assert set(check.kinds) <= set(doctor.KINDS)
    assert check.kinds == doctor.KINDS or check.why_not
    params = list(inspect.signature(check.run).parameters)
    assert params == ["ev"], "every check takes the evidence, and only it"
    assert check_id in POSITIVE and check_id in NEGATIVE, "add a positive and a negative case"


def test_chapter_numbers_live_in_the_registry() -> None:
    chapters = {c.id: c.chapter for c in doctor.CHECKS.values()}
    assert {chapters[c] for c in ("accuracy_metric", "one_unit_softmax", "below_majority")} == {2}
    assert (chapters["scale"], chapters["overlap"], chapters["trailing_pad"]) == (3, 4, 5)
    assert (chapters["level_target"], chapters["no_early_stopping"]) == (6, 7)
    report = doctor.examine(**_sound())
    assert all(f.chapter == doctor.CHECKS[f.check].chapter for f in report)
    assert [f.chapter for f in report] == sorted(f.chapter for f in report)


def test_register_refuses_duplicates_and_unknown_pages() -> None:
    with pytest.raises(ValueError, match="already registered"):
        doctor.register("scale", chapter=3, page="03_unscaled_features", fix="x")
    with pytest.raises(ValueError, match="page"):
        doctor.register("new_check", chapter=3, page="99_nowhere", fix="x")
    assert "new_check" not in doctor.CHECKS


@pytest.mark.parametrize("check_id", list(doctor.CHECKS))
def test_each_check_flags_its_positive_case(
    check_id: str, sound: dict, sessions_data: dict
) -> None:
    report = doctor.examine(**POSITIVE[check_id](sound, sessions_data))
    assert report[check_id].flagged, report[check_id]


@pytest.mark.parametrize("check_id", list(doctor.CHECKS))
def test_each_check_passes_its_negative_case(
    check_id: str, sound: dict, sessions_data: dict
) -> None:
    report = doctor.examine(**NEGATIVE[check_id](sound, sessions_data))
    assert report[check_id].severity == "ok", report[check_id]


@pytest.mark.parametrize("check_id", [c for c, check in doctor.CHECKS.items() if check.needs])
def test_a_check_without_its_inputs_says_what_to_pass(check_id: str) -> None:
    data = _binary(_sound()) if "return" not in doctor.CHECKS[check_id].kinds else _sound()
    minimal = doctor.examine(data["X_train"], data["y_train"], data["X_test"], data["y_test"])
    finding = minimal[check_id]
    assert finding.severity == "info" and finding.summary.startswith("not run: pass "), finding
    for group in doctor.CHECKS[check_id].needs:
        assert any(name in finding.summary for name in group), (group, finding.summary)


@pytest.mark.parametrize(
    "check_id", [c for c, check in doctor.CHECKS.items() if check.kinds != doctor.KINDS]
)
def test_a_check_that_cannot_apply_says_so_in_one_line(check_id: str, sound: dict) -> None:
    other = "return" if "binary" in doctor.CHECKS[check_id].kinds else "binary"
    data = _binary(sound) if other == "binary" else dict(sound)
    report = doctor.examine(**data)  # without y_pred: "does not apply" comes first
    assert report[check_id].summary.startswith(f"does not apply to a {other}")
    report = doctor.examine(**data, y_pred=np.full(len(data["y_test"]), 0.5))
    finding = report[check_id]
    assert finding.severity == "info" and finding.summary.startswith(f"does not apply to a {other}")
    assert "\n" not in finding.summary
    assert sum(f.severity != "info" for f in report) >= 8, "the other checks still run"


# ---------------------------------------------------------------- issue 15: wrong verdicts, fixed


def test_no_skill_judges_a_return_against_zero_and_the_mean_not_yesterdays_return(
    sound: dict,
) -> None:
    """The doctor before issue 15 took yesterday's return as the reference: the naive forecast
    scored a skill of about 0.5 ("ok"), and so did tiny noise around zero and a forecast with an
    R^2 of -0.03 (chapter 3's unscaled LSTM). Now each is "no skill".
    """
    y, y_train = sound["y_test"], sound["y_train"]
    yesterday = np.r_[y_train[-1], y[:-1]]
    rng = np.random.default_rng(0)
    for forecast in (
        np.full(len(y), y_train.mean()),  # the naive forecast
        0.01 * rng.standard_normal(len(y)),  # tiny noise around zero
        y_train.mean() + 0.17 * y.std() * rng.standard_normal(len(y)),  # R^2 about -0.03
    ):
        finding = doctor.examine(**sound, y_pred=forecast, y_reference=yesterday)["no_skill"]
        assert finding.severity == "warning", finding
        assert finding.evidence["reference"] in ("zero", "the training mean")
    skilled = doctor.examine(**sound, y_pred=0.5 * y, y_reference=yesterday)["no_skill"]
    assert skilled.severity == "ok" and skilled.evidence["skill"] > 0.5


def test_no_skill_judges_a_level_against_persistence() -> None:
    frame, _ = _prices(1500)
    data = _split(frame, frame["price"].shift(-1).ffill())
    today = data["X_test"][:, -1, 0]
    copy = doctor.examine(
        **data, y_pred=today + 0.01 * np.random.default_rng(0).standard_normal(len(today))
    )
    assert copy["no_skill"].severity == "warning"
    assert "persistence" in copy["no_skill"].evidence["reference"]
    assert copy["level_target"].severity == "critical"


def test_lookahead_passes_an_honest_predictor_at_r_045() -> None:
    """An honest, persistent signal correlating 0.45 with tomorrow's return: the doctor before
    issue 15 warned (|r| above 0.4); the window regression explains about a fifth of the target,
    no more than an honest forecast can.
    """
    finding = doctor.examine(**_honest_predictor(0.45))["lookahead"]
    assert 0.4 < finding.evidence["abs corr"] < 0.5
    assert finding.severity == "ok", finding
    assert finding.evidence["window r2"] < 0.3


def test_lookahead_catches_a_centred_moving_average_with_a_daily_target() -> None:
    """A centred 9-day moving average with a daily target correlates only about 1/3 with it: the
    doctor before issue 15 said "ok". Its day-to-day differences hold single future days, so the
    window regression recovers the target.
    """
    data = _moving_average_leak()
    finding = doctor.examine(**data)["lookahead"]
    assert finding.evidence["abs corr"] < 0.4
    assert finding.severity == "critical" and finding.evidence["feature"] == "smoothed"
    no_index = {k: v for k, v in data.items() if not k.endswith("_index")}
    alone = doctor.examine(**no_index)["lookahead"]  # no known past: the moving average alone
    assert alone.flagged and alone.evidence["window r2"] > 0.5


def _features(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "wide_centred": rows["r"].rolling(41, center=True, min_periods=1).mean(),
            "trailing": rows["r"].rolling(5, min_periods=1).mean(),
        }
    )


def test_lookahead_recomputes_the_features_as_of_each_day() -> None:
    """A centred 41-day mean is too wide for a 10-day window to betray it (correlation about 0.15):
    the doctor before issue 15 said "ok", and took no raw data (a TypeError for raw=). With raw
    and feature_fn the doctor recomputes it as of each day and proves the look-ahead.
    """
    m = _market()
    raw = pd.DataFrame({"r": m["returns"]})
    data = _split(_features(raw), m["returns"].shift(-1).fillna(0.0))
    assert doctor.examine(**data)["lookahead"].severity == "ok"  # what a statistic can see
    proved = doctor.examine(**data, raw=raw, feature_fn=_features)["lookahead"]
    assert proved.severity == "critical" and proved.evidence["rows ahead"] == {"wide_centred": 20}
    honest = doctor.examine(**data, raw=raw, feature_fn=lambda rows: _features(rows)[["trailing"]])[
        "lookahead"
    ]
    assert honest.severity == "ok" and honest.evidence["method"] == "as-of recomputation"


def test_level_target_flags_a_five_step_window_divided_by_its_first_price() -> None:
    """Chapter 6's windows divided by their first price, with a lookback of 5: the doctor before
    issue 15 passed them ("ok": its thresholds fitted a lookback of 10). The target is the next
    step of the input's path at any lookback of three or more.
    """
    frame, _ = _prices(2500)
    for lookback in (3, 5, 10):
        w = windows.make_windows(frame[["price"]], frame["price"].shift(-1).ffill(), lookback)
        first = w.X[:, 0, 0]
        X, y = w.X / first[:, None, None] - 1, w.y / first - 1
        report = doctor.examine(
            X[:2000],
            y[:2000],
            X[2100:],
            y[2100:],
            train_index=w.ends[:2000],
            test_index=w.ends[2100:],
        )
        assert report["level_target"].severity == "critical", (lookback, report["level_target"])
        assert report["lookahead"].severity == "ok", "a level is not a look-ahead"


@pytest.mark.parametrize("horizon", [5, 20, 40, 60])
def test_level_target_passes_overlapping_forward_returns(horizon: int) -> None:
    """Overlapping 40- to 60-day forward returns: the doctor before issue 15 called them price
    levels ("warning"; their lag-1 autocorrelation is 0.97-0.98). Their changes correlate at -0.5
    at lag h, so the doctor reads them as h-day sums, whose known past does not forecast them.
    """
    frame, returns = _prices(3000)
    forward = windows.forward_target(returns, horizon)
    w = windows.make_windows(frame.loc[forward.index, ["flow"]], forward, LOOKBACK, horizon=horizon)
    report = doctor.examine(w.X[:2000], w.y[:2000], w.X[2100:], w.y[2100:])
    assert report["level_target"].severity == "ok", report["level_target"]
    assert report["level_target"].evidence["overlapping sum over"] == horizon


def test_level_target_flags_a_price_level_without_a_price_feature() -> None:
    frame, _ = _prices()
    w = windows.make_windows(frame[["flow"]], frame["price"].shift(-1).ffill(), LOOKBACK)
    report = doctor.examine(w.X[:600], w.y[:600], w.X[650:], w.y[650:])
    assert report["level_target"].severity == "warning"
    assert report["level_target"].evidence["known-past skill"] > 0.9


def test_no_early_stopping_catches_12_epochs_best_at_epoch_2(sound: dict) -> None:
    """Chapter 7's own case: 12 epochs, best at epoch 2, exactly 10 epochs past it. The doctor
    before issue 15 said "ok" (it wanted more than 10).
    """
    finding = doctor.examine(**sound, history=_curve(12, 2))["no_early_stopping"]
    assert finding.severity == "warning", finding
    assert finding.evidence["epochs after best"] == 10


def test_no_early_stopping_knows_about_restore_best_weights(sound: dict) -> None:
    """Early stopping 8 epochs past the best, without restore_best_weights: the doctor before
    issue 15 said "ok" because training stopped before its 60 epochs. Keras does not record
    restore_best_weights, so it is a hint: False warns, unknown is "info", True is "ok".
    """
    curve = _curve(11, 3)
    stopped = doctor.examine(
        **sound, history=_History({**curve, "restore_best_weights": False}, epochs=60)
    )["no_early_stopping"]
    assert stopped.severity == "warning", stopped
    unknown = doctor.examine(**sound, history=_History(curve, epochs=60))["no_early_stopping"]
    assert unknown.severity == "info" and "restore_best_weights" in unknown.summary
    restored = _History(curve, epochs=60)
    restored.params["restore_best_weights"] = True
    assert doctor.examine(**sound, history=restored)["no_early_stopping"].severity == "ok"
    hint = doctor.examine(**sound, history={**curve, "restore_best_weights": True})
    assert hint["no_early_stopping"].severity == "ok"


def test_keras_records_no_callbacks_in_history(sound: dict) -> None:
    """What the early-stopping hint rests on: after fit with EarlyStopping, neither the History
    nor the model holds the callback or restore_best_weights.
    """
    import keras

    model = _lstm(LOOKBACK, 3)
    stop = keras.callbacks.EarlyStopping(patience=1, restore_best_weights=True)
    fit = model.fit(
        sound["X_train"][:64],
        sound["y_train"][:64],
        validation_data=(sound["X_val"], sound["y_val"]),
        epochs=2,
        verbose=0,
        callbacks=[stop],
    )
    assert set(fit.params) == {"verbose", "epochs", "steps"}
    assert "restore_best_weights" not in fit.history
    assert not any(isinstance(v, keras.callbacks.EarlyStopping) for v in vars(model).values())


def test_a_zero_gradient_is_critical(sound: dict) -> None:
    """Inputs near 1e6 saturate an LSTM: "largest norm=0; oldest / newest=nan", which the doctor
    before issue 15 reported as "ok" (chapter 3's unscaled LSTM). Now it is critical.
    """
    finding = doctor.examine(**_pos_gradients(sound, {}))["gradients"]
    assert finding.severity == "critical" and finding.evidence["largest norm"] == 0.0


def test_gradients_flag_vanishing_through_a_simple_rnn_and_pass_an_lstm() -> None:
    import keras

    long = _sound(n_days=500, n_features=2)
    X = np.concatenate([long["X_train"]] * 5, axis=1)  # 50 steps
    args = {
        **{k: v for k, v in long.items() if not k.startswith("X")},
        "X_train": X,
        "X_test": np.concatenate([long["X_test"]] * 5, axis=1),
        "X_val": np.concatenate([long["X_val"]] * 5, axis=1),
        "lookback": LOOKBACK * 5,
    }
    keras.utils.set_random_seed(0)
    inputs = keras.Input((5 * LOOKBACK, 2))
    rnn = keras.Model(inputs, keras.layers.Dense(1)(keras.layers.SimpleRNN(16, name="rnn")(inputs)))
    report = doctor.examine(**args, model=rnn)
    assert report["gradients"].severity == "warning", report["gradients"]
    assert report["gradients"].evidence["oldest / newest"] < doctor.DEFAULTS.vanish_ratio
    gated = doctor.examine(**args, model=_lstm(5 * LOOKBACK, 2, units=16))
    assert gated["gradients"].severity in ("ok", "info")


def test_gradients_flag_divergence(sound: dict) -> None:
    model = _lstm(LOOKBACK, 3)
    assert doctor.examine(**sound, history={"loss": [1.0, np.nan]})["gradients"].severity == (
        "critical"
    )
    blown = doctor.examine(**sound, history={"loss": [1.0, 3.0, 50.0]})["gradients"]
    assert blown.severity == "critical"
    model.set_weights([np.full_like(w, np.nan) for w in model.get_weights()])
    assert doctor.examine(**sound, model=model)["gradients"].severity == "critical"


def test_overlap_sizes_the_purge_with_the_horizon() -> None:
    """A 5-day forward target with a purge of lookback windows only: the test windows' targets
    still share days with training. The doctor before issue 15 had no horizon (a TypeError for
    horizon=) and counted one day of target, so it said "ok".
    """
    frame, returns = _prices(1500)
    forward = windows.forward_target(returns, 5)
    w = windows.make_windows(frame.loc[forward.index, ["flow"]], forward, LOOKBACK, horizon=5)
    n_train = len(w) - 300 - LOOKBACK
    tr, te = w.take(np.arange(n_train)), w.take(np.arange(n_train + LOOKBACK, len(w)))
    args = dict(
        X_train=tr.X,
        y_train=tr.y,
        X_test=te.X,
        y_test=te.y,
        train_index=tr.ends,
        test_index=te.ends,
    )
    finding = doctor.examine(**args, horizon=5)["overlap"]
    assert finding.severity == "warning" and finding.evidence["purge needed"] == 14
    assert doctor.examine(**args)["overlap"].severity == "ok"  # horizon 1: no overlap
    purged = splits.chronological(len(w), lookback=LOOKBACK, horizon=5, val=1, test=300)
    tr, te = w.take(purged.train), w.take(purged.test)
    clean = doctor.examine(
        tr.X, tr.y, te.X, te.y, train_index=tr.ends, test_index=te.ends, horizon=5
    )
    assert clean["overlap"].severity == "ok"


def test_a_binary_target_is_judged_by_the_majority_class(sound: dict) -> None:
    """A 0/1 target forecast at 0.9 every day: always the majority class. The doctor before issue
    15 scored it by MSE against the previous label ("ok"); now no_skill does not apply and
    below_majority warns.
    """
    report = doctor.examine(**_pos_below_majority(sound, {}))
    assert report["below_majority"].severity == "warning"
    assert report["no_skill"].severity == "info"
    assert report["no_skill"].summary.startswith("does not apply to a binary target")
    assert report["level_target"].summary.startswith("does not apply")


def test_one_hot_targets_run_every_check(sound: dict) -> None:
    """One-hot targets: the doctor before issue 15 refused 2-D targets, so no check ran."""
    classes = np.eye(3)
    rng = np.random.default_rng(0)
    data = {**sound}
    for part in ("train", "test", "val"):
        x = sound[f"X_{part}"][:, -1, 0]
        data[f"y_{part}"] = classes[np.digitize(x + 1.5 * rng.standard_normal(len(x)), [-1, 1])]
    good = classes[np.digitize(sound["X_test"][:, -1, 0], [-0.6, 0.6])] * 0.8 + 0.2 / 3
    report = doctor.examine(**data, y_pred=good)
    assert report["below_majority"].severity == "ok" and report.flagged == []
    assert doctor.examine(**data, target_kind="onehot")["scale"].severity == "ok"
    majority = np.tile([0.2, 0.6, 0.2], (len(good), 1))
    assert doctor.examine(**data, y_pred=majority)["below_majority"].severity == "warning"


def test_multi_step_targets_run_every_check(sound: dict) -> None:
    """(n, h) regression targets: the doctor before issue 15 refused them, so no check ran."""
    rng = np.random.default_rng(0)
    data = {**sound}
    for part in ("train", "test", "val"):
        data[f"y_{part}"] = rng.standard_normal((len(sound[f"X_{part}"]), 5))
    import keras

    five = _keras_model(LOOKBACK, 3, lambda h: keras.layers.Dense(5)(h))
    report = doctor.examine(**data, y_pred=0.5 * data["y_test"], model=five)
    assert (
        report["no_skill"].severity == "ok" and "5 steps" in report["no_skill"].evidence["target"]
    )
    assert report["gradients"].severity in ("ok", "info")
    assert not {"scale", "drift", "overlap", "lookahead", "level_target"} & set(report.flagged)
    zero = doctor.examine(**data, y_pred=np.zeros_like(data["y_test"]))
    assert zero["no_skill"].severity == "warning"


def test_accuracy_on_a_regression_is_critical_before_and_after_fit(sound: dict) -> None:
    """metrics=['accuracy'] on a one-unit regression output: Keras makes it BinaryAccuracy (near
    0). The doctor before issue 15 had no such check (no "accuracy_metric" finding).
    """
    data = _pos_accuracy_metric(sound, {})
    model = data["model"]
    before = doctor.examine(**data)["accuracy_metric"]
    assert before.severity == "critical" and before.evidence["resolved as"] == "BinaryAccuracy"
    history = model.fit(sound["X_train"], sound["y_train"], epochs=1, verbose=0)
    after = doctor.examine(**data, history=history)["accuracy_metric"]
    assert after.severity == "critical" and after.evidence["resolved as"] == "BinaryAccuracy"
    assert after.evidence["last value"] < 0.05
    only_history = doctor.examine(**sound, history=history.history)["accuracy_metric"]
    assert only_history.severity == "critical"
    plain = _keras_model(LOOKBACK, 3, lambda h: __import__("keras").layers.Dense(1)(h))
    assert doctor.examine(**sound, model=plain)["accuracy_metric"].severity == "ok"


def test_a_softmax_over_one_unit_is_critical(sound: dict) -> None:
    """Dense(1, activation='softmax') always outputs 1: the doctor before issue 15 had no such
    check. A Softmax layer after one unit is the same mistake.
    """
    import keras

    assert doctor.examine(**_pos_one_unit_softmax(sound, {}))["one_unit_softmax"].severity == (
        "critical"
    )
    layer = _keras_model(LOOKBACK, 3, lambda h: keras.layers.Softmax()(keras.layers.Dense(1)(h)))
    assert doctor.examine(**_binary(sound), model=layer)["one_unit_softmax"].severity == "critical"
    three = _keras_model(LOOKBACK, 3, lambda h: keras.layers.Dense(3, activation="softmax")(h))
    assert doctor.examine(**sound, model=three)["one_unit_softmax"].severity == "ok"


# ------------------------------------------------------------------ practitioners outside the book


def test_examine_accepts_pandas_objects(sound: dict) -> None:
    dates = pd.bdate_range("2020-01-01", periods=700)
    y_train = pd.Series(sound["y_train"], index=dates[sound["train_index"]])
    y_test = pd.DataFrame({"target": sound["y_test"]}, index=dates[sound["test_index"]])
    report = doctor.examine(
        sound["X_train"],
        y_train,
        sound["X_test"],
        y_test,
        y_pred=pd.Series(0.8 * sound["y_test"]),
        feature_names=pd.Index(["a", "b", "c"]),
    )
    assert report.flagged == []
    assert "dates of y_train and y_test" in report["overlap"].evidence["from"]
    assert report["scale"].evidence["largest feature"] in ("a", "b", "c")
    indexed = doctor.examine(
        **{
            **sound,
            "train_index": pd.Index(sound["train_index"]),
            "test_index": pd.Index(sound["test_index"]),
        }
    )
    assert indexed["overlap"].severity == "ok"
    shifted = pd.Series(sound["y_train"], index=dates[sound["train_index"] + 200])
    leaky = doctor.examine(sound["X_train"], shifted, sound["X_test"], y_test)
    assert leaky["overlap"].flagged, "the dates of pandas targets are read"


class TorchLikeNet:
    """A stand-in for a PyTorch model: callable, with parameters, and no Keras in it."""

    def parameters(self) -> list:
        return []

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return np.zeros(len(x))


def test_a_non_keras_model_skips_the_model_checks_and_runs_the_rest(sound: dict) -> None:
    report = doctor.examine(**sound, model=TorchLikeNet(), history={"loss": [1.0, 0.8]})
    for check in ("relu_lstm", "one_unit_softmax"):
        assert report[check].severity == "info"
        assert "TorchLikeNet, not a Keras model" in report[check].summary
    assert "not run on the model (model is a TorchLikeNet" in report["gradients"].summary
    assert report["no_skill"].summary.startswith("not run: pass y_pred")
    assert report["accuracy_metric"].severity == "ok"  # read from the history
    assert {report[c].severity for c in ("scale", "drift", "overlap", "lookahead")} == {"ok"}
    with_forecasts = doctor.examine(**sound, model=TorchLikeNet(), y_pred=0.8 * sound["y_test"])
    assert with_forecasts["no_skill"].severity == "ok"


def test_links_point_to_the_published_book_outside_it_and_stay_relative_inside(
    sound: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = doctor.examine(**_pos_scale(sound, {}))
    monkeypatch.chdir(tmp_path)
    outside = report._repr_html_()
    assert f"href='{doctor.BOOK_URL}notebooks/03_unscaled_features.html'" in outside
    assert f"read: {doctor.BOOK_URL}notebooks/03_unscaled_features.html" in str(report)
    (tmp_path / "_toc.yml").write_text("format: jb-book\n")
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")
    inside = report._repr_html_()
    assert "href='03_unscaled_features.html'" in inside and doctor.BOOK_URL not in inside
    assert doctor.chapter_url("02_which_accuracy", inside=True) == "02_which_accuracy.html"


def _cli(tmp_path: Path, **arrays: object) -> subprocess.CompletedProcess:
    path = tmp_path / "arrays.npz"
    np.savez(path, **arrays)
    return subprocess.run(
        [sys.executable, "-m", "helpers.doctor", str(path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        env={"PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3", "PATH": "/usr/bin:/bin"},
    )


def test_the_command_line_prints_the_report_and_exits_by_severity(
    sound: dict, tmp_path: Path
) -> None:
    arrays = {
        k: sound[k] for k in ("X_train", "y_train", "X_test", "y_test", "train_index", "test_index")
    }
    clean = _cli(
        tmp_path,
        **arrays,
        y_pred=0.8 * sound["y_test"],
        lookback=np.array(LOOKBACK),
        feature_names=np.array(sound["feature_names"]),
    )
    assert clean.returncode == 0, clean.stderr
    assert clean.stdout.startswith("LSTM doctor: 0 flagged of 17 checks")
    assert "tensorflow" not in clean.stderr.lower()
    critical = _cli(
        tmp_path, **{**arrays, "X_train": sound["X_train"] * 1e6, "X_test": sound["X_test"] * 1e6}
    )
    assert critical.returncode == 1 and "[critical] scale" in critical.stdout
    warning = _cli(tmp_path, **arrays, y_pred=np.zeros(len(sound["y_test"])))
    assert warning.returncode == 0 and "[ warning] no_skill" in warning.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"y_test": None}, "lacks the required array(s) ['y_test']"),
        ({"y_train": np.zeros(5)}, "one target per window"),
        ({"X_test": np.zeros((20, 3))}, "3-D"),
        ({"X_train": "nan"}, "NaN"),
        ({"weights": np.zeros(3)}, "does not take: ['weights']"),
        ({"lookback": np.arange(3)}, "lookback must be a single value"),
    ],
)
def test_the_command_line_explains_bad_input(
    sound: dict, tmp_path: Path, change: dict, message: str
) -> None:
    arrays = {k: sound[k] for k in ("X_train", "y_train", "X_test", "y_test")}
    if change.get("X_train") == "nan":
        bad = sound["X_train"].copy()
        bad[0, 0, 0] = np.nan
        change = {"X_train": bad}
    arrays = {**arrays, **change}
    result = _cli(tmp_path, **{k: v for k, v in arrays.items() if v is not None})
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert result.stdout == ""


def test_importing_the_doctor_does_not_import_tensorflow() -> None:
    code = "import sys, helpers.doctor; print('tensorflow' in sys.modules, 'keras' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.split() == ["False", "False"]


# ------------------------------------------------------------------------------------ thresholds


def test_thresholds_are_frozen_validated_and_passed_in(sound: dict) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        doctor.DEFAULTS.lookahead_max_r2 = 0.1  # type: ignore[misc]
    with pytest.raises(ValueError, match="scale_max_rms"):
        doctor.Thresholds(scale_max_rms=-1.0)
    with pytest.raises(TypeError, match="thresholds must be a doctor.Thresholds"):
        doctor.examine(**sound, thresholds={"scale_max_rms": 1.0})
    strict = doctor.Thresholds(scale_max_rms=0.5)
    assert doctor.examine(**sound, thresholds=strict)["scale"].severity == "warning"
    assert doctor.examine(**sound)["scale"].severity == "ok"


def test_the_module_docstring_repeats_no_default_threshold() -> None:
    text = doctor.__doc__ or ""
    for f in dataclasses.fields(doctor.Thresholds):
        value = getattr(doctor.DEFAULTS, f.name)
        assert f"({value})" not in text, f.name


# ------------------------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        ({"y_train": np.zeros(5)}, ValueError, "one target per window"),
        ({"X_train": np.zeros((20, 3))}, ValueError, "3-D"),
        ({"X_train": pd.DataFrame(np.zeros((20, 3)))}, ValueError, "3-D"),
        ({"X_test": np.zeros((0, LOOKBACK, 3))}, ValueError, "empty"),
        ({"X_test": np.zeros((5, LOOKBACK, 2))}, ValueError, "features"),
        ({"X_train": "windows"}, TypeError, "array"),
        ({"y_test": None}, TypeError, "required"),
        ({"feature_names": ["a"]}, ValueError, "one per feature"),
        ({"train_index": None}, ValueError, "both train_index and test_index"),
        ({"y_val": None}, ValueError, "both X_val and y_val"),
        ({"lookback": 0}, ValueError, "lookback"),
        ({"horizon": 1.5}, TypeError, "horizon"),
        ({"lengths": [3, 4]}, ValueError, "sequences/lengths"),
        ({"sequences": np.zeros((3, 4, 3))}, TypeError, "list of 2-D arrays"),
        ({"history": {"val_loss": [1.0]}}, ValueError, "'loss'"),
        ({"history": [1.0, 2.0]}, TypeError, "History"),
        ({"history": {"loss": [1.0], "restore_best_weights": "yes"}}, TypeError, "True or False"),
        ({"y_pred": np.zeros(3)}, ValueError, "one forecast per test window"),
        ({"target_kind": "price"}, ValueError, "target_kind must be one of"),
        ({"target_kind": "binary"}, ValueError, "not 0/1 labels"),
        ({"raw": pd.Series(np.zeros(30))}, ValueError, "both raw and feature_fn"),
        ({"raw": np.zeros(30), "feature_fn": len}, TypeError, "pandas"),
    ],
)
def test_bad_input_raises_a_clear_error(sound: dict, change: dict, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        doctor.examine(**{**sound, **change})


def test_nan_in_windows_or_targets_raises(sound: dict) -> None:
    X = sound["X_train"].copy()
    X[3, 2, 1] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        doctor.examine(**{**sound, "X_train": X})
    y = sound["y_test"].copy()
    y[0] = np.inf
    with pytest.raises(ValueError, match="NaN or infinite"):
        doctor.examine(**{**sound, "y_test": y})


# ------------------------------------------------------------------------------------ the report


def test_report_api_and_displays(sound: dict) -> None:
    X_test = sound["X_test"] * 1e5 + 1e6
    raw = {
        **sound,
        "X_train": sound["X_train"] * 1e5,
        "X_test": X_test,
        "X_val": X_test,
        "y_val": sound["y_test"],
    }
    report = doctor.examine(**raw)
    assert report.flagged == ["scale", "drift", "val_is_test"]
    assert report.critical == ["scale", "drift", "val_is_test"]
    assert len(report) == len(doctor.CHECKS) and report[0].check == "accuracy_metric"
    frame = report.to_frame()
    assert list(frame.columns) == ["check", "severity", "summary", "evidence", "chapter", "fix"]
    by_check = frame.set_index("check")
    assert by_check.loc["scale", "fix"] and not by_check.loc["overlap", "fix"]
    page = report._repr_html_()
    assert "<table" in page and "03_unscaled_features.html" in page and "#c51b7d" in page
    text = str(report)
    assert text.startswith("LSTM doctor: 3 flagged of 17") and repr(report) == text
    with pytest.raises(KeyError, match="no finding"):
        report["nonsense"]


def test_finding_validates_its_check_and_severity() -> None:
    with pytest.raises(ValueError, match="severity"):
        doctor.Finding("scale", "bad", "x")
    with pytest.raises(ValueError, match="unknown check"):
        doctor.Finding("nonsense", "ok", "x")
    assert doctor.Finding("scale", "critical", "x").flagged


def test_the_model_forecasts_when_y_pred_is_missing(sound: dict) -> None:
    model = _lstm(LOOKBACK, 3)
    report = doctor.examine(**sound, model=model)
    assert report["no_skill"].evidence["forecasts"] == "model.predict(X_test)"
    in_cents = {**sound, "y_train": sound["y_train"] * 1e3, "y_test": sound["y_test"] * 1e3}
    report = doctor.examine(**in_cents, model=model)
    assert report["no_skill"].severity == "info" and "units" in report["no_skill"].summary


def test_trailing_pad_looks_for_a_mask_in_the_model(sessions_data: dict) -> None:
    from helpers.nn import sequence_models

    post = _padded(sessions_data, sessions_data["p95"], padding="post")
    unmasked = sequence_models.build_classifier(2, units=4, mask=False)
    masked = sequence_models.build_classifier(2, units=4, mask=True)
    assert doctor.examine(**post, model=unmasked)["trailing_pad"].severity == "critical"
    assert doctor.examine(**post, model=masked)["trailing_pad"].severity == "ok"


@settings(deadline=None, max_examples=25)
@given(
    seed=st.integers(0, 10_000),
    n_features=st.integers(1, 4),
    n_days=st.integers(150, 400),
    gap_extra=st.integers(0, 5),
)
def test_a_standardised_chronological_split_never_raises_a_data_flag(
    seed: int, n_features: int, n_days: int, gap_extra: int
) -> None:
    from helpers import scaling

    rng = np.random.default_rng(seed)
    values = rng.standard_normal((n_days, n_features)) * rng.uniform(
        0.5, 2.0, n_features
    ) + rng.uniform(-1, 1, n_features)
    frame = pd.DataFrame(values, index=pd.bdate_range("2020-01-01", periods=n_days))
    w = windows.make_windows(
        frame, pd.Series(rng.standard_normal(n_days), index=frame.index), LOOKBACK
    )
    split = splits.chronological(
        len(w), lookback=LOOKBACK, val=10, test=40, gap=splits.min_gap(LOOKBACK) + gap_extra
    )
    scaled = scaling.scale_split(w, split)
    for index in (True, False):
        extra = {"train_index": scaled.train.ends, "test_index": scaled.test.ends} if index else {}
        report = doctor.examine(
            scaled.train.X, scaled.train.y, scaled.test.X, scaled.test.y, **extra
        )
        assert not {"scale", "overlap", "int_dtype", "lookahead", "level_target"} & set(
            report.flagged
        ), str(report)


def test_every_page_a_report_links_to_exists():
    # a report's links must not dangle: each page is a chapter of the book
    notebooks = Path(__file__).resolve().parents[1] / "notebooks"
    assert all((notebooks / f"{page}.ipynb").is_file() for page in doctor.PAGES)


def test_the_published_book_is_the_repositorys_pages_site():
    # _config.yml names the repository; GitHub Pages publishes it at owner.github.io/name/
    import yaml

    config = yaml.safe_load((Path(__file__).resolve().parents[1] / "_config.yml").read_text())
    owner, name = config["repository"]["url"].rstrip("/").split("/")[-2:]
    assert f"https://{owner}.github.io/{name}/" == doctor.BOOK_URL


def test_below_majority_judges_the_gap_against_its_sampling_error(sound: dict) -> None:
    """A classifier that beats the majority class by less than two standard errors is not shown
    to beat it (chapter 2's signal-free classifier does so on some seeds); by more, it is."""
    data = _binary(sound)
    truth = data["y_test"]
    n = len(truth)
    majority = float(data["y_train"].mean() >= 0.5)
    base = float(np.mean(truth == majority))
    se = np.sqrt(base * (1 - base) / n)

    def beating_by(k: float) -> np.ndarray:
        """Always the majority class, except on k standard errors' worth of minority days."""
        guess = np.full(n, majority)
        minority = np.flatnonzero(truth != majority)
        guess[minority[: int(np.ceil(k * se * n))]] = 1 - majority
        return 0.2 + 0.6 * guess  # probabilities on the right side of 0.5

    hair, clear = beating_by(1.0), beating_by(4.0)
    assert doctor.examine(**data, y_pred=hair)["below_majority"].severity == "warning"
    assert doctor.examine(**data, y_pred=clear)["below_majority"].severity == "ok"
    # the counterfactual: without the sampling error, a hair above the majority passes
    loose = doctor.Thresholds(majority_z=0.0)
    report = doctor.examine(**data, y_pred=hair, thresholds=loose)
    assert report["below_majority"].severity == "ok"
