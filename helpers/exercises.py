"""Exercises that check themselves: the reader computes an answer and passes it to :func:`check`.

Each chapter has at least one exercise whose answer is a number the reader computes in the
notebook (on their own ``SEED`` and settings, so the answer is theirs, not the book's). The
checker computes the right answer itself, from the same data, and replies with specific
feedback: right, or what is off and where to look. It never shows the right answer: a reply
names the mistake it recognises (a percentage instead of a fraction, the wrong period, ...) or says
whether the answer is too high or too low and which section to reread.

>>> reply = check("purge_windows", 4, horizon=5, lookback=10)
>>> reply.correct, str(reply)
(True, 'Right.')
>>> print(check("purge_windows", 14, horizon=5, lookback=10))  # doctest: +ELLIPSIS
Not quite: that is lookback + horizon - 1: ...

No TensorFlow here: every answer is computed from the data, the splits and the baselines.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from numbers import Real
from typing import Any

import numpy as np

from . import baselines, data, learning, metrics, prices, setups, validate
from . import settings as settings_

__all__ = ["Exercise", "Feedback", "EXERCISES", "check", "question"]


@dataclass(frozen=True)
class Feedback:
    """The checker's reply: ``correct``, and a message that never contains the right answer."""

    correct: bool
    message: str

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:  # what a notebook shows
        return self.message


@dataclass(frozen=True)
class Exercise:
    """One self-checking exercise.

    ``answer(context)`` computes the right answer from the reader's context (``seed``, the
    chapter's ``settings`` and any keyword the exercise needs); an answer within ``tolerance`` of
    it is right. ``mistakes`` pairs a recognised wrong answer (computed the same way) with the
    message that explains it; ``where`` is the section to reread.
    """

    name: str
    chapter: int
    question: str
    where: str
    answer: Callable[[dict[str, Any]], float]
    tolerance: float
    mistakes: tuple[tuple[Callable[[dict[str, Any]], float], str], ...] = field(default=())


def _close(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance


# ----------------------------------------------------------- the oracle and the naive forecast


@functools.lru_cache(maxsize=8)
def _daily(settings: settings_.Daily, seed: int) -> setups.DailySetup:
    return setups.daily(settings, seed)


def _ch1(context: dict[str, Any]) -> setups.DailySetup:
    return _daily(context["settings"], context["seed"])


def _oracle_accuracy(context: dict[str, Any]) -> float:
    d = _ch1(context)
    return metrics.directional_accuracy(d.scaled.test.y, d.oracle)


def _oracle_accuracy_everywhere(context: dict[str, Any]) -> float:
    m = setups.market(context["settings"], context["seed"])
    return metrics.directional_accuracy(m["target"], m["oracle"])


def _up_share(context: dict[str, Any]) -> float:
    return float(np.mean(_ch1(context).scaled.test.y > 0))


def _oracle_edge(context: dict[str, Any]) -> float:
    d = _ch1(context)
    y = d.scaled.test.y
    return metrics.directional_accuracy(y, d.oracle) - metrics.directional_accuracy(y, d.naive)


# ----------------------------------------------------------- the majority class


@functools.lru_cache(maxsize=8)
def _drifting(settings: settings_.Direction, seed: int) -> setups.DailySetup:
    return setups.daily(settings, seed, setups.drifting_market(settings, seed))


def _majority_of(d: setups.DailySetup, period: str = "val") -> float:
    """Accuracy on the windows of ``period`` of always predicting the training windows' majority
    class."""
    majority = bool(np.mean(d.scaled.train.y > 0) >= 0.5)
    return float(np.mean((getattr(d.scaled, period).y > 0) == majority))


def _majority_accuracy(context: dict[str, Any]) -> float:
    return _majority_of(_drifting(context["settings"], context["seed"]))


def _majority_on_test(context: dict[str, Any]) -> float:
    return _majority_of(_drifting(context["settings"], context["seed"]), "test")


def _majority_balanced_market(context: dict[str, Any]) -> float:
    return _majority_of(_daily(context["settings"], context["seed"]))


def _up_share_train_drifting(context: dict[str, Any]) -> float:
    return float(np.mean(_drifting(context["settings"], context["seed"]).scaled.train.y > 0))


# ----------------------------------------------------------- prices outside the training range


def _ch3_prices(context: dict[str, Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    s = context["settings"]
    m = setups.trending_market(s, context["seed"])
    d = setups.daily(s, context["seed"], market=m)
    price = m["price"].to_numpy()
    ends = d.windows.ends
    return price[ends[d.split.train]], price[ends[d.split.val]], price[ends[d.split.test]]


def _above_training(context: dict[str, Any]) -> float:
    train, _, test = _ch3_prices(context)
    return float(np.mean(test > train.max()))


def _above_validation(context: dict[str, Any]) -> float:
    train, val, test = _ch3_prices(context)
    return float(np.mean(test > val.max()))


def _above_training_start(context: dict[str, Any]) -> float:
    train, _, test = _ch3_prices(context)
    return float(np.mean(test > train[0]))


# ----------------------------------------------------------- purging


def _purge(context: dict[str, Any]) -> float:
    return context["horizon"] - 1


def _purge_with_features(context: dict[str, Any]) -> float:
    return context["lookback"] + context["horizon"] - 1


# ----------------------------------------------------------- maxlen


@functools.lru_cache(maxsize=8)
def _sessions(settings: settings_.Sessions, seed: int) -> setups.SessionsSetup:
    return setups.sessions(settings, seed)


def _train_lengths(context: dict[str, Any]) -> np.ndarray:
    return _sessions(context["settings"], context["seed"]).train.lengths


def _p95(context: dict[str, Any]) -> float:
    return float(np.percentile(_train_lengths(context), 95))


def _median_length(context: dict[str, Any]) -> float:
    return float(np.median(_train_lengths(context)))


def _longest(context: dict[str, Any]) -> float:
    return float(_train_lengths(context).max())


def _p95_all(context: dict[str, Any]) -> float:
    s = _sessions(context["settings"], context["seed"])
    lengths = np.concatenate([s.train.lengths, s.val.lengths, s.test.lengths])
    return float(np.percentile(lengths, 95))


# ----------------------------------------------------------- persistence


def _ch6_test(context: dict[str, Any]) -> np.ndarray:
    return _ch1(context).scaled.test.y


def _persistence_direction(context: dict[str, Any]) -> float:
    # "tomorrow's price = today's" is a return of exactly 0, which counts as "down"
    y = _ch6_test(context)
    return metrics.directional_accuracy(y, np.zeros_like(y))


def _up_days_ch6(context: dict[str, Any]) -> float:
    return float(np.mean(_ch6_test(context) > 0))


def _level_r2(context: dict[str, Any]) -> float:
    d = _ch1(context)
    price = d.market["price"].to_numpy()
    ends = d.windows.ends[d.split.test]
    today = price[ends]
    tomorrow = today * np.exp(d.scaled.test.y)
    return metrics.r2(tomorrow, today)


# ----------------------------------------------------------- the size of an LSTM layer


def _lstm_weights(context: dict[str, Any]) -> float:
    units, inputs = context["units"], context["inputs"]
    return 4 * (units * (inputs + units) + units)


def _lstm_no_bias(context: dict[str, Any]) -> float:
    units, inputs = context["units"], context["inputs"]
    return 4 * units * (inputs + units)


def _lstm_no_recurrent(context: dict[str, Any]) -> float:
    units, inputs = context["units"], context["inputs"]
    return 4 * (units * inputs + units)


def _lstm_one_gate(context: dict[str, Any]) -> float:
    units, inputs = context["units"], context["inputs"]
    return units * (inputs + units) + units


def _lstm_with_head(context: dict[str, Any]) -> float:
    return _lstm_weights(context) + context["units"] + 1


# ----------------------------------------------------------- the doctor on a forecast with no skill


def _naive_report(context: dict[str, Any]) -> Any:
    return _naive_report_of(context["settings"], context["seed"])


@functools.lru_cache(maxsize=8)
def _naive_report_of(settings: settings_.Daily, seed: int) -> Any:
    from . import doctor  # the doctor imports this package's light modules only

    d = _daily(settings, seed)
    s = d.scaled
    return doctor.examine(
        s.train.X,
        s.train.y,
        s.test.X,
        s.test.y,
        train_index=s.train.ends,
        test_index=s.test.ends,
        X_val=s.val.X,
        y_val=s.val.y,
        y_pred=d.naive,
        y_reference=d.persistence,
        feature_names=tuple(s.train.feature_names),
    )


@functools.lru_cache(maxsize=4)
def _real(settings: settings_.Prices) -> setups.PricesSetup:
    return setups.prices(prices.sp500(), settings)


def _always_up(context: dict[str, Any]) -> float:
    return float(np.mean(_real(context["settings"]).scaled.test.y > 0))


def _always_up_everywhere(context: dict[str, Any]) -> float:
    return float(np.mean(_real(context["settings"]).windows.y > 0))


def _always_up_training(context: dict[str, Any]) -> float:
    return float(np.mean(_real(context["settings"]).scaled.train.y > 0))


def _naive_flags(context: dict[str, Any]) -> float:
    return len(_naive_report(context).flagged)


def _naive_findings(context: dict[str, Any]) -> float:
    return len(_naive_report(context))


def _naive_not_ok(context: dict[str, Any]) -> float:
    return sum(f.severity != "ok" for f in _naive_report(context))


def _times_100(f: Callable[[dict[str, Any]], float]) -> Callable[[dict[str, Any]], float]:
    return lambda context: 100 * f(context)


# --------------------------------------------------------------------------- too little data


@functools.lru_cache(maxsize=8)
def _short(seed: int, signal: float, n_train: int) -> tuple[float, float, float, float]:
    """Ridge's accuracy, the naive and the oracle's accuracy, and ridge's edge fraction, on the
    book's learning-curve grid (``learning.curve_setup``) at ``n_train`` days."""
    c = learning.curve_setup(seed, signal, n_train)  # the book's grid
    y_hat = baselines.fit_ridge(c.X_train, c.y_train).predict(c.X_test)
    return (
        metrics.directional_accuracy(c.y_test, y_hat),
        metrics.directional_accuracy(c.y_test, c.naive),
        metrics.directional_accuracy(c.y_test, c.oracle),
        metrics.edge_fraction(c.y_test, y_hat, c.oracle, c.naive),
    )


def _short_of(context: dict[str, Any]) -> tuple[float, float, float, float]:
    signal = validate.non_negative_number(context["signal"], "signal")
    return _short(
        context["seed"], float(signal), validate.positive_int(context["n_train"], "n_train")
    )


def _ridge_short_edge(context: dict[str, Any]) -> float:
    return _short_of(context)[3]


def _ridge_short_accuracy(context: dict[str, Any]) -> float:
    return _short_of(context)[0]


def _ridge_short_points(context: dict[str, Any]) -> float:
    ridge, naive, _, _ = _short_of(context)
    return ridge - naive


def _short_oracle_edge(context: dict[str, Any]) -> float:
    _, naive, oracle, _ = _short_of(context)
    return oracle - naive


_PERCENT = "your answer looks like a percentage: give it as a fraction between 0 and 1."

#: Every exercise, by name.
EXERCISES: dict[str, Exercise] = {
    e.name: e
    for e in (
        Exercise(
            name="oracle_accuracy",
            chapter=1,
            question=(
                "What is the oracle's directional accuracy on your test period (a fraction "
                "between 0 and 1)?"
            ),
            where="'The market' (the oracle column) and 'Measuring the gap'",
            answer=_oracle_accuracy,
            tolerance=0.0005,
            mistakes=(
                (_times_100(_oracle_accuracy), _PERCENT),
                (
                    _oracle_accuracy_everywhere,
                    "that is the oracle's accuracy on the whole market: score it on the test "
                    "period only.",
                ),
                (_up_share, "that is the share of up days: compare the oracle's sign with it."),
                (
                    _oracle_edge,
                    "that is the oracle's edge over the naive forecast, not its accuracy.",
                ),
            ),
        ),
        Exercise(
            name="majority_accuracy",
            chapter=2,
            question=(
                "On the market with a drift, what accuracy does always predicting the training "
                "period's majority class score on the validation period (a fraction between 0 "
                "and 1)?"
            ),
            where="'The fix', section 2 (imbalance: the majority class)",
            answer=_majority_accuracy,
            tolerance=0.0005,
            mistakes=(
                (_times_100(_majority_accuracy), _PERCENT),
                (
                    _up_share_train_drifting,
                    "that is the share of up days in the training period: score the majority "
                    "class on the validation period.",
                ),
                (
                    _majority_on_test,
                    "that is the test period, which the chapter printed: use the validation "
                    "period.",
                ),
                (
                    _majority_balanced_market,
                    "that is the market without a drift: use the drifting one.",
                ),
            ),
        ),
        Exercise(
            name="price_above_training",
            chapter=3,
            question=(
                "On what fraction of the test windows is the last price above the highest "
                "price of the training windows?"
            ),
            where="'The broken baseline' and 'Diagnosis' (the price leaving its training range)",
            answer=_above_training,
            tolerance=0.0005,
            mistakes=(
                (_times_100(_above_training), _PERCENT),
                (
                    _above_validation,
                    "that compares with the validation period's highest price: use the "
                    "training period, the only one a scaler may be fit on.",
                ),
                (
                    _above_training_start,
                    "that compares with the first training price: use the highest one.",
                ),
            ),
        ),
        Exercise(
            name="purge_windows",
            chapter=4,
            question=(
                "With windows of `lookback` days and a target over the next `horizon` days, how "
                "many windows must be purged between the training and the test period so that "
                "no training label overlaps a test label?"
            ),
            where="'The fix' (the LSTM, split in time: purging)",
            answer=_purge,
            tolerance=0.0,
            mistakes=(
                (
                    _purge_with_features,
                    "that is lookback + horizon - 1: it also removes windows that only share "
                    "feature days with the test period, which is no leak in a forward split.",
                ),
                (
                    lambda c: c["horizon"],
                    "one too many: the last training label may end on the day before the first "
                    "test label starts.",
                ),
                (lambda c: c["lookback"], "the lookback does not decide label overlap."),
            ),
        ),
        Exercise(
            name="article_maxlen",
            chapter=5,
            question=(
                "What `maxlen` does the article's rule (the 95th percentile of the lengths) "
                "give on your training sessions?"
            ),
            where="'The sessions' and 'The broken baseline' (the article's recipe)",
            answer=_p95,
            tolerance=1.0,  # rounded down, up or to the nearest: all right
            mistakes=(
                (_median_length, "that is the median length: the rule takes the 95th percentile."),
                (_longest, "that is the longest session: the rule takes the 95th percentile."),
                (
                    _p95_all,
                    "that uses every session: decide maxlen on the training sessions only.",
                ),
            ),
        ),
        Exercise(
            name="persistence_direction",
            chapter=6,
            question=(
                "Persistence forecasts tomorrow's price as today's. What is its directional "
                "accuracy on your test period (a fraction)?"
            ),
            where="'Diagnosis' (skill against persistence, and direction)",
            answer=_persistence_direction,
            tolerance=0.0005,
            mistakes=(
                (_times_100(_persistence_direction), _PERCENT),
                (
                    _level_r2,
                    "that is persistence's R^2 on the price level: the question asks for "
                    "its directional accuracy, which ignores the level.",
                ),
                (
                    _up_days_ch6,
                    "that is the share of up days: a forecast of no change counts as 'down'.",
                ),
            ),
        ),
        Exercise(
            name="lstm_weights",
            chapter=7,
            question=(
                "How many trainable weights does one `LSTM(units)` layer have on windows of "
                "`inputs` features (the layer alone, without the Dense head)?"
            ),
            where="Keras' LSTM layer (four gates: input weights, recurrent weights, a bias)",
            answer=_lstm_weights,
            tolerance=0.0,
            mistakes=(
                (_lstm_no_bias, "you left out the biases: each of the four gates has one."),
                (
                    _lstm_no_recurrent,
                    "you left out the recurrent weights: each gate also reads the previous output.",
                ),
                (_lstm_one_gate, "that is one gate: an LSTM cell has four."),
                (_lstm_with_head, "that includes the Dense head: count the LSTM layer alone."),
            ),
        ),
        Exercise(
            name="always_up_accuracy",
            chapter=8,
            question=(
                "On the S&P 500's test period, what directional accuracy does always forecasting "
                "'up' score (a fraction between 0 and 1)?"
            ),
            where="'The data' and 'The fix' (the training mean's row: on a rising market, "
            "always up)",
            answer=_always_up,
            tolerance=0.0005,
            mistakes=(
                (_times_100(_always_up), _PERCENT),
                (
                    _always_up_everywhere,
                    "that is the share of up days over every window: score the test period only.",
                ),
                (
                    _always_up_training,
                    "that is the training period's share of up days: score the test period.",
                ),
            ),
        ),
        Exercise(
            name="naive_flags",
            chapter=10,
            question=(
                "Examine the naive forecast (the training mean) of chapter 1's test period with "
                "the doctor, giving it the windows, their days, the validation period, the "
                "forecasts and persistence as the reference. How many checks flag it (a warning "
                "or a critical finding)?"
            ),
            where="'Diagnosis' (the checks: severities, and which findings count as flagged)",
            answer=_naive_flags,
            tolerance=0.0,
            mistakes=(
                (_naive_findings, "that counts every finding: count the flagged ones only."),
                (
                    _naive_not_ok,
                    "that also counts the 'info' findings: only warnings and critical ones flag.",
                ),
            ),
        ),
        Exercise(
            name="ridge_short_edge",
            chapter=9,
            question=(
                "On the learning-curve grid's market for your seed at strength `signal`, what "
                "fraction of the oracle's edge does ridge on the flattened window "
                "(`baselines.fit_ridge`) capture on the test block when it trains on the last "
                "`n_train` days (`learning.curve_setup` with the grid's sizes)?"
            ),
            where="'Setup' (learning.curve_setup) and 'The broken baseline'",
            answer=_ridge_short_edge,
            tolerance=0.001,
            mistakes=(
                (_times_100(_ridge_short_edge), _PERCENT),
                (
                    _ridge_short_accuracy,
                    "that is ridge's directional accuracy: the question asks for its share of "
                    "the oracle's edge over the naive forecast.",
                ),
                (
                    _ridge_short_points,
                    "that is ridge's edge in accuracy points: divide it by the oracle's edge.",
                ),
                (
                    _short_oracle_edge,
                    "that is the oracle's edge over the naive forecast, not ridge's share of it.",
                ),
            ),
        ),
    )
}

_DEFAULT_SETTINGS: dict[int, settings_.Settings] = {
    **settings_.CHAPTERS,
    9: settings_.CH1,  # unused: the learning-curve grid's sizes are learning's constants
    10: settings_.CH1,  # the doctor's exercise reads chapter 1's market
}
_NEEDS: dict[str, tuple[str, ...]] = {
    "oracle_accuracy": ("seed", "settings"),
    "majority_accuracy": ("seed", "settings"),
    "price_above_training": ("seed", "settings"),
    "purge_windows": ("horizon", "lookback"),
    "article_maxlen": ("seed", "settings"),
    "persistence_direction": ("seed", "settings"),
    "lstm_weights": ("units", "inputs"),
    "naive_flags": ("seed", "settings"),
    "always_up_accuracy": ("seed", "settings"),
    "ridge_short_edge": ("seed", "signal", "n_train"),
}
_DEFAULTS: dict[str, Any] = {
    "units": settings_.SOUND.units,
    "inputs": len(data.FEATURES),  # chapter 7's windows: one stationary feature per observable
    "signal": 0.1,  # the learning-curve grid's realistic strength (the oracle right on ~53 %)
    "n_train": 4_000,  # about 16 years of daily data
}


def question(name: str) -> str:
    """The question of exercise ``name``, and what to pass to :func:`check`."""
    exercise = _exercise(name)
    needs = ", ".join(f"{k}=..." for k in _NEEDS[name] if k != "settings")
    extra = f", {needs}" if needs else ""
    return f"{exercise.question}\nCheck it with exercises.check({name!r}, answer{extra})."


def _exercise(name: str) -> Exercise:
    if not isinstance(name, str) or name not in EXERCISES:
        raise ValueError(f"no exercise {name!r}; the exercises: {', '.join(EXERCISES)}.")
    return EXERCISES[name]


def check(name: str, answer: object, **context: Any) -> Feedback:
    """Check ``answer`` to exercise ``name``; the reply never contains the right answer.

    ``context`` holds what the exercise is computed from: ``seed`` (default 0) and ``settings``
    (default: the chapter's, ``settings.CHn``; pass your parameters' settings, ``S``, if you
    changed them), or the quantities the question names (``horizon``, ``lookback``, ``units``,
    ``inputs``).
    """
    exercise = _exercise(name)
    if answer is None:
        return Feedback(False, "No answer yet: compute it, then pass it to check().")
    if isinstance(answer, bool) or not isinstance(answer, Real | np.number):
        raise TypeError(f"answer must be a number, got {type(answer).__name__}: {answer!r}.")
    value = float(answer)
    if not math.isfinite(value):
        return Feedback(False, f"Your answer is {value}: compute a finite number first.")
    unknown = sorted(set(context) - {"seed", "settings", *_NEEDS[name]})
    if unknown:
        raise TypeError(f"check({name!r}) does not take {unknown}; it takes {_NEEDS[name]}.")
    full = {"seed": 0, "settings": _DEFAULT_SETTINGS[exercise.chapter], **_DEFAULTS, **context}
    full["seed"] = validate.seed(full["seed"])
    for key in ("horizon", "lookback", "units", "inputs"):
        if key in _NEEDS[name]:
            if key not in full:
                raise TypeError(f"check({name!r}) needs {key}=... (see its question).")
            full[key] = validate.positive_int(full[key], key)
    right = exercise.answer(full)
    if _close(value, right, exercise.tolerance):
        return Feedback(True, "Right.")
    for wrong, message in exercise.mistakes:
        if _close(value, wrong(full), max(exercise.tolerance, 1e-9)):
            return Feedback(False, f"Not quite: {message} Look again at {exercise.where}.")
    side = "high" if value > right else "low"
    return Feedback(False, f"Not quite: your answer is too {side}. Look again at {exercise.where}.")
