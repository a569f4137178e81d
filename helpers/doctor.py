"""The LSTM doctor: one call that checks a forecasting pipeline for every pitfall of chapters 2-6.

:func:`examine` takes what a pipeline produced (its windows and targets, and
whatever else is at hand: the day each window ends, the validation set, the
model, its training history, the raw sequences before padding, the forecasts)
and returns a :class:`Report` with one :class:`Finding` per check. Each
finding has a severity (``"ok"``, ``"info"``, ``"warning"``, ``"critical"``;
*flagged* means warning or critical), a one-line summary, the evidence in
numbers, the chapter that explains the pitfall, and the fix. A check whose
inputs were not given is reported as ``"info"``, "not run: pass ...", never
silently skipped. In a notebook the report displays as a table.

The checks, by chapter, and the thresholds they use (module constants, chosen
with wide margins between the book's broken and fixed pipelines):

Chapter 2, scaling
    ``scale``: per feature, over every value of the training windows: the
    root mean square (an input far from 1 saturates the gates), the ratio of
    the largest to the smallest standard deviation, and the smallest standard
    deviation (one outlier in a min-max range squeezes the rest).
    Warning above :data:`SCALE_MAX_RMS` (10), :data:`SCALE_MAX_SD_RATIO` (20)
    or below :data:`SCALE_MIN_SD` (0.1); critical above
    :data:`SCALE_CRITICAL_RMS` (100) or a ratio of :data:`SCALE_CRITICAL_SD_RATIO`
    (1000). Raw prices and volumes reach 1e2-1e6; standardised features sit
    near 1, and unscaled stationary ones (log volume near 14, returns near
    0.01) are a warning.
    ``drift``: per feature, the share of the test windows' values outside the
    central :data:`DRIFT_COVERAGE` (99 %) of the training values (about 1 %
    for a stationary feature), and the shift of the test median in training
    standard deviations. Warning above :data:`DRIFT_MAX_SHARE` (0.25) or
    :data:`DRIFT_MAX_SHIFT` (2); critical above :data:`DRIFT_CRITICAL_SHARE` (0.5).
    A trending price level scaled on its training period ends up mostly above it.

Chapter 3, leaks
    ``overlap``: with ``train_index`` and ``test_index`` (each window's last
    day), the share of test windows that share a day with a training window
    (:func:`helpers.splits.overlap_mask`, lookback days of features and one
    day of target), and the share of test windows that lie inside the
    training period. Without them, the share of test windows that contain a
    day (a row of features) found in a training window. Any shared window is
    a warning; critical from :data:`OVERLAP_CRITICAL_SHARE` (0.5) on or when
    more than :data:`INTERLEAVE_MAX_SHARE` (0.05) of the test windows end
    inside the training period (a shuffled split).
    ``lookahead``: the largest absolute correlation of any feature, on the
    last day of the windows, with the target (train and test pooled). On the
    book's market an honest feature reaches about 0.2 (the oracle itself
    about 0.5); a centred moving average or the target itself 0.6-1.
    Warning above :data:`LOOKAHEAD_MAX_R` (0.4), critical above
    :data:`LOOKAHEAD_CRITICAL_R` (0.9). When the target is a price level
    (``level_target``), the correlation is taken with its change instead.
    ``val_is_test``: the share of validation windows that are also test
    windows. Critical above :data:`VAL_TEST_CRITICAL_SHARE` (0.5), warning above 0.

Chapter 4, padding
    ``trailing_pad``: the share of windows that end with an all-zero step
    after real data, and whether the model has a ``Masking`` layer (or an
    ``Embedding`` with ``mask_zero``). From :data:`TRAILING_MIN_SHARE` (0.05)
    on: ok with a mask, a warning without a model to look into, and without a
    mask a warning, critical from :data:`TRAILING_CRITICAL_SHARE` (0.3).
    ``truncation``: for each raw sequence longer than ``maxlen``, whether the
    padded window holds its first or its last ``maxlen`` steps (the one it
    correlates with, feature by feature). Cutting the recent end: warning from
    :data:`TRUNCATION_MIN_SHARE` (0.01) of the sequences, critical from
    :data:`TRUNCATION_CRITICAL_SHARE` (0.2).
    ``int_dtype``: integer windows (``pad_sequences``' default ``int32``), or
    whole-number windows, from sequences that held fractions: critical.
    ``maxlen``: ``maxlen`` against the lengths: warning when more than
    :data:`MAXLEN_MAX_TRUNCATED` (0.25) of the sequences are truncated, or
    when ``maxlen`` exceeds :data:`MAXLEN_MAX_OVER_P95` (2) times the 95th
    percentile, or is the longest length while that exceeds
    :data:`MAXLEN_LONGEST_OVER_P95` (1.5) times the 95th percentile (padding
    every batch to a rare outlier costs time for nothing; ``maxlen`` at the
    95th percentile is the book's fix).

Chapter 5, levels
    ``level_target``: the target's lag-1 autocorrelation in time order above
    :data:`LEVEL_AUTOCORR` (0.95) while it stays above
    :data:`LEVEL_LONG_AUTOCORR` (0.5) at lag :data:`LEVEL_LONG_LAG` (20), which
    an overlapping multi-day *return* does not; or a target that correlates
    above :data:`LEVEL_MATCH_R` (0.9) with the last value of a feature that is
    itself a level (lag-1 autocorrelation within the windows above
    :data:`LEVEL_FEATURE_AUTOCORR`, 0.9). Chapter 5's windows, each divided by
    its first price, give 0.94-0.95 on both counts (a 10-day against a 9-day
    cumulative move); honest return targets correlate below 0.3 with any
    feature. Returns have an autocorrelation near 0.
    ``no_skill``: ``skill.skill_score(y_test, y_pred, y_reference)`` at or
    below :data:`NO_SKILL` (0.01). Without ``y_reference`` and with
    consecutive ``test_index`` days, persistence of the target itself
    (yesterday's value) is the reference.

Chapter 6, training
    ``relu_lstm``: any LSTM layer (or cell) whose activation is not ``tanh``.
    ``gradients``: non-finite weights or training loss, a training loss that
    grew above :data:`LOSS_BLOWUP` (10) times its first epoch's, and
    :func:`helpers.nn.diagnostics.timestep_gradient_norms` on the last
    :data:`GRADIENT_BATCH` (128) training windows: non-finite or above
    :data:`GRADIENT_MAX` (1e3) is exploding (critical; the book's sound LSTMs
    stay below 1). For a window of at least :data:`VANISH_MIN_LOOKBACK` (20)
    steps, an oldest step below :data:`VANISH_RATIO` (1e-3) of the most recent
    one is vanishing: a warning for an ungated ``SimpleRNN``, only "info" for
    an LSTM or GRU. Measured here, every recurrent cell falls below 1e-3 over
    30-60 steps, even untrained; a gated cell can still learn to keep what it
    needs (chapter 6), so flagging it would flag every long sound window.
    ``no_early_stopping``: the validation loss's best epoch lies more than
    :data:`NO_ES_EPOCHS_AFTER_BEST` (10) epochs before the last one and the
    final validation loss is more than :data:`NO_ES_WORSE` (3 %) above its
    best (early stopping with the book's patience of 6-8 stops sooner); or no
    validation loss at all over :data:`NO_ES_MANY_EPOCHS` (20) epochs or more.

Measured on the book's pipelines (:mod:`helpers.pipelines`, small size,
seeds 0-4), broken against fixed: min-max with a crash, smallest sd 0.03-0.04
against 0.66 or more; price level, share outside 0.97-1 against 0.03 or less;
shuffled split, 90-93 % of test windows shared against 0; centred moving
average, |r| 0.57-0.60 against 0.20 or less; level target, lag-1
autocorrelation 0.99 against 0.27 or less; no early stopping, 15-16 epochs
past the best and 40-65 % worse against at most 1 epoch. A sound pre-padded
LSTM over 60-65 steps had an oldest/newest gradient ratio of 7e-5 to 5e-4.

Importing this module is light (NumPy and pandas); TensorFlow is imported only
by the model checks, and only when a Keras model is passed.
"""

from __future__ import annotations

import html
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from . import sequences as sequences_module
from . import skill, splits, validate

__all__ = [
    "CHECKS",
    "CHAPTERS",
    "SEVERITIES",
    "Finding",
    "Report",
    "examine",
]

# ------------------------------------------------------------ thresholds (see the module docstring)

SCALE_MAX_RMS = 10.0
SCALE_CRITICAL_RMS = 100.0
SCALE_MAX_SD_RATIO = 20.0
SCALE_CRITICAL_SD_RATIO = 1000.0
SCALE_MIN_SD = 0.1
DRIFT_COVERAGE = 0.99
DRIFT_MAX_SHARE = 0.25
DRIFT_CRITICAL_SHARE = 0.5
DRIFT_MAX_SHIFT = 2.0
OVERLAP_CRITICAL_SHARE = 0.5
INTERLEAVE_MAX_SHARE = 0.05
LOOKAHEAD_MAX_R = 0.4
LOOKAHEAD_CRITICAL_R = 0.9
VAL_TEST_CRITICAL_SHARE = 0.5
TRAILING_MIN_SHARE = 0.05
TRAILING_CRITICAL_SHARE = 0.3
TRUNCATION_MIN_SHARE = 0.01
TRUNCATION_CRITICAL_SHARE = 0.2
MAXLEN_MAX_TRUNCATED = 0.25
MAXLEN_MAX_OVER_P95 = 2.0
MAXLEN_LONGEST_OVER_P95 = 1.5
LEVEL_AUTOCORR = 0.95
LEVEL_LONG_LAG = 20
LEVEL_LONG_AUTOCORR = 0.5
LEVEL_MATCH_R = 0.9
LEVEL_FEATURE_AUTOCORR = 0.9
NO_SKILL = 0.01
GRADIENT_BATCH = 128
GRADIENT_MAX = 1e3
LOSS_BLOWUP = 10.0
VANISH_MIN_LOOKBACK = 20
VANISH_RATIO = 1e-3
NO_ES_EPOCHS_AFTER_BEST = 10
NO_ES_WORSE = 0.03
NO_ES_MANY_EPOCHS = 20

#: Severities, from harmless to serious; "flagged" means warning or critical.
SEVERITIES: tuple[str, ...] = ("ok", "info", "warning", "critical")
_FLAGGED = ("warning", "critical")

#: Every check id, in report order, with the chapter that explains its pitfall.
CHECKS: dict[str, int] = {
    "scale": 2,
    "drift": 2,
    "overlap": 3,
    "lookahead": 3,
    "val_is_test": 3,
    "trailing_pad": 4,
    "truncation": 4,
    "int_dtype": 4,
    "maxlen": 4,
    "level_target": 5,
    "no_skill": 5,
    "relu_lstm": 6,
    "gradients": 6,
    "no_early_stopping": 6,
}

#: Chapter number -> (title, notebook name), for the report's links.
CHAPTERS: dict[int, tuple[str, str]] = {
    2: ("Unscaled features", "02_unscaled_features"),
    3: ("Leaky splits", "03_leaky_splits"),
    4: ("Bad maxlen", "04_bad_maxlen"),
    5: ("The persistence illusion", "05_persistence_illusion"),
    6: ("Training pitfalls", "06_training_pitfalls"),
}

_FIXES: dict[str, str] = {
    "scale": "Make features stationary (log returns, log volume), then fit a StandardScaler per "
    "feature on the training windows only (scaling.scale_split).",
    "drift": "Replace levels by stationary transforms (returns, ratios to a rolling mean) so that "
    "the future stays inside the range the scaler and the model saw.",
    "overlap": "Split chronologically with a gap of at least lookback + horizon - 1 windows "
    "(splits.chronological, splits.walk_forward); never shuffle windows before splitting.",
    "lookahead": "Build every feature from its own and earlier days only (no center=True, no "
    "shift(-k)); check with leakage.lookahead_rows.",
    "val_is_test": "Carve the validation period out of the data before the test period; use the "
    "test set once, at the end.",
    "trailing_pad": "Pad in front (padding='pre') or add keras.layers.Masking so the padded steps "
    "never touch the state.",
    "truncation": "Truncate from the front (truncating='pre') to keep the most recent steps.",
    "int_dtype": "Pad with dtype='float32' (sequences.pad refuses a lossy integer cast).",
    "maxlen": "Choose maxlen from the length distribution (about its 95th percentile, "
    "sequences.maxlen_at) and measure; bucket by length for long tails.",
    "level_target": "Predict returns (or differences), not price levels; rebuild a level from the "
    "return if needed.",
    "no_skill": "Compare every model with persistence and the naive forecast (skill.skill_score); "
    "a model that does not beat them has learned nothing useful.",
    "relu_lstm": "Keep the LSTM's default activation='tanh' (bounded, and the fast cuDNN kernel on "
    "GPUs).",
    "gradients": "Keep tanh, clip gradients (clipnorm), lower the learning rate; shorten the "
    "window or use a gated cell when the oldest steps get no gradient.",
    "no_early_stopping": "Add keras.callbacks.EarlyStopping(monitor='val_loss', "
    "restore_best_weights=True) on a validation period before the test period.",
}


# -------------------------------------------------------------------------- findings and the report


@dataclass(frozen=True)
class Finding:
    """The result of one check: what was found, how serious it is, the numbers, and where to read
    about it.
    """

    check: str
    severity: str
    summary: str
    evidence: dict[str, Any] = field(default_factory=dict)
    chapter: int = 0
    fix: str = ""

    def __post_init__(self) -> None:
        if self.check not in CHECKS:
            raise ValueError(f"unknown check {self.check!r}; the checks are {list(CHECKS)}.")
        validate.one_of(self.severity, SEVERITIES, "severity")

    @property
    def flagged(self) -> bool:
        """True for a warning or a critical finding."""
        return self.severity in _FLAGGED


def _fmt(value: object) -> str:
    """A short, stable text for one evidence value (2 significant digits for floats)."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        v = float(value)
        if not np.isfinite(v):
            return str(v)
        if v == 0.0:
            return "0"
        return f"{v:.2g}"
    if isinstance(value, (list, tuple, np.ndarray)):
        items = list(value)
        shown = ", ".join(_fmt(v) for v in items[:6])
        return f"[{shown}{', ...' if len(items) > 6 else ''}]"
    return str(value)


def _pct(share: float) -> str:
    """A share as a whole percentage, for summaries: 0.584 -> '58%'."""
    return f"{share:.0%}" if np.isfinite(share) else "n/a"


def _evidence_text(evidence: Mapping[str, Any]) -> str:
    return "; ".join(f"{key}={_fmt(value)}" for key, value in evidence.items())


_MARKERS = {"ok": "#1b7837", "info": "#9e9e9e", "warning": "#e08214", "critical": "#c51b7d"}
_COLUMNS = ["check", "severity", "summary", "evidence", "chapter", "fix"]


class Report(Sequence[Finding]):
    """One :class:`Finding` per check, sorted by chapter; indexable by position or by check id.

    ``report.flagged`` lists the checks with a warning or a critical finding,
    ``report["scale"]`` is the finding of one check, ``report.to_frame()`` a
    table, and a notebook displays the report as an HTML table.
    """

    def __init__(self, findings: Sequence[Finding]) -> None:
        order = list(CHECKS)
        items = list(findings)
        for item in items:
            if not isinstance(item, Finding):
                raise TypeError(f"a Report holds Finding objects, got {type(item).__name__}.")
        self._findings = sorted(items, key=lambda f: (f.chapter, order.index(f.check)))

    def __len__(self) -> int:
        return len(self._findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self._findings)

    def __getitem__(self, key: int | str) -> Finding:  # type: ignore[override]
        if isinstance(key, str):
            for finding in self._findings:
                if finding.check == key:
                    return finding
            raise KeyError(
                f"no finding for check {key!r}; the report holds "
                f"{[f.check for f in self._findings]}."
            )
        return self._findings[key]

    @property
    def flagged(self) -> list[str]:
        """Ids of the checks whose finding is a warning or critical, in report order."""
        return [f.check for f in self._findings if f.flagged]

    def severity(self, check: str) -> str:
        """The severity of one check's finding."""
        return self[check].severity

    def to_frame(self) -> pd.DataFrame:
        """One row per finding: check, severity, summary, evidence (as text), chapter, fix."""
        rows = [
            {
                "check": f.check,
                "severity": f.severity,
                "summary": f.summary,
                "evidence": _evidence_text(f.evidence),
                "chapter": f.chapter,
                "fix": f.fix if f.flagged else "",
            }
            for f in self._findings
        ]
        return pd.DataFrame(rows, columns=_COLUMNS)

    def __str__(self) -> str:
        lines = [
            f"LSTM doctor: {len(self.flagged)} flagged of {len(self)} checks "
            f"({', '.join(self.flagged) or 'none'})"
        ]
        for f in self._findings:
            lines.append(f"[{f.severity:>8}] {f.check:<18} ch{f.chapter}  {f.summary}")
            if f.evidence:
                lines.append(f"{'':30}{_evidence_text(f.evidence)}")
            if f.flagged:
                lines.append(f"{'':30}fix: {f.fix}")
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        head = "".join(f"<th style='text-align:left'>{c}</th>" for c in _COLUMNS)
        body = []
        for f in self._findings:
            title, stem = CHAPTERS.get(f.chapter, ("", ""))
            link = (
                f"<a href='{stem}.html' title='{html.escape(title)}'>chapter {f.chapter}</a>"
                if stem
                else str(f.chapter)
            )
            marker = f"<span style='color:{_MARKERS[f.severity]}'>&#9679;</span> {f.severity}"
            cells = [
                f"<code>{f.check}</code>",
                marker,
                html.escape(f.summary),
                f"<small>{html.escape(_evidence_text(f.evidence))}</small>",
                link,
                html.escape(f.fix) if f.flagged else "",
            ]
            body.append(
                "<tr>" + "".join(f"<td style='text-align:left'>{c}</td>" for c in cells) + "</tr>"
            )
        caption = f"LSTM doctor: {len(self.flagged)} flagged of {len(self)} checks"
        return (
            f"<table><caption style='text-align:left'>{html.escape(caption)}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        )


def _finding(check: str, severity: str, summary: str, **evidence: Any) -> Finding:
    return Finding(check, severity, summary, dict(evidence), CHECKS[check], _FIXES[check])


def _not_run(check: str, what: str) -> Finding:
    return _finding(check, "info", f"not run: pass {what}")


# --------------------------------------------------------------------------- input validation


def _windows(name: str, X: object) -> np.ndarray:
    if X is None:
        raise TypeError(f"{name} is required: pass 3-D windows (samples, timesteps, features).")
    if isinstance(X, (str, bytes)) or not hasattr(X, "__len__") and not hasattr(X, "__array__"):
        raise TypeError(
            f"{name} must be an array of windows (samples, timesteps, features), got "
            f"{type(X).__name__}."
        )
    X = np.asarray(X)
    if X.dtype == object or not (np.issubdtype(X.dtype, np.number) or X.dtype == bool):
        raise TypeError(
            f"{name} has dtype {X.dtype}; pass numeric windows (a list of ragged sequences goes in "
            "sequences=)."
        )
    if X.ndim != 3:
        raise ValueError(
            f"{name} must be 3-D (samples, timesteps, features), got shape {X.shape}; reshape 2-D "
            "data with X[..., None] (one feature) or cut windows with windows.make_windows."
        )
    if X.size == 0:
        raise ValueError(
            f"{name} is empty (shape {X.shape}); pass at least one window with one step and one "
            "feature."
        )
    if np.issubdtype(X.dtype, np.floating) and not np.isfinite(X).all():
        bad = int((~np.isfinite(X)).sum())
        raise ValueError(
            f"{name} holds {bad} NaN or infinite values; drop or fill them before examining."
        )
    return X


def _target(name: str, y: object, n: int, windows_name: str) -> np.ndarray:
    if y is None:
        raise TypeError(f"{name} is required: pass one target per window of {windows_name}.")
    if isinstance(y, (str, bytes)):
        raise TypeError(f"{name} must be a 1-D array of numbers, got a string.")
    y = np.asarray(y)
    if y.dtype == object or not (np.issubdtype(y.dtype, np.number) or y.dtype == bool):
        raise TypeError(f"{name} has dtype {y.dtype}; pass numbers.")
    if y.ndim == 2 and y.shape[1] == 1:
        y = y.ravel()
    if y.ndim != 1:
        raise ValueError(
            f"{name} must be 1-D (one target per window), got shape {y.shape}; use y.ravel() for "
            "one output."
        )
    if y.size == 0:
        raise ValueError(f"{name} is empty; pass one target per window.")
    if y.size != n:
        raise ValueError(
            f"{name} has {y.size} values but {windows_name} has {n} windows; pass one target per "
            "window."
        )
    y = y.astype(np.float64)
    if not np.isfinite(y).all():
        raise ValueError(
            f"{name} holds {int((~np.isfinite(y)).sum())} NaN or infinite values; drop those "
            "windows."
        )
    return y


def _forecast(name: str, y: object, n: int) -> np.ndarray | None:
    """A forecast of y_test: 1-D, one per test window; NaN is allowed (it is evidence, not bad
    input).
    """
    if y is None:
        return None
    if isinstance(y, (str, bytes)):
        raise TypeError(f"{name} must be a 1-D array of forecasts, got a string.")
    try:
        values = np.asarray(y, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(
            f"{name} must be a 1-D array of numbers, got {type(y).__name__}."
        ) from error
    if values.ndim == 2 and values.shape[1] == 1:
        values = values.ravel()
    if values.ndim != 1 or values.size != n:
        raise ValueError(
            f"{name} must be 1-D with one forecast per test window ({n}), got shape {values.shape}."
        )
    return values


def _index(name: str, index: object, n: int) -> np.ndarray | None:
    if index is None:
        return None
    if isinstance(index, (str, bytes)):
        raise TypeError(f"{name} must be an array of day positions or dates, got a string.")
    values = np.asarray(index)
    if values.ndim != 1 or values.size != n:
        raise ValueError(
            f"{name} must be 1-D with one day (position or date) per window ({n}), got shape "
            f"{values.shape}."
        )
    return values


def _positions(
    train_index: np.ndarray, test_index: np.ndarray
) -> tuple[np.ndarray, np.ndarray, str]:
    """Day positions for both indexes: integers as they are; dates as business days (or calendar
    days).
    """
    both = [train_index, test_index]
    if all(np.issubdtype(v.dtype, np.integer) for v in both):
        return train_index.astype(np.int64), test_index.astype(np.int64), "positions"
    numeric = [np.issubdtype(v.dtype, np.number) for v in both]
    if any(numeric) and not all(numeric):
        raise TypeError(
            "train_index and test_index must be of one kind: both day positions (ints) or both "
            "dates."
        )
    if any(np.issubdtype(v.dtype, np.floating) for v in both):
        for name, v in zip(("train_index", "test_index"), both, strict=True):
            if np.issubdtype(v.dtype, np.floating) and not (
                np.isfinite(v).all() and np.all(v == np.round(v))
            ):
                raise ValueError(
                    f"{name} holds non-integer numbers; pass day positions (ints) or dates."
                )
        return train_index.astype(np.int64), test_index.astype(np.int64), "positions"
    try:
        dates = [pd.DatetimeIndex(pd.to_datetime(v)).normalize() for v in both]
    except (TypeError, ValueError) as error:
        raise TypeError(
            "train_index and test_index must both be day positions (ints) or dates."
        ) from error
    if any(d.hasnans for d in dates):
        raise ValueError(
            "train_index or test_index holds missing dates (NaT); pass one date per window."
        )
    base = min(d.min() for d in dates)
    weekdays = all((d.day_of_week < 5).all() for d in dates)
    if weekdays:
        out = [np.busday_count(base.date(), d.values.astype("datetime64[D]")) for d in dates]
        return out[0].astype(np.int64), out[1].astype(np.int64), "business days"
    out = [np.asarray((d - base).days, dtype=np.int64) for d in dates]
    return out[0], out[1], "calendar days"


def _ragged(sequences: object) -> list[np.ndarray] | None:
    if sequences is None:
        return None
    if isinstance(sequences, np.ndarray) and sequences.dtype != object:
        raise TypeError(
            "sequences must be a list of 2-D arrays (the raw sequences before padding), not one "
            "stacked array."
        )
    seqs = [np.asarray(s) for s in sequences]  # type: ignore[union-attr]
    sequences_module.check_sequences(seqs)
    for i, s in enumerate(seqs):
        if np.issubdtype(s.dtype, np.floating) and not np.isfinite(s).all():
            raise ValueError(
                f"sequence {i} holds NaN or infinite values; drop or fill them before examining."
            )
    return seqs


def _row_hashes(rows: np.ndarray) -> np.ndarray:
    """One 64-bit hash per row of a 2-D array (identical rows, identical hashes)."""
    return pd.util.hash_pandas_object(
        pd.DataFrame(np.ascontiguousarray(rows, dtype=np.float64)), index=False
    ).to_numpy()


def _corr(a: np.ndarray, b: np.ndarray) -> float:
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    sa, sb = a.std(), b.std()
    if a.size < 3 or sa == 0 or sb == 0:
        return float("nan")
    return float(np.mean((a - a.mean()) * (b - b.mean())) / (sa * sb))


# ------------------------------------------------------------------ scales: feature sizes and drift


def _check_scale(X_train: np.ndarray, names: list[str]) -> Finding:
    days = X_train.reshape(-1, X_train.shape[2]).astype(np.float64)
    sd = days.std(axis=0)
    rms = np.sqrt(np.mean(days**2, axis=0))
    varying = sd > 0
    if not varying.any():
        return _finding(
            "scale", "warning", "every feature is constant in the training windows", constant=names
        )
    sd_v = sd[varying]
    ratio = float(sd_v.max() / sd_v.min())
    big = int(np.argmax(rms))
    small = int(np.flatnonzero(varying)[np.argmin(sd_v)])
    evidence = {
        "largest rms": float(rms[big]),
        "largest feature": names[big],
        "sd ratio": ratio,
        "smallest sd": float(sd[small]),
        "smallest feature": names[small],
    }
    if (~varying).any():
        evidence["constant"] = [n for n, v in zip(names, varying, strict=True) if not v]
    if rms[big] > SCALE_CRITICAL_RMS or ratio > SCALE_CRITICAL_SD_RATIO:
        return _finding(
            "scale",
            "critical",
            f"features on wildly different scales: {names[big]} reaches "
            f"{_fmt(rms[big])}, sd ratio {_fmt(ratio)}; the gates saturate",
            **evidence,
        )
    if rms[big] > SCALE_MAX_RMS:
        return _finding(
            "scale",
            "warning",
            f"features not standardised: {names[big]} near {_fmt(rms[big])}, "
            f"sd ratio {_fmt(ratio)}",
            **evidence,
        )
    if ratio > SCALE_MAX_SD_RATIO:
        wide = names[int(np.flatnonzero(varying)[np.argmax(sd_v)])]
        return _finding(
            "scale",
            "warning",
            f"features on different scales: the sd of {wide} is {_fmt(ratio)} times "
            f"that of {names[small]}",
            **evidence,
        )
    if sd[small] < SCALE_MIN_SD:
        return _finding(
            "scale",
            "warning",
            f"{names[small]} is squeezed (sd {_fmt(sd[small])}): an outlier may set its scale",
            **evidence,
        )
    return _finding("scale", "ok", "features on comparable scales", **evidence)


def _check_drift(X_train: np.ndarray, X_test: np.ndarray, names: list[str]) -> Finding:
    train = X_train.reshape(-1, X_train.shape[2]).astype(np.float64)
    test = X_test.reshape(-1, X_test.shape[2]).astype(np.float64)
    tail = 100.0 * (1.0 - DRIFT_COVERAGE) / 2.0
    low, high = np.percentile(train, [tail, 100.0 - tail], axis=0)
    outside = ((test < low) | (test > high)).mean(axis=0)
    sd = train.std(axis=0)
    shift = np.where(
        sd > 0,
        np.abs(np.median(test, axis=0) - np.median(train, axis=0)) / np.where(sd > 0, sd, 1.0),
        0.0,
    )
    worst = int(np.argmax(np.maximum(outside / DRIFT_MAX_SHARE, shift / DRIFT_MAX_SHIFT)))
    evidence = {
        "feature": names[worst],
        "share outside": float(outside[worst]),
        "median shift (sd)": float(shift[worst]),
        "max share outside": float(outside.max()),
    }
    if outside[worst] > DRIFT_CRITICAL_SHARE:
        return _finding(
            "drift",
            "critical",
            f"{_pct(outside[worst])} of test values of {names[worst]} lie outside "
            "its training range",
            **evidence,
        )
    if outside[worst] > DRIFT_MAX_SHARE or shift[worst] > DRIFT_MAX_SHIFT:
        return _finding(
            "drift",
            "warning",
            f"{names[worst]} has moved: {_pct(outside[worst])} of test values outside "
            f"the training range, median shifted {_fmt(shift[worst])} sd",
            **evidence,
        )
    return _finding("drift", "ok", "test values stay within the training range", **evidence)


# ------------------------------------------- leaks: overlap, look-ahead, validation on the test set


def _check_overlap(
    X_train: np.ndarray,
    X_test: np.ndarray,
    train_index: np.ndarray | None,
    test_index: np.ndarray | None,
    lookback: int,
) -> Finding:
    if train_index is not None and test_index is not None:
        train_pos, test_pos, unit = _positions(train_index, test_index)
        shared = splits.overlap_mask(train_pos, test_pos, lookback, horizon=1)
        inside = (test_pos > train_pos.min()) & (test_pos < train_pos.max())
        share, interleaved = float(shared.mean()), float(inside.mean())
        evidence = {
            "shared test windows": share,
            "inside training period": interleaved,
            "lookback": lookback,
            "from": f"train/test index ({unit})",
        }
        if test_pos.max() < train_pos.min():
            evidence["test before training"] = True
    elif train_index is None and test_index is None:
        train_rows = X_train.reshape(-1, X_train.shape[2])
        real = np.any(train_rows != 0, axis=1)
        test_steps = X_test.reshape(-1, X_test.shape[2])
        real_steps = test_steps[np.any(test_steps != 0, axis=1)]
        sample = _row_hashes(real_steps[:: max(1, X_test.shape[1])])  # about one step per window
        if sample.size > 1 and np.unique(sample).size < 0.99 * sample.size:
            return _not_run(
                "overlap",
                "train_index and test_index (the windows' days repeat, so they cannot be matched)",
            )
        train_hashes = np.unique(_row_hashes(train_rows[real]))
        test_hashes = _row_hashes(X_test.reshape(-1, X_test.shape[2])).reshape(X_test.shape[:2])
        test_real = np.any(X_test != 0, axis=2)
        found = np.isin(test_hashes, train_hashes) & test_real
        share = float(found.any(axis=1).mean())
        interleaved = float("nan")
        evidence = {
            "shared test windows": share,
            "from": "identical days in the windows (pass train_index/test_index)",
        }
    else:
        raise ValueError(
            "pass both train_index and test_index (each window's last day), or neither."
        )
    if share >= OVERLAP_CRITICAL_SHARE or (
        np.isfinite(interleaved) and interleaved > INTERLEAVE_MAX_SHARE
    ):
        return _finding(
            "overlap",
            "critical",
            f"train and test interleave: {_pct(share)} of test windows share days "
            "with training windows",
            **evidence,
        )
    if share > 0:
        return _finding(
            "overlap",
            "warning",
            f"{_pct(share)} of test windows share days with training windows (no embargo)",
            **evidence,
        )
    if evidence.get("test before training"):
        return _finding(
            "overlap", "warning", "the test period comes before the training period", **evidence
        )
    return _finding(
        "overlap", "ok", "no test window shares a day with a training window", **evidence
    )


def _level_feature(X: np.ndarray, y: np.ndarray) -> tuple[int | None, float]:
    """The feature whose last value a level target tracks: itself a level (persistent within
    windows), r > 0.9.
    """
    if X.shape[1] < 2:
        return None, float("nan")
    best, best_r = None, float("nan")
    for f in range(X.shape[2]):
        r = _corr(X[:, -1, f], y)
        persistent = _corr(X[:, -1, f], X[:, -2, f])
        if (
            np.isfinite(r)
            and r > LEVEL_MATCH_R
            and persistent > LEVEL_FEATURE_AUTOCORR
            and not (best_r >= r)
        ):
            best, best_r = f, r
    return best, best_r


def _check_lookahead(
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_test: np.ndarray,
    y_test: np.ndarray,
    names: list[str],
    level: int | None,
) -> Finding:
    X = np.concatenate([X_train[:, -1, :], X_test[:, -1, :]]).astype(np.float64)
    y = np.concatenate([y_train, y_test])
    target = "target"
    if level is not None:  # a level target: correlate with its change, not with the level itself
        slope, intercept = np.polyfit(X[:, level], y, 1)
        y = y - (slope * X[:, level] + intercept)
        target = f"target minus its persistence on {names[level]}"
    r = np.array([abs(_corr(X[:, f], y)) for f in range(X.shape[1])])
    r = np.where(np.isfinite(r), r, 0.0)
    worst = int(np.argmax(r))
    evidence = {"feature": names[worst], "abs corr": float(r[worst]), "with": target}
    if r[worst] > LOOKAHEAD_CRITICAL_R:
        return _finding(
            "lookahead",
            "critical",
            f"{names[worst]} all but equals the target (|r| {_fmt(r[worst])}): it sees the future",
            **evidence,
        )
    if r[worst] > LOOKAHEAD_MAX_R:
        return _finding(
            "lookahead",
            "warning",
            f"{names[worst]} correlates with the target suspiciously well (|r| {_fmt(r[worst])})",
            **evidence,
        )
    return _finding(
        "lookahead", "ok", "no feature correlates with the target suspiciously well", **evidence
    )


def _check_val_is_test(
    X_val: np.ndarray | None, y_val: np.ndarray | None, X_test: np.ndarray
) -> Finding:
    if X_val is None:
        return _not_run("val_is_test", "X_val and y_val (the data watched during training)")
    if X_val is X_test or (X_val.shape == X_test.shape and np.array_equal(X_val, X_test)):
        return _finding(
            "val_is_test",
            "critical",
            "the validation set is the test set",
            **{"shared val windows": 1.0},
        )
    if X_val.shape[1:] != X_test.shape[1:]:
        return _finding(
            "val_is_test",
            "ok",
            "validation and test windows differ in shape",
            **{"shared val windows": 0.0},
        )
    val_h = _row_hashes(X_val.reshape(len(X_val), -1))
    test_h = _row_hashes(X_test.reshape(len(X_test), -1))
    share = float(np.isin(val_h, test_h).mean())
    evidence = {"shared val windows": share, "val windows": len(X_val)}
    if share > VAL_TEST_CRITICAL_SHARE:
        return _finding(
            "val_is_test",
            "critical",
            f"{_pct(share)} of the validation windows are test windows",
            **evidence,
        )
    if share > 0:
        return _finding(
            "val_is_test",
            "warning",
            f"{_pct(share)} of the validation windows are also test windows",
            **evidence,
        )
    return _finding("val_is_test", "ok", "no validation window is a test window", **evidence)


# ---------------------------------------- padding: trailing pads, truncation, integer casts, maxlen


def _has_mask(model: object) -> bool | None:
    """True if a Keras model masks its input (a Masking layer, or an Embedding with mask_zero); None
    if unknown.
    """
    if model is None or "keras" not in sys.modules:
        return None
    import keras  # already imported: the model is a Keras model

    if not isinstance(model, keras.Model):
        return None
    for layer in _layers(model):
        if isinstance(layer, keras.layers.Masking) or getattr(layer, "mask_zero", False):
            return True
    return False


def _check_trailing_pad(X_train: np.ndarray, model: object) -> Finding:
    zero = ~np.any(X_train != 0, axis=2)  # (samples, steps): an all-zero step
    data_before = (
        np.any(~zero[:, :-1], axis=1) if X_train.shape[1] > 1 else np.zeros(len(X_train), bool)
    )
    trailing = zero[:, -1] & data_before
    share = float(trailing.mean())
    masked = _has_mask(model)
    evidence = {
        "windows ending in zeros": share,
        "masking layer": "unknown" if masked is None else masked,
    }
    if share < TRAILING_MIN_SHARE:
        return _finding("trailing_pad", "ok", "no trailing padding", **evidence)
    if masked:
        return _finding(
            "trailing_pad",
            "ok",
            f"{_pct(share)} of windows end in padding, masked by the model",
            **evidence,
        )
    if masked is None:
        return _finding(
            "trailing_pad",
            "warning",
            f"{_pct(share)} of windows end in zero steps; pass the model to "
            "check for a Masking layer",
            **evidence,
        )
    severity = "critical" if share >= TRAILING_CRITICAL_SHARE else "warning"
    return _finding(
        "trailing_pad",
        severity,
        f"{_pct(share)} of windows end in zero steps and the model has no mask",
        **evidence,
    )


def _aligned(n_seq: int, X_train: np.ndarray, X_test: np.ndarray) -> np.ndarray:
    if n_seq == len(X_train):
        return X_train
    if n_seq == len(X_test):
        return X_test
    if n_seq == len(X_train) + len(X_test):
        if X_train.shape[1:] == X_test.shape[1:]:
            return np.concatenate([X_train, X_test.astype(X_train.dtype)])
        return X_train  # padded to different lengths: the training part is compared
    raise ValueError(
        f"got {n_seq} sequences/lengths for {len(X_train)} training and {len(X_test)} test "
        "windows; pass one per training window (or per training window followed by per test "
        "window)."
    )


def _match(window: np.ndarray, part: np.ndarray) -> float:
    rs = [_corr(window[:, f], part[:, f]) for f in range(window.shape[1])]
    rs = [r for r in rs if np.isfinite(r)]
    return float(np.mean(rs)) if rs else float("nan")


def _check_truncation(
    seqs: list[np.ndarray] | None, lengths: np.ndarray | None, X: np.ndarray | None
) -> Finding:
    if lengths is None or X is None:
        return _not_run("truncation", "sequences (the raw sequences before padding)")
    maxlen = X.shape[1]
    long = np.flatnonzero(lengths > maxlen)
    evidence: dict[str, Any] = {"maxlen": maxlen, "truncated": float(len(long) / len(lengths))}
    if len(long) == 0:
        return _finding("truncation", "ok", "no sequence is longer than maxlen", **evidence)
    if seqs is None:
        return _finding(
            "truncation",
            "info",
            f"{_pct(evidence['truncated'])} of sequences are truncated; pass "
            "sequences to see which end was cut",
            **evidence,
        )
    cut_recent = kept_recent = 0
    for i in long:
        seq = np.asarray(seqs[i], dtype=np.float64)
        window = np.asarray(X[i], dtype=np.float64)
        front, back = _match(window, seq[:maxlen]), _match(window, seq[-maxlen:])
        if np.isfinite(front) and (not np.isfinite(back) or front > back + 0.05):
            cut_recent += 1
        elif np.isfinite(back) and (not np.isfinite(front) or back > front + 0.05):
            kept_recent += 1
    share = cut_recent / len(lengths)
    evidence.update(
        {"recent end cut": float(share), "recent end kept": float(kept_recent / len(lengths))}
    )
    if share >= TRUNCATION_CRITICAL_SHARE:
        return _finding(
            "truncation",
            "critical",
            f"truncation drops the most recent steps of {_pct(share)} of "
            "sequences (truncating='post')",
            **evidence,
        )
    if share >= TRUNCATION_MIN_SHARE:
        return _finding(
            "truncation",
            "warning",
            f"truncation drops the most recent steps of {_pct(share)} of sequences",
            **evidence,
        )
    return _finding("truncation", "ok", "truncation keeps the most recent steps", **evidence)


def _check_int_dtype(
    X_train: np.ndarray, X_test: np.ndarray, seqs: list[np.ndarray] | None
) -> Finding:
    dtypes = {str(X_train.dtype), str(X_test.dtype)}
    integer = any(np.issubdtype(X.dtype, np.integer) or X.dtype == bool for X in (X_train, X_test))
    fractional = None
    if seqs is not None:
        values = np.concatenate([np.asarray(s, dtype=np.float64).ravel() for s in seqs])
        fractional = float(np.mean(values != np.round(values)))
    evidence: dict[str, Any] = {"dtype": ", ".join(sorted(dtypes))}
    if fractional is not None:
        evidence["fractional values in sequences"] = fractional
    if integer:
        if fractional is None:
            return _finding(
                "int_dtype",
                "warning",
                "integer windows: if the features had fractions, the cast "
                "truncated them (pass sequences to check)",
                **evidence,
            )
        if fractional > 0:
            return _finding(
                "int_dtype",
                "critical",
                f"integer windows from sequences with fractions "
                f"({_pct(fractional)} of values): the cast truncated them",
                **evidence,
            )
        return _finding("int_dtype", "ok", "integer windows of whole-number sequences", **evidence)
    whole = float(np.mean(X_train == np.round(X_train)))
    evidence["whole-number share"] = whole
    if fractional is not None and fractional > 0.05 and whole > 0.999:
        return _finding(
            "int_dtype",
            "critical",
            "float windows that hold only whole numbers, from sequences with "
            "fractions: an integer cast happened on the way",
            **evidence,
        )
    return _finding("int_dtype", "ok", "float windows", **evidence)


def _check_maxlen(lengths: np.ndarray | None, maxlen: int) -> Finding:
    if lengths is None:
        return _not_run("maxlen", "lengths (or sequences) of the sequences before padding")
    p95 = sequences_module.maxlen_at(lengths, 95)
    truncated = float(np.mean(lengths > maxlen))
    padding = float(1.0 - np.mean(np.minimum(lengths, maxlen)) / maxlen)
    evidence = {
        "maxlen": maxlen,
        "median length": float(np.median(lengths)),
        "p95 length": p95,
        "truncated": truncated,
        "padding share": padding,
    }
    if truncated > MAXLEN_MAX_TRUNCATED:
        return _finding(
            "maxlen",
            "warning",
            f"maxlen {maxlen} is far below the lengths: {_pct(truncated)} of sequences truncated",
            **evidence,
        )
    longest = int(lengths.max())
    evidence["longest"] = longest
    if maxlen > MAXLEN_MAX_OVER_P95 * p95 or (
        maxlen >= longest and maxlen > MAXLEN_LONGEST_OVER_P95 * p95
    ):
        return _finding(
            "maxlen",
            "warning",
            f"maxlen {maxlen} is {_fmt(maxlen / p95)} times the 95th percentile "
            f"({p95}): {_pct(padding)} of every batch is padding",
            **evidence,
        )
    return _finding(
        "maxlen", "ok", f"maxlen {maxlen} fits the lengths (95th percentile {p95})", **evidence
    )


# -------------------------------------------------------- levels: level targets and copies of today


def _autocorr(y: np.ndarray, lag: int) -> float:
    if y.size <= lag + 2:
        return float("nan")
    return _corr(y[:-lag], y[lag:])


def _check_level_target(
    X_train: np.ndarray, y_train: np.ndarray, train_index: np.ndarray | None, names: list[str]
) -> tuple[Finding, int | None]:
    order = (
        np.argsort(train_index, kind="stable")
        if train_index is not None
        else np.arange(len(y_train))
    )
    y = y_train[order]
    lag1 = _autocorr(y, 1)
    long_lag = min(LEVEL_LONG_LAG, max(1, len(y) // 10))
    lag_long = _autocorr(y, long_lag)
    level, match_r = _level_feature(X_train, y_train)
    evidence: dict[str, Any] = {"lag-1 autocorr": lag1, f"lag-{long_lag} autocorr": lag_long}
    if level is not None:
        evidence["tracks feature"] = names[level]
        evidence["corr with its last value"] = match_r
    persistent = (
        np.isfinite(lag1)
        and lag1 > LEVEL_AUTOCORR
        and np.isfinite(lag_long)
        and lag_long > LEVEL_LONG_AUTOCORR
    )
    if persistent and level is not None:
        return _finding(
            "level_target",
            "critical",
            f"the target is a level that tracks {names[level]}: persistence "
            "alone scores an R^2 near 1",
            **evidence,
        ), level
    if persistent or level is not None:
        return _finding(
            "level_target",
            "warning",
            f"the target looks like a price level (autocorrelation {_fmt(lag1)}), not a return",
            **evidence,
        ), level
    return _finding(
        "level_target",
        "ok",
        f"the target is not a level (lag-1 autocorrelation {_fmt(lag1)})",
        **evidence,
    ), None


def _check_no_skill(
    X_test: np.ndarray,
    y_test: np.ndarray,
    y_pred: np.ndarray | None,
    y_reference: np.ndarray | None,
    test_index: np.ndarray | None,
    model: object,
) -> Finding:
    source = "y_pred"
    if y_pred is None and _is_keras(model):
        raw = model.predict(  # type: ignore[union-attr]
            np.asarray(X_test, dtype=np.float32), verbose=0
        )
        y_pred = np.asarray(raw, dtype=np.float64).ravel()
        source = "model.predict(X_test)"
        scale = np.std(y_pred) / max(np.std(y_test), 1e-300)
        if np.isfinite(scale) and not 0.05 < scale < 20:
            return _finding(
                "no_skill",
                "info",
                "not run: the model's forecasts are not in the target's units; pass y_pred",
                **{"sd ratio": float(scale)},
            )
    if y_pred is None:
        return _not_run("no_skill", "y_pred (or a model) and y_reference (a persistence forecast)")
    truth, reference = y_test, y_reference
    ref_source = "y_reference"
    if reference is None:
        if test_index is None or not np.issubdtype(np.asarray(test_index).dtype, np.integer):
            return _not_run("no_skill", "y_reference (a persistence forecast of y_test)")
        order = np.argsort(test_index, kind="stable")
        if not np.all(np.diff(np.asarray(test_index)[order]) == 1):
            return _not_run(
                "no_skill",
                "y_reference (test days are not consecutive, so persistence cannot be built)",
            )
        truth, y_pred, reference = y_test[order][1:], y_pred[order][1:], y_test[order][:-1]
        ref_source = "persistence of the target (yesterday's value)"
    if not np.isfinite(y_pred).all():
        return _finding(
            "no_skill",
            "critical",
            "the forecasts hold NaN or infinite values",
            **{"non-finite forecasts": int((~np.isfinite(y_pred)).sum()), "source": source},
        )
    try:
        score = skill.skill_score(truth, y_pred, reference)
    except ValueError as error:
        return _finding("no_skill", "info", f"not run: {error}")
    evidence = {"skill": score, "reference": ref_source, "forecasts": source}
    if score <= NO_SKILL:
        return _finding(
            "no_skill", "warning", f"no skill over the reference (skill {_fmt(score)})", **evidence
        )
    return _finding("no_skill", "ok", f"skill {_fmt(score)} over the reference", **evidence)


# ------------------------------------------- training: ReLU, gradients through time, early stopping


def _is_keras(model: object) -> bool:
    if model is None or "keras" not in sys.modules:
        return False
    import keras  # already imported

    return isinstance(model, keras.Model)


def _layers(model: object) -> Iterator[object]:
    """Every layer of a Keras model, nested models, wrappers and RNN cells included."""
    seen: set[int] = set()
    stack = list(getattr(model, "layers", []))
    while stack:
        layer = stack.pop(0)
        if id(layer) in seen:
            continue
        seen.add(id(layer))
        yield layer
        stack.extend(getattr(layer, "layers", []) or [])
        for attr in ("layer", "forward_layer", "backward_layer", "cell"):
            inner = getattr(layer, attr, None)
            if inner is not None and not isinstance(inner, (list, tuple)):
                stack.append(inner)
        cells = getattr(getattr(layer, "cell", None), "cells", None)
        if cells:
            stack.extend(cells)


def _activation_name(function: object) -> str:
    import keras

    try:
        name = keras.activations.serialize(function)
    except (ValueError, TypeError):
        name = None
    if isinstance(name, dict):
        name = (
            name.get("config", {}).get("name")
            if isinstance(name.get("config"), dict)
            else name.get("class_name")
        )
    return str(name if isinstance(name, str) else getattr(function, "__name__", function))


def _check_relu_lstm(model: object) -> Finding:
    if model is None:
        return _not_run("relu_lstm", "model (a Keras model)")
    if not _is_keras(model):
        return _finding(
            "relu_lstm", "info", f"not run: model is a {type(model).__name__}, not a Keras model"
        )
    import keras

    lstm_types = (keras.layers.LSTM, keras.layers.LSTMCell)
    found = {}
    counted_cells: set[int] = set()  # the cell of an LSTM layer is the same LSTM, not a second one
    for layer in _layers(model):
        if isinstance(layer, lstm_types) and id(layer) not in counted_cells:
            cell = getattr(layer, "cell", layer)
            counted_cells.add(id(cell))
            found[getattr(layer, "name", type(layer).__name__)] = _activation_name(cell.activation)
    if not found:
        return _finding("relu_lstm", "ok", "the model has no LSTM layer", **{"lstm layers": 0})
    odd = {name: act for name, act in found.items() if act != "tanh"}
    evidence = {"lstm layers": len(found), "activations": sorted(set(found.values()))}
    if odd:
        name, act = next(iter(odd.items()))
        return _finding(
            "relu_lstm",
            "warning",
            f"LSTM layer {name!r} uses activation={act!r} instead of tanh: unbounded cell states",
            **evidence,
        )
    return _finding("relu_lstm", "ok", "every LSTM layer keeps activation='tanh'", **evidence)


def _history_dict(history: object) -> tuple[dict[str, list[float]] | None, dict[str, Any]]:
    if history is None:
        return None, {}
    params = getattr(history, "params", None) or {}
    values = getattr(history, "history", history)
    if not isinstance(values, Mapping):
        raise TypeError(
            f"history must be a keras History or its .history dict, got {type(history).__name__}."
        )
    if "loss" not in values:
        raise ValueError(
            f"history has no 'loss' (keys: {sorted(values)}); pass the History that fit() returned."
        )
    out = {
        str(k): [float(v) for v in np.ravel(np.asarray(vals, dtype=np.float64))]
        for k, vals in values.items()
    }
    return out, dict(params)


def _ungated(model: object) -> list[str]:
    """Names of the model's recurrent layers without gates (SimpleRNN), whose gradients vanish by
    construction.
    """
    import keras  # already imported: the model is a Keras model

    return [
        getattr(layer, "name", type(layer).__name__)
        for layer in _layers(model)
        if isinstance(layer, (keras.layers.SimpleRNN, keras.layers.SimpleRNNCell))
    ]


def _check_gradients(
    model: object, X_train: np.ndarray, y_train: np.ndarray, history: dict[str, list[float]] | None
) -> Finding:
    evidence: dict[str, Any] = {}
    if history is not None:
        losses = np.asarray(history["loss"] + history.get("val_loss", []), dtype=np.float64)
        if losses.size and not np.isfinite(losses).all():
            return _finding(
                "gradients",
                "critical",
                "the training loss became NaN or infinite: exploding gradients",
                **{"non-finite losses": int((~np.isfinite(losses)).sum())},
            )
        loss = np.asarray(history["loss"], dtype=np.float64)
        if loss.size and loss[0] > 0:
            evidence["max loss / first"] = float(loss.max() / loss[0])
            if loss.max() > LOSS_BLOWUP * loss[0]:
                return _finding(
                    "gradients",
                    "critical",
                    f"the training loss blew up to {_fmt(loss.max() / loss[0])} "
                    "times its first value: exploding gradients",
                    **evidence,
                )
    if model is None:
        if evidence:
            return _finding(
                "gradients",
                "info",
                "not run: pass model to measure gradients (the loss stayed finite)",
                **evidence,
            )
        return _not_run("gradients", "model (a Keras model), or history")
    if not _is_keras(model):
        return _finding(
            "gradients", "info", f"not run: model is a {type(model).__name__}, not a Keras model"
        )
    weights = model.get_weights()  # type: ignore[union-attr]
    bad = sum(int((~np.isfinite(np.asarray(w, dtype=np.float64))).sum()) for w in weights)
    if bad:
        return _finding(
            "gradients",
            "critical",
            f"{bad} weights are NaN or infinite: training diverged",
            **{"non-finite weights": bad},
        )
    from .nn import diagnostics  # imports Keras, already loaded with the model

    X = np.asarray(X_train[-GRADIENT_BATCH:], dtype=np.float64)
    try:
        norms = diagnostics.timestep_gradient_norms(model, X, y_train[-GRADIENT_BATCH:])
    except (TypeError, ValueError) as error:
        return _finding("gradients", "info", f"not run: {error}")
    finite = bool(np.isfinite(norms).all())
    ratio = float(norms[0] / norms[-1]) if finite and norms[-1] > 0 else float("nan")
    evidence.update(
        {
            "largest norm": float(np.max(norms)) if finite else float("nan"),
            "oldest / newest": ratio,
            "lookback": len(norms),
        }
    )
    if not finite:
        return _finding(
            "gradients",
            "critical",
            "the gradient is NaN or infinite: exploding gradients",
            **evidence,
        )
    if norms.max() > GRADIENT_MAX:
        return _finding(
            "gradients",
            "critical",
            f"exploding gradients: a step's gradient norm reaches {_fmt(norms.max())}",
            **evidence,
        )
    if len(norms) >= VANISH_MIN_LOOKBACK and np.isfinite(ratio) and ratio < VANISH_RATIO:
        plain = _ungated(model)
        if plain:
            evidence["ungated layers"] = plain
            return _finding(
                "gradients",
                "warning",
                f"vanishing gradients: the oldest step gets {_fmt(ratio)} of the "
                f"most recent step's gradient through the ungated {plain[0]!r}",
                **evidence,
            )
        return _finding(
            "gradients",
            "info",
            f"the oldest steps get little gradient ({_fmt(ratio)} of the most "
            "recent): usual for a gated cell; shorten the window if they matter",
            **evidence,
        )
    return _finding(
        "gradients", "ok", "gradients finite and reaching back through the window", **evidence
    )


def _check_no_early_stopping(
    history: dict[str, list[float]] | None, params: dict[str, Any]
) -> Finding:
    if history is None:
        return _not_run(
            "no_early_stopping", "history (the History that fit() returned, or its .history dict)"
        )
    epochs = len(history["loss"])
    planned = params.get("epochs")
    evidence: dict[str, Any] = {"epochs run": epochs}
    if planned is not None:
        evidence["epochs planned"] = int(planned)
        if epochs < int(planned):
            return _finding(
                "no_early_stopping",
                "ok",
                f"training stopped early ({epochs} of {planned} epochs)",
                **evidence,
            )
    val = np.asarray(history.get("val_loss", []), dtype=np.float64)
    if val.size == 0:
        if epochs >= NO_ES_MANY_EPOCHS:
            return _finding(
                "no_early_stopping",
                "warning",
                f"{epochs} epochs with no validation loss: nothing could stop training",
                **evidence,
            )
        return _finding(
            "no_early_stopping", "info", "no validation loss recorded, over few epochs", **evidence
        )
    if not np.isfinite(val).all():
        return _finding(
            "no_early_stopping", "info", "the validation loss holds NaN (see gradients)", **evidence
        )
    best = int(np.argmin(val))
    after = len(val) - 1 - best
    worse = float(val[-1] / val[best] - 1.0) if val[best] > 0 else float("nan")
    evidence.update(
        {"best epoch": best + 1, "epochs after best": after, "final val loss vs best": worse}
    )
    if after > NO_ES_EPOCHS_AFTER_BEST and np.isfinite(worse) and worse > NO_ES_WORSE:
        return _finding(
            "no_early_stopping",
            "warning",
            f"training ran {after} epochs past the best validation loss, "
            f"which ended {_fmt(worse)} worse",
            **evidence,
        )
    return _finding(
        "no_early_stopping",
        "ok",
        f"best validation loss at epoch {best + 1} of {len(val)}",
        **evidence,
    )


# --------------------------------------------------------------------------- the one call


def examine(
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_test: np.ndarray,
    y_test: np.ndarray,
    *,
    train_index: Sequence[Any] | np.ndarray | None = None,
    test_index: Sequence[Any] | np.ndarray | None = None,
    lookback: int | None = None,
    X_val: np.ndarray | None = None,
    y_val: np.ndarray | None = None,
    model: object = None,
    history: object = None,
    lengths: Sequence[int] | np.ndarray | None = None,
    sequences: Sequence[np.ndarray] | None = None,
    y_pred: np.ndarray | None = None,
    y_reference: np.ndarray | None = None,
    feature_names: Sequence[str] | None = None,
) -> Report:
    """Check a forecasting pipeline for the pitfalls of chapters 2-6; one finding per check.

    Parameters
    ----------
    X_train, y_train, X_test, y_test
        The windows ``(samples, timesteps, features)`` and targets (1-D) that
        the model was trained and tested on, exactly as the model saw them
        (scaled, padded).
    train_index, test_index
        The day of each window's last input day: row positions (ints) or
        dates. They make ``overlap`` exact; without them it matches days
        by their values.
    lookback
        Days of features in each window (default: ``X_train.shape[1]``).
    X_val, y_val
        The data watched during training (early stopping, tuning).
    model
        The trained Keras model (for ``relu_lstm``, ``gradients``,
        ``trailing_pad``'s mask; it predicts ``X_test`` when ``y_pred`` is missing).
    history
        A Keras ``History`` or its ``.history`` dict (``"loss"``, ``"val_loss"``).
    lengths, sequences
        The raw variable-length sequences before padding (a list of 2-D
        arrays) or just their lengths, one per training window (or per
        training window followed by per test window).
    y_pred, y_reference
        The model's forecasts of ``y_test``, and a persistence forecast of ``y_test``.
    feature_names
        One name per feature, for the report.

    Returns
    -------
    Report
        One :class:`Finding` per check of :data:`CHECKS`.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((400, 10, 3))
    >>> y = rng.standard_normal(400)
    >>> report = examine(
    ...     X[:300], y[:300], X[320:], y[320:],
    ...     train_index=np.arange(300), test_index=np.arange(320, 400),
    ... )
    >>> report.flagged
    []
    >>> report["scale"].severity, report["relu_lstm"].severity
    ('ok', 'info')
    >>> examine(X[:300] * 1e4, y[:300], X[320:] * 1e4, y[320:]).flagged
    ['scale']
    """
    X_train = _windows("X_train", X_train)
    X_test = _windows("X_test", X_test)
    if X_test.shape[2] != X_train.shape[2]:
        raise ValueError(
            f"X_train has {X_train.shape[2]} features but X_test has {X_test.shape[2]}; pass the "
            "same features."
        )
    y_train = _target("y_train", y_train, len(X_train), "X_train")
    y_test = _target("y_test", y_test, len(X_test), "X_test")
    train_idx = _index("train_index", train_index, len(X_train))
    test_idx = _index("test_index", test_index, len(X_test))
    if (train_idx is None) != (test_idx is None):
        raise ValueError(
            "pass both train_index and test_index (each window's last day), or neither."
        )
    if lookback is None:
        lookback = int(X_train.shape[1])
    validate.positive_int(lookback, "lookback", hint="days per window")
    if (X_val is None) != (y_val is None):
        raise ValueError("pass both X_val and y_val, or neither.")
    X_val_arr = y_val_arr = None
    if X_val is not None:
        X_val_arr = _windows("X_val", X_val)
        if X_val_arr.shape[2] != X_train.shape[2]:
            raise ValueError(
                f"X_val has {X_val_arr.shape[2]} features but X_train has {X_train.shape[2]}."
            )
        y_val_arr = _target("y_val", y_val, len(X_val_arr), "X_val")
    if feature_names is None:
        names = [f"feature {i}" for i in range(X_train.shape[2])]
    else:
        if isinstance(feature_names, str):
            raise TypeError(
                "feature_names must be a sequence of names, one per feature, not one string."
            )
        names = [str(n) for n in feature_names]
        if len(names) != X_train.shape[2]:
            raise ValueError(
                f"got {len(names)} feature names for {X_train.shape[2]} features; pass one per "
                "feature."
            )
    seqs = _ragged(sequences)
    lens = None
    if lengths is not None:
        lens = np.asarray(lengths)
        if (
            lens.ndim != 1
            or lens.size == 0
            or not np.issubdtype(lens.dtype, np.integer)
            or (lens < 1).any()
        ):
            raise ValueError(
                "lengths must be a non-empty 1-D array of positive ints (one per sequence)."
            )
        if seqs is not None and (len(seqs) != lens.size or np.any(lens != [len(s) for s in seqs])):
            raise ValueError(
                "lengths do not match the sequences; pass the lengths of the sequences given."
            )
    elif seqs is not None:
        lens = np.array([len(s) for s in seqs])
    X_seq = _aligned(lens.size, X_train, X_test) if lens is not None else None
    if seqs is not None and X_seq is not None and seqs[0].shape[1] != X_seq.shape[2]:
        raise ValueError(
            f"the sequences have {seqs[0].shape[1]} features but the windows have {X_seq.shape[2]}."
        )
    pred = _forecast("y_pred", y_pred, len(X_test))
    reference = _forecast("y_reference", y_reference, len(X_test))
    if reference is not None and not np.isfinite(reference).all():
        raise ValueError(
            "y_reference holds NaN or infinite values; pass a finite persistence forecast."
        )
    hist, params = _history_dict(history)

    level_finding, level = _check_level_target(X_train, y_train, train_idx, names)
    findings = [
        _check_scale(X_train, names),
        _check_drift(X_train, X_test, names),
        _check_overlap(X_train, X_test, train_idx, test_idx, int(lookback)),
        _check_lookahead(X_train, y_train, X_test, y_test, names, level),
        _check_val_is_test(X_val_arr, y_val_arr, X_test),
        _check_trailing_pad(X_train, model),
        _check_truncation(
            None if seqs is None or X_seq is None else seqs[: len(X_seq)],
            None if lens is None or X_seq is None else lens[: len(X_seq)],
            X_seq,
        ),
        _check_int_dtype(X_train, X_test, seqs),
        _check_maxlen(lens, int(X_train.shape[1])),
        level_finding,
        _check_no_skill(X_test, y_test, pred, reference, test_idx, model),
        _check_relu_lstm(model),
        _check_gradients(model, X_train, y_train, hist),
        _check_no_early_stopping(hist, params),
    ]
    return Report(findings)
