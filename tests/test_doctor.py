"""Tests of helpers.doctor: for every check a case it must flag and one it must pass, bad input, the
report.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import doctor, sequences, splits, windows

LOOKBACK = 10


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


def _flag(report: doctor.Report, check: str) -> str:
    return report[check].severity


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


# ------------------------------------------------------------- the sound pipeline passes everything


def test_sound_pipeline_raises_no_flag_and_reports_every_check(sound: dict) -> None:
    report = doctor.examine(**sound)
    assert report.flagged == []
    assert [f.check for f in report] == list(doctor.CHECKS)
    assert {f.severity for f in report} <= {"ok", "info"}
    assert report["relu_lstm"].summary.startswith("not run: pass model")


# ------------------------------------------------------------------ scales: feature sizes and drift


def test_scale_flags_raw_magnitudes_and_passes_standardised(sound: dict) -> None:
    raw = {
        **sound,
        "X_train": sound["X_train"] * [1.0, 1e6, 100.0],
        "X_test": sound["X_test"] * [1.0, 1e6, 100.0],
    }
    assert _flag(doctor.examine(**raw), "scale") == "critical"
    assert _flag(doctor.examine(**sound), "scale") == "ok"


def test_scale_flags_moderately_unscaled_and_squeezed_features(sound: dict) -> None:
    mild = {**sound, "X_train": sound["X_train"] * [1.0, 1.0, 0.01] + [0.0, 14.0, 0.0]}
    assert _flag(doctor.examine(**mild), "scale") == "warning"
    squeezed = {
        **sound,
        "X_train": sound["X_train"] * [0.15, 0.03, 0.15],
    }  # min-max with one outlier
    report = doctor.examine(**squeezed)
    assert report["scale"].severity == "warning" and "squeezed" in report["scale"].summary


def test_drift_flags_a_test_period_outside_the_training_range(sound: dict) -> None:
    moved = {**sound, "X_test": sound["X_test"] + [0.0, 4.0, 0.0]}
    report = doctor.examine(**moved)
    assert report["drift"].severity == "critical"
    assert report["drift"].evidence["feature"] == "x1"
    assert _flag(doctor.examine(**sound), "drift") == "ok"


# ------------------------------------------- leaks: overlap, look-ahead, validation on the test set


def test_overlap_flags_a_shuffled_split_and_passes_an_embargo() -> None:
    frame = _days(600)
    w = windows.make_windows(frame, frame["x0"].shift(-1).fillna(0.0), LOOKBACK)
    rows = np.random.default_rng(0).permutation(len(w))
    tr, te = np.sort(rows[:400]), np.sort(rows[400:])
    shuffled = dict(X_train=w.X[tr], y_train=w.y[tr], X_test=w.X[te], y_test=w.y[te])
    report = doctor.examine(**shuffled, train_index=w.ends[tr], test_index=w.ends[te])
    assert report["overlap"].severity == "critical"
    assert report["overlap"].evidence["shared test windows"] > 0.9
    assert (
        _flag(doctor.examine(**shuffled), "overlap") == "critical"
    )  # matched by identical days, no index
    dated = doctor.examine(**shuffled, train_index=w.dates[tr], test_index=w.dates[te])
    assert (
        dated["overlap"].severity == "critical"
        and "business days" in dated["overlap"].evidence["from"]
    )


def test_overlap_without_embargo_is_a_warning_and_with_one_ok(sound: dict) -> None:
    frame = _days(400)
    w = windows.make_windows(frame, frame["x0"], LOOKBACK)
    tr, te = np.arange(300), np.arange(300, len(w))  # adjacent periods, no gap
    args = dict(X_train=w.X[tr], y_train=w.y[tr], X_test=w.X[te], y_test=w.y[te])
    assert (
        _flag(doctor.examine(**args, train_index=w.ends[tr], test_index=w.ends[te]), "overlap")
        == "warning"
    )
    assert _flag(doctor.examine(**args), "overlap") == "warning"
    assert _flag(doctor.examine(**sound), "overlap") == "ok"
    dated = {
        **sound,
        "train_index": pd.bdate_range("2020-01-01", periods=700)[sound["train_index"]],
        "test_index": pd.bdate_range("2020-01-01", periods=700)[sound["test_index"]],
    }
    assert _flag(doctor.examine(**dated), "overlap") == "ok"


def test_lookahead_flags_a_feature_that_holds_the_target(sound: dict) -> None:
    rng = np.random.default_rng(5)
    leaked = {k: v.copy() if isinstance(v, np.ndarray) else v for k, v in sound.items()}
    leaked["X_train"][:, -1, 2] = sound["y_train"]
    leaked["X_test"][:, -1, 2] = sound["y_test"]
    report = doctor.examine(**leaked)
    assert (
        report["lookahead"].severity == "critical"
        and report["lookahead"].evidence["feature"] == "x2"
    )
    smoothed = {k: v.copy() if isinstance(v, np.ndarray) else v for k, v in sound.items()}
    for X, y in ((smoothed["X_train"], sound["y_train"]), (smoothed["X_test"], sound["y_test"])):
        X[:, -1, 2] = (
            y + rng.standard_normal(len(y)) * 1.3
        )  # |r| about 0.6, like a centred moving average
    assert _flag(doctor.examine(**smoothed), "lookahead") == "warning"
    assert _flag(doctor.examine(**sound), "lookahead") == "ok"


def test_val_is_test_flags_the_test_set_used_for_validation(sound: dict) -> None:
    same = {**sound, "X_val": sound["X_test"], "y_val": sound["y_test"]}
    assert _flag(doctor.examine(**same), "val_is_test") == "critical"
    copy = {**sound, "X_val": sound["X_test"].copy(), "y_val": sound["y_test"].copy()}
    assert _flag(doctor.examine(**copy), "val_is_test") == "critical"
    part = {
        **sound,
        "X_val": np.concatenate([sound["X_val"], sound["X_test"][:10]]),
        "y_val": np.concatenate([sound["y_val"], sound["y_test"][:10]]),
    }
    assert _flag(doctor.examine(**part), "val_is_test") == "warning"
    assert _flag(doctor.examine(**sound), "val_is_test") == "ok"
    no_val = {k: v for k, v in sound.items() if k not in ("X_val", "y_val")}
    assert doctor.examine(**no_val)["val_is_test"].severity == "info"


# ---------------------------------------- padding: trailing pads, truncation, integer casts, maxlen


def test_trailing_pad_flags_post_padding_and_passes_pre_padding(sessions_data: dict) -> None:
    post = _padded(sessions_data, sessions_data["p95"], padding="post")
    report = doctor.examine(**post)
    assert report["trailing_pad"].severity == "warning"
    assert report["trailing_pad"].evidence["windows ending in zeros"] > 0.5
    assert (
        _flag(doctor.examine(**_padded(sessions_data, sessions_data["p95"])), "trailing_pad")
        == "ok"
    )


def test_trailing_pad_looks_for_a_mask_in_the_model(sessions_data: dict) -> None:
    from helpers.nn import sequence_models

    post = _padded(sessions_data, sessions_data["p95"], padding="post")
    unmasked = sequence_models.build_classifier(2, units=4, mask=False)
    masked = sequence_models.build_classifier(2, units=4, mask=True)
    assert _flag(doctor.examine(**post, model=unmasked), "trailing_pad") == "critical"
    assert _flag(doctor.examine(**post, model=masked), "trailing_pad") == "ok"


def test_truncation_flags_a_cut_recent_end_and_passes_a_cut_front(sessions_data: dict) -> None:
    seqs = sessions_data["seqs"][:200]
    post = _padded(sessions_data, 15, truncating="post")
    report = doctor.examine(**post, sequences=seqs)
    assert report["truncation"].severity == "critical"
    assert report["truncation"].evidence["recent end cut"] > 0.5
    pre = _padded(sessions_data, 15, truncating="pre")
    assert _flag(doctor.examine(**pre, sequences=seqs), "truncation") == "ok"
    only_lengths = doctor.examine(**post, lengths=sessions_data["lengths"][:200])
    assert only_lengths["truncation"].severity == "info"
    assert doctor.examine(**post)["truncation"].summary.startswith("not run")


def test_int_dtype_flags_an_integer_cast_of_float_features(sessions_data: dict) -> None:
    import keras

    seqs = sessions_data["seqs"]
    cast = keras.utils.pad_sequences(
        seqs, maxlen=sessions_data["p95"]
    )  # Keras' default dtype: int32
    args = dict(
        X_train=cast[:200],
        y_train=sessions_data["label"][:200],
        X_test=cast[200:],
        y_test=sessions_data["label"][200:],
    )
    assert _flag(doctor.examine(**args, sequences=seqs[:200]), "int_dtype") == "critical"
    assert _flag(doctor.examine(**args), "int_dtype") == "warning"
    back_to_float = {k: v.astype(np.float32) if k.startswith("X") else v for k, v in args.items()}
    assert _flag(doctor.examine(**back_to_float, sequences=seqs[:200]), "int_dtype") == "critical"
    floats = _padded(sessions_data, sessions_data["p95"])
    assert _flag(doctor.examine(**floats, sequences=seqs[:200]), "int_dtype") == "ok"
    whole = [
        np.round(s * 10) for s in seqs
    ]  # integer-valued data, such as counts: the cast loses nothing
    counts = keras.utils.pad_sequences(whole, maxlen=sessions_data["p95"])
    ok = dict(
        X_train=counts[:200], y_train=args["y_train"], X_test=counts[200:], y_test=args["y_test"]
    )
    assert _flag(doctor.examine(**ok, sequences=whole[:200]), "int_dtype") == "ok"


def test_maxlen_flags_far_below_and_far_above_the_lengths(sessions_data: dict) -> None:
    lengths = sessions_data["lengths"][:200]
    small = doctor.examine(**_padded(sessions_data, 8), lengths=lengths)
    assert small["maxlen"].severity == "warning" and "below" in small["maxlen"].summary
    big = doctor.examine(**_padded(sessions_data, 3 * sessions_data["p95"]), lengths=lengths)
    assert big["maxlen"].severity == "warning" and "95th percentile" in big["maxlen"].summary
    one_outlier = np.r_[np.full(199, 20), 34]  # the longest is 1.7 times the 95th percentile
    X = np.random.default_rng(0).standard_normal((200, 34, 2))
    to_longest = doctor.examine(X, np.zeros(200), X, np.zeros(200), lengths=one_outlier)
    assert (
        to_longest["maxlen"].severity == "warning"
        and to_longest["maxlen"].evidence["longest"] == 34
    )
    assert (
        _flag(
            doctor.examine(X[:, :30], np.zeros(200), X[:, :30], np.zeros(200), lengths=one_outlier),
            "maxlen",
        )
        == "ok"
    )
    assert (
        _flag(
            doctor.examine(**_padded(sessions_data, sessions_data["p95"]), lengths=lengths),
            "maxlen",
        )
        == "ok"
    )
    assert doctor.examine(**_padded(sessions_data, 8))["maxlen"].severity == "info"


# -------------------------------------------------------- levels: level targets and copies of today


def _prices(n_days: int = 900, seed: int = 0) -> tuple[pd.DataFrame, pd.Series]:
    rng = np.random.default_rng(seed)
    returns = 0.01 * rng.standard_normal(n_days)
    frame = pd.DataFrame(
        {"price": 100 * np.exp(np.cumsum(returns)), "flow": rng.standard_normal(n_days)},
        index=pd.bdate_range("2020-01-01", periods=n_days),
    )
    return frame, pd.Series(returns, index=frame.index)


def test_level_target_flags_a_price_level_and_passes_returns() -> None:
    frame, returns = _prices()
    level = windows.make_windows(frame, frame["price"].shift(-1).ffill(), LOOKBACK)
    ret = windows.make_windows(frame, returns.shift(-1).fillna(0.0), LOOKBACK)
    for w, expected in ((level, "critical"), (ret, "ok")):
        split = splits.chronological(len(w), lookback=LOOKBACK, val=50, test=200)
        tr, te = w.take(split.train), w.take(split.test)
        report = doctor.examine(tr.X, tr.y, te.X, te.y, train_index=tr.ends, test_index=te.ends)
        assert report["level_target"].severity == expected
        assert report.severity("lookahead") == "ok"  # a level target is not a look-ahead
    no_price = windows.make_windows(frame[["flow"]], frame["price"].shift(-1).ffill(), LOOKBACK)
    assert (
        _flag(
            doctor.examine(no_price.X[:600], no_price.y[:600], no_price.X[650:], no_price.y[650:]),
            "level_target",
        )
        == "warning"
    )


def test_level_target_passes_overlapping_multi_day_returns() -> None:
    frame, returns = _prices(1500)
    for horizon in (5, 20):  # lag-1 autocorrelation 0.8 and 0.95: overlapping sums, not levels
        forward = windows.forward_target(returns, horizon)
        w = windows.make_windows(
            frame.loc[forward.index, ["flow"]], forward, LOOKBACK, horizon=horizon
        )
        report = doctor.examine(w.X[:1000], w.y[:1000], w.X[1100:], w.y[1100:])
        assert report["level_target"].severity == "ok", report["level_target"]


def test_no_skill_flags_persistence_copies_and_passes_skill(sound: dict) -> None:
    y = sound["y_test"]
    reference = np.roll(y, 1)
    assert (
        _flag(doctor.examine(**sound, y_pred=reference, y_reference=reference), "no_skill")
        == "warning"
    )
    assert _flag(doctor.examine(**sound, y_pred=0.8 * y, y_reference=reference), "no_skill") == "ok"
    built = doctor.examine(
        **sound, y_pred=0.8 * y
    )  # consecutive test days: persistence of the target itself
    assert (
        built["no_skill"].severity == "ok"
        and "persistence" in built["no_skill"].evidence["reference"]
    )
    broken = doctor.examine(**sound, y_pred=np.full(len(y), np.nan), y_reference=reference)
    assert broken["no_skill"].severity == "critical"
    assert doctor.examine(**sound)["no_skill"].severity == "info"


# ------------------------------------------- training: ReLU, gradients through time, early stopping


def test_relu_lstm_flags_the_articles_model_and_passes_tanh(sound: dict) -> None:
    from helpers import baselines
    from helpers.nn import models

    assert (
        _flag(doctor.examine(**sound, model=models.build_article_lstm(LOOKBACK, 3)), "relu_lstm")
        == "warning"
    )
    assert (
        _flag(doctor.examine(**sound, model=models.build_lstm(LOOKBACK, 3, units=4)), "relu_lstm")
        == "ok"
    )
    one_layer = doctor.examine(**sound, model=models.build_article_lstm(LOOKBACK, 3))[
        "relu_lstm"
    ].evidence
    assert one_layer["lstm layers"] == 1, "an LSTM layer and its cell are one LSTM"
    ridge = baselines.fit_ridge(sound["X_train"], sound["y_train"])
    assert doctor.examine(**sound, model=ridge)["relu_lstm"].severity == "info"


def test_gradients_flag_vanishing_through_a_simple_rnn_and_pass_an_lstm() -> None:
    import keras

    from helpers.nn import models

    long = _sound(n_days=500, n_features=2)
    lookback = long["X_train"].shape[1]
    X = np.concatenate([long["X_train"]] * 5, axis=1)  # 50 steps
    args = {
        **{k: v for k, v in long.items() if not k.startswith("X")},
        "X_train": X,
        "X_test": np.concatenate([long["X_test"]] * 5, axis=1),
        "X_val": np.concatenate([long["X_val"]] * 5, axis=1),
        "lookback": lookback * 5,
    }
    keras.utils.set_random_seed(0)
    inputs = keras.Input((5 * lookback, 2))
    rnn = keras.Model(inputs, keras.layers.Dense(1)(keras.layers.SimpleRNN(16, name="rnn")(inputs)))
    report = doctor.examine(**args, model=rnn)
    assert report["gradients"].severity == "warning", report["gradients"]
    assert report["gradients"].evidence["oldest / newest"] < doctor.VANISH_RATIO
    gated = doctor.examine(**args, model=models.build_lstm(5 * lookback, 2, units=16))
    assert gated["gradients"].severity in ("ok", "info")
    short = doctor.examine(**long, model=models.build_lstm(lookback, 2, units=8))
    assert short["gradients"].severity == "ok"


def test_no_skill_predicts_with_the_model_when_forecasts_are_missing(sound: dict) -> None:
    from helpers.nn import models

    model = models.build_lstm(LOOKBACK, 3, units=4)
    report = doctor.examine(**sound, model=model, y_reference=np.roll(sound["y_test"], 1))
    assert report["no_skill"].evidence["forecasts"] == "model.predict(X_test)"
    in_cents = {
        **sound,
        "y_train": sound["y_train"] * 1e3,
        "y_test": sound["y_test"] * 1e3,
    }  # not the model's units
    report = doctor.examine(**in_cents, model=model, y_reference=np.roll(in_cents["y_test"], 1))
    assert report["no_skill"].severity == "info" and "units" in report["no_skill"].summary
    assert report["no_skill"].evidence["sd ratio"] < 0.05


def test_gradients_flag_divergence(sound: dict) -> None:
    from helpers.nn import models

    model = models.build_lstm(LOOKBACK, 3, units=4)
    assert (
        _flag(doctor.examine(**sound, history={"loss": [1.0, np.nan]}), "gradients") == "critical"
    )
    assert (
        _flag(doctor.examine(**sound, history={"loss": [1.0, 3.0, 50.0]}), "gradients")
        == "critical"
    )
    assert (
        _flag(doctor.examine(**sound, model=model, history={"loss": [1.0, 0.9, 0.8]}), "gradients")
        == "ok"
    )
    model.set_weights([np.full_like(w, np.nan) for w in model.get_weights()])
    assert _flag(doctor.examine(**sound, model=model), "gradients") == "critical"


class _History:
    """What keras' fit() returns, for the tests: a .history dict and .params."""

    def __init__(self, history: dict, epochs: int) -> None:
        self.history = history
        self.params = {"epochs": epochs, "verbose": 0}


def test_no_early_stopping_flags_training_far_past_the_best_epoch(sound: dict) -> None:
    val = list(np.r_[np.linspace(1.0, 0.6, 5), np.linspace(0.6, 0.9, 25)])
    overfit = {"loss": list(np.linspace(1.0, 0.2, 30)), "val_loss": val}
    assert _flag(doctor.examine(**sound, history=overfit), "no_early_stopping") == "warning"
    stopped = {
        "loss": overfit["loss"][:11],
        "val_loss": val[:11],
    }  # patience 6 after the best epoch
    assert _flag(doctor.examine(**sound, history=stopped), "no_early_stopping") == "ok"
    assert (
        _flag(doctor.examine(**sound, history=_History(stopped, epochs=60)), "no_early_stopping")
        == "ok"
    )
    blind = {"loss": list(np.linspace(1.0, 0.2, 40))}
    assert _flag(doctor.examine(**sound, history=blind), "no_early_stopping") == "warning"
    assert doctor.examine(**sound)["no_early_stopping"].severity == "info"


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        ({"y_train": np.zeros(5)}, ValueError, "one target per window"),
        ({"X_train": np.zeros((20, 3))}, ValueError, "3-D"),
        ({"X_test": np.zeros((0, LOOKBACK, 3))}, ValueError, "empty"),
        ({"X_test": np.zeros((5, LOOKBACK, 2))}, ValueError, "features"),
        ({"X_train": "windows"}, TypeError, "array"),
        ({"y_test": None}, TypeError, "required"),
        ({"feature_names": ["a"]}, ValueError, "one per feature"),
        ({"train_index": None}, ValueError, "both train_index and test_index"),
        ({"y_val": None}, ValueError, "both X_val and y_val"),
        ({"lookback": 0}, ValueError, "lookback"),
        ({"lengths": [3, 4]}, ValueError, "sequences/lengths"),
        ({"sequences": np.zeros((3, 4, 3))}, TypeError, "list of 2-D arrays"),
        ({"history": {"val_loss": [1.0]}}, ValueError, "'loss'"),
        ({"history": [1.0, 2.0]}, TypeError, "History"),
        ({"y_pred": np.zeros(3)}, ValueError, "one forecast per test window"),
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


# --------------------------------------------------------------------------- the report


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
    assert [f.chapter for f in report] == sorted(f.chapter for f in report)
    assert len(report) == len(doctor.CHECKS) and report[0].check == "scale"
    frame = report.to_frame()
    assert list(frame.columns) == ["check", "severity", "summary", "evidence", "chapter", "fix"]
    assert (
        frame.set_index("check").loc["scale", "fix"]
        and not frame.set_index("check").loc["overlap", "fix"]
    )
    page = report._repr_html_()
    assert (
        "<table" in page
        and "02_unscaled_features.html" in page
        and "chapter 3" in page
        and "#c51b7d" in page
    )
    text = str(report)
    assert text.startswith("LSTM doctor: 3 flagged") and "critical" in text and repr(report) == text
    with pytest.raises(KeyError, match="no finding"):
        report["nonsense"]


def test_finding_validates_its_check_and_severity() -> None:
    with pytest.raises(ValueError, match="severity"):
        doctor.Finding("scale", "bad", "x")
    with pytest.raises(ValueError, match="unknown check"):
        doctor.Finding("nonsense", "ok", "x")
    assert doctor.Finding("scale", "critical", "x").flagged


@given(
    seed=st.integers(0, 10_000),
    n_features=st.integers(1, 4),
    n_days=st.integers(150, 400),
    gap_extra=st.integers(0, 5),
)
def test_a_standardised_chronological_split_never_raises_scale_overlap_or_int_dtype(
    seed: int, n_features: int, n_days: int, gap_extra: int
) -> None:
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
    from helpers import scaling

    scaled = scaling.scale_split(w, split)
    for index in (True, False):
        extra = {"train_index": scaled.train.ends, "test_index": scaled.test.ends} if index else {}
        report = doctor.examine(
            scaled.train.X, scaled.train.y, scaled.test.X, scaled.test.y, **extra
        )
        assert not {"scale", "overlap", "int_dtype"} & set(report.flagged), str(report)


def test_level_target_flags_windows_scaled_by_their_first_price() -> None:
    """Chapter 5's broken pipeline: each window of prices divided by its first price, and tomorrow's
    price on that scale.
    """
    frame, returns = _prices(1500)
    w = windows.make_windows(frame[["price"]], frame["price"].shift(-1).ffill(), LOOKBACK)
    first = w.X[:, 0, 0]
    X, y = w.X / first[:, None, None] - 1, w.y / first - 1
    report = doctor.examine(
        X[:1000], y[:1000], X[1100:], y[1100:], train_index=w.ends[:1000], test_index=w.ends[1100:]
    )
    assert report["level_target"].flagged, report["level_target"]
    assert report["level_target"].evidence["corr with its last value"] > 0.9
    ret = windows.make_windows(
        frame[["price"]].pct_change().fillna(0.0), returns.shift(-1).fillna(0.0), LOOKBACK
    )
    assert (
        doctor.examine(ret.X[:1000], ret.y[:1000], ret.X[1100:], ret.y[1100:])[
            "level_target"
        ].severity
        == "ok"
    )
