"""The LSTM doctor: one call that checks a forecasting pipeline for every pitfall of the book.

:func:`examine` takes what a pipeline produced (its windows and targets, and
whatever else is at hand: the day each window ends, the horizon, the
validation set, the model, its training history, the raw sequences before
padding, the forecasts, the raw data and the feature function) and returns a
:class:`Report` with one :class:`Finding` per check. Each finding has a
severity (``"ok"``, ``"info"``, ``"warning"``, ``"critical"``; *flagged*
means warning or critical), a one-line summary, the evidence in numbers, the
chapter that explains the pitfall, and the fix. In a notebook the report
displays as a table; ``python -m helpers.doctor ARRAYS.npz`` prints it (see
:func:`main`).

How it is organised
-------------------
Every check is one function ``check(evidence) -> Verdict`` registered in
:data:`CHECKS` with :func:`register`: its id, its chapter, the arguments of
:func:`examine` it needs, the kinds of target it applies to, whether it
needs a Keras model, and its fix. :func:`examine` validates its arguments
once into an :class:`Evidence` object (facts that several checks share, such
as the kind of target or the window regression, are cached properties of
it), then loops over the registry. A check whose arguments were not passed is
reported as ``"info"``, "not run: pass ...", generated from what it needs; a
check that cannot apply to the kind of target says so in one line; the
others run regardless. Thresholds are a frozen :class:`Thresholds` passed to
:func:`examine`; each default is documented once, on its field. Chapter
numbers live in the registry only (``register(..., chapter=...)``).

Targets
-------
``target_kind`` is ``"return"`` (a change, a return, any target whose
honest forecasts explain little of its variance), ``"level"`` (a price or
any quantity that persistence already forecasts well), ``"binary"`` (0/1
labels, one column, or several for multi-label) or ``"onehot"`` (one column
per class). A 2-D ``(samples, h)`` regression target is a multi-step
forecast. When ``target_kind`` is None it is detected: 0/1 values are
binary, one-hot rows are one-hot, a target that ``level_target`` finds to be
a level is a level, anything else a return.

Why the statistics are what they are
------------------------------------
``no_skill`` judges a forecast against the strongest *trivial* forecast of
its kind of target: zero or the training mean for a return (yesterday's
return is a poor reference: its error has twice the variance of the return,
so any forecast near zero would score a skill of about 0.5), persistence for a
level. A ``y_reference`` you pass is one more candidate; the strongest
candidate is the reference.

``level_target`` asks two questions that do not depend on the lookback. Is
the target the *next step of an input's path*: does the last value of a
feature that is itself persistent (its last two steps correlate) track the
target? Chapter 6's windows divided by their first price do that at any
lookback of three or more; a centred moving average, the typical leak, cannot
track a target that closely (its correlation with a matching forward sum
stays below 1/sqrt(2)). And is the target itself a wandering level:
does the last target *known* when a window ends (``horizon`` steps back)
forecast it well? That is true of a price and false of an overlapping
``h``-day forward return, whose known past does not overlap it. When the
horizon is not given it is read from the target: the changes of an
overlapping ``h``-step sum correlate at about -0.5 at lag ``h``, those of a
price level at about 0.

``lookahead``, given ``raw`` and ``feature_fn``, recomputes every feature as
of each day (:func:`helpers.leakage.lookahead_rows`): a feature that changes
when later rows are removed used the future. That is a proof, not a
statistic. Without them, the doctor asks how much of the target's variance
a ridge regression on the flattened windows explains *out of sample* (fit on
the training windows, scored on the test windows), with the target's own
known past added when the windows are consecutive days. A single feature's
correlation cannot tell a leak from a good feature: an honest predictor may
reach r = 0.5, a centred 9-day moving average only 1/3. But a window that
holds a feature built from future days also holds the differences of that
feature from one day to the next, and those isolate single future days: the
window regression recovers a centred moving average's target almost
exactly once the returns (or the target's past) are in the window, and
explains more than half of it even from the moving average alone. An honest
forecast of a return explains a small share of its variance (chapter 1's
oracle, a ceiling no real market reaches, explains about a fifth); a level
is judged on its change from persistence. The thresholds sit between the two.
What it cannot see: a leak that explains less of the target than an honest
forecast could (a leak diluted in noise, or a moving average much wider than
the window). Pass ``raw`` and ``feature_fn`` for a proof either way.

``no_early_stopping`` reads the validation loss. Keras records neither the
callbacks of ``fit`` nor ``EarlyStopping``'s ``restore_best_weights`` in the
``History`` or the model (``keras.callbacks.History`` keeps ``history``,
``params`` and ``epoch`` only), so whether the final weights are the best
epoch's cannot be read: pass it as a hint, ``history={**h.history,
"restore_best_weights": True}`` (or ``h.params["restore_best_weights"] =
True``). Without the hint, training that stopped past its best epoch is an
"info", not an "ok".

``accuracy_metric`` reads the compiled metrics. In Keras 3 ``"accuracy"`` is
resolved when the model first sees data (``compile_utils.get_metric``): on a
one-unit output it becomes ``BinaryAccuracy``, the share of windows where
``y_pred > 0.5`` equals ``y_true``, which is near 0 (or meaningless) on a
regression. Before ``fit`` the doctor reads ``model.get_compile_config()``
and applies the same rule; after, ``model.metrics``.

Importing this module is light (NumPy and pandas); Keras is touched only
when a Keras model is passed (it is then already imported), and TensorFlow
only by the gradient check.
"""

from __future__ import annotations

import argparse
import functools
import html
import math
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from . import sequences as sequences_module
from . import splits, validate

__all__ = [
    "BOOK_URL",
    "CHECKS",
    "DEFAULTS",
    "KINDS",
    "PAGES",
    "SEVERITIES",
    "Check",
    "Evidence",
    "Finding",
    "Report",
    "Thresholds",
    "Verdict",
    "chapter_url",
    "examine",
    "main",
    "register",
]

#: The published book (GitHub Pages of the repository in _config.yml). Outside the book, the
#: report's links point to its pages.
BOOK_URL = "https://lstm-accuracy-book.github.io/lstm-accuracy-book/"

#: Severities, from harmless to serious; "flagged" means warning or critical.
SEVERITIES: tuple[str, ...] = ("ok", "info", "warning", "critical")
_FLAGGED = ("warning", "critical")

#: The kinds of target (see the module docstring); multi-step targets are detected by shape.
KINDS: tuple[str, ...] = ("return", "level", "binary", "onehot")
_REGRESSION = ("return", "level")
_CLASSES = ("binary", "onehot")

#: The book's chapter pages (notebook names) and their titles, for the report's links.
PAGES: dict[str, str] = {
    "02_which_accuracy": "Which accuracy?",
    "03_unscaled_features": "Unscaled features",
    "04_leaky_splits": "Leaky splits",
    "05_bad_maxlen": "Bad maxlen",
    "06_persistence_illusion": "The persistence illusion",
    "07_training_pitfalls": "Training pitfalls",
}

#: What each argument of examine is, for the "not run: pass ..." findings.
ARGUMENTS: dict[str, str] = {
    "train_index": "the day each training window ends",
    "test_index": "the day each test window ends",
    "X_val": "the data watched during training",
    "model": "the trained Keras model",
    "history": "the History that fit() returned, or its .history dict",
    "lengths": "the lengths of the sequences before padding",
    "sequences": "the raw sequences before padding",
    "y_pred": "the model's forecasts of y_test",
    "y_reference": "a persistence forecast of y_test",
}


# ------------------------------------------------------------------------------------- thresholds


@dataclass(frozen=True)
class Thresholds:
    """Every number a check compares with; pass ``Thresholds(name=value)`` to :func:`examine`.

    The defaults were set with margins between the book's broken and fixed pipelines
    (:mod:`helpers.pipelines`, small size, seeds 0-4) and simple synthetic cases (the tests).
    """

    scale_max_rms: float = 10.0
    """``scale`` warns when a feature's root mean square over the training windows exceeds this
    (standardised features sit near 1; unscaled log volume near 14)."""
    scale_critical_rms: float = 100.0
    """... critical above this (raw prices and volumes reach 1e2-1e6)."""
    scale_max_sd_ratio: float = 20.0
    """``scale`` warns when the largest feature standard deviation is this many times the
    smallest."""
    scale_critical_sd_ratio: float = 1000.0
    """... critical above this ratio."""
    scale_min_sd: float = 0.1
    """``scale`` warns when a feature's standard deviation is below this (one outlier in a
    min-max range squeezes the rest: 0.03-0.04 in chapter 3)."""
    drift_coverage: float = 0.99
    """``drift``: the central share of the training values that counts as "the training range"
    (about 1 - coverage of a stationary feature's test values fall outside it)."""
    drift_max_share: float = 0.25
    """``drift`` warns when more than this share of a feature's test values lie outside it."""
    drift_critical_share: float = 0.5
    """... critical above this share (a trending price: 0.97-1)."""
    drift_max_shift: float = 2.0
    """``drift`` warns when the test median moved more than this many training standard
    deviations."""
    overlap_critical_share: float = 0.5
    """``overlap`` is critical when this share of test windows share a day with training (a
    shuffled split: 0.9 and more); any shared window is a warning."""
    interleave_max_share: float = 0.05
    """``overlap`` is critical when more than this share of test windows end inside the training
    period."""
    lookahead_max_r2: float = 0.4
    """``lookahead`` (without ``raw``) warns when a ridge regression on the windows explains
    more than this share of the target's variance out of sample (the book's honest pipelines,
    seeds 0-4: 0.02 or less; a persistent signal at r = 0.45: about 0.2; chapter 4's centred
    moving average: 0.75-0.80; with a daily target and the returns in the window: 0.96-1)."""
    lookahead_critical_r2: float = 0.9
    """... critical above this share: the windows all but hold the target."""
    lookahead_max_inputs: int = 2000
    """``lookahead`` regresses on at most this many window values (the most recent steps)."""
    val_test_critical_share: float = 0.5
    """``val_is_test`` is critical above this share of validation windows found in the test set;
    any is a warning."""
    trailing_min_share: float = 0.05
    """``trailing_pad`` looks at padding when at least this share of windows end in zero steps."""
    trailing_critical_share: float = 0.3
    """... critical from this share on, when the model has no mask."""
    truncation_min_share: float = 0.01
    """``truncation`` warns when the recent end of this share of the sequences was cut."""
    truncation_critical_share: float = 0.2
    """... critical from this share on."""
    maxlen_max_truncated: float = 0.25
    """``maxlen`` warns when more than this share of the sequences are longer than maxlen."""
    maxlen_max_over_p95: float = 2.0
    """``maxlen`` warns when maxlen exceeds this many times the 95th percentile of lengths."""
    maxlen_longest_over_p95: float = 1.5
    """... or is the longest length while that exceeds this many times the 95th percentile."""
    level_match_r: float = 0.75
    """``level_target``: the target tracks a feature when its correlation with the feature's last
    value exceeds this (chapter 6's windows divided by their first price: 0.82 at a lookback of
    3, 0.95 at 10; a centred moving average against a matching forward sum: below 0.71)."""
    level_feature_autocorr: float = 0.7
    """... and the feature's last two steps correlate above this (a level, not a return)."""
    level_persistence: float = 0.5
    """``level_target``: the target is a level when the last target known at each window's end
    forecasts it with a skill above this (a price: 0.99; a return: -1)."""
    level_overlap_acf: float = -0.3
    """The changes of an overlapping h-step sum correlate at about -0.5 at lag h: below this,
    the target is read as such a sum over h steps."""
    no_skill: float = 0.0
    """``no_skill`` warns when the forecast's skill over the strongest trivial forecast is at or
    below this: no better than it (chapter 1's oracle scores about 0.2; the skill of a forecast
    on 2,000 test windows varies by about 0.005 from sample to sample)."""
    forecast_units_ratio: float = 20.0
    """``no_skill`` does not judge ``model.predict`` forecasts whose standard deviation differs
    from the target's by more than this factor (not the target's units: pass ``y_pred``)."""
    majority_margin: float = 0.0
    """``below_majority`` warns when the classifier's test accuracy does not exceed the majority
    class's by more than this ..."""
    majority_z: float = 2.0
    """... or by more than this many standard errors of the majority class's accuracy on the test
    windows, ``sqrt(b (1 - b) / n)``: a classifier with no skill beats the majority class by a
    hair on some samples (chapter 2's signal-free classifier: on one seed of ten)."""
    gradient_batch: int = 128
    """``gradients`` measures the gradient on this many of the last training windows."""
    gradient_max: float = 1e3
    """``gradients``: a step's gradient norm above this is exploding (sound LSTMs stay below
    1)."""
    gradient_dead: float = 1e-12
    """``gradients``: a largest gradient norm at or below this is zero: the output no longer
    depends on the input (saturated or dead units)."""
    loss_blowup: float = 10.0
    """``gradients``: a training loss that grew above this many times its first epoch's blew
    up."""
    vanish_min_lookback: int = 20
    """``gradients`` looks for vanishing gradients from this lookback on."""
    vanish_ratio: float = 1e-3
    """``gradients``: an oldest step below this share of the newest step's gradient vanishes
    (a warning for an ungated SimpleRNN only: every cell measured here falls below it over
    30-60 steps)."""
    no_es_epochs_after_best: int = 10
    """``no_early_stopping`` warns when the best validation loss lies this many epochs or more
    before the last (chapter 7: 12 epochs, best at epoch 2; the book's patience is 6-8) ..."""
    no_es_worse: float = 0.03
    """... and the final validation loss is more than this share above the best."""
    no_es_many_epochs: int = 20
    """``no_early_stopping`` warns at this many epochs or more with no validation loss at all."""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.type in ("int", int):
                validate.positive_int(value, f"Thresholds.{f.name}")
            elif f.name == "level_overlap_acf":
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    raise TypeError(f"Thresholds.{f.name} must be a number, got {value!r}.")
                if not -1.0 <= value <= 0.0:
                    raise ValueError(f"Thresholds.{f.name} must lie in [-1, 0], got {value!r}.")
            elif f.name == "no_skill":
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    raise TypeError(f"Thresholds.{f.name} must be a number, got {value!r}.")
            else:
                validate.non_negative_number(value, f"Thresholds.{f.name}")


#: The default thresholds.
DEFAULTS = Thresholds()


# ----------------------------------------------------------------------------- the check registry


class Verdict(NamedTuple):
    """What a check returns: a severity, a one-line summary, and the evidence in numbers."""

    severity: str
    summary: str
    evidence: dict[str, Any] = {}


@dataclass(frozen=True)
class Check:
    """One registered check: its id, chapter, page, what it needs, and its fix.

    ``needs`` holds groups of :func:`examine` arguments: each group must have one argument
    passed (``("y_pred", "model")`` reads "y_pred or model"). ``kinds`` are the kinds of target
    it applies to (:data:`KINDS`). ``keras``: the model must be a Keras model for ``model`` to
    count.
    """

    id: str
    chapter: int
    page: str
    run: Callable[[Evidence], Verdict]
    needs: tuple[tuple[str, ...], ...] = ()
    kinds: tuple[str, ...] = KINDS
    keras: bool = False
    fix: str = ""
    why_not: str = ""

    @property
    def title(self) -> str:
        """The first line of the check function's docstring."""
        return (self.run.__doc__ or "").strip().splitlines()[0] if self.run.__doc__ else ""


#: Every check, by id, in report order.
CHECKS: dict[str, Check] = {}


def register(
    check_id: str,
    *,
    chapter: int,
    page: str,
    fix: str,
    needs: Sequence[str] = (),
    kinds: Sequence[str] = KINDS,
    keras: bool = False,
    why_not: str = "",
) -> Callable[[Callable[[Evidence], Verdict]], Callable[[Evidence], Verdict]]:
    """Decorator: register ``fn(evidence) -> Verdict`` as the check ``check_id``.

    ``needs`` lists arguments of :func:`examine`, alternatives joined by ``"|"``
    (``"y_pred|model"``); ``why_not`` finishes "does not apply to a ... target" for the
    kinds it does not cover.
    """
    if not isinstance(check_id, str) or not check_id.isidentifier():
        raise ValueError(f"check_id must be an identifier, got {check_id!r}.")
    if check_id in CHECKS:
        raise ValueError(f"a check {check_id!r} is already registered.")
    validate.positive_int(chapter, "chapter")
    validate.one_of(page, PAGES, "page")
    for kind in kinds:
        validate.one_of(kind, KINDS, "kinds")
    groups = tuple(tuple(group.split("|")) for group in needs)

    def decorate(fn: Callable[[Evidence], Verdict]) -> Callable[[Evidence], Verdict]:
        CHECKS[check_id] = Check(
            check_id, int(chapter), page, fn, groups, tuple(kinds), keras, fix, why_not
        )
        return fn

    return decorate


# --------------------------------------------------------------------------- findings and report


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
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, got {self.severity!r}.")

    @property
    def flagged(self) -> bool:
        """True for a warning or a critical finding."""
        return self.severity in _FLAGGED

    @property
    def page(self) -> str:
        """The notebook of the chapter that explains this check's pitfall."""
        return CHECKS[self.check].page


def _inside_book() -> bool:
    """True when running in the book's notebooks folder (the book's build, nbval, a reader)."""
    cwd = Path.cwd()
    return cwd.name == "notebooks" and (cwd.parent / "_toc.yml").is_file()


def chapter_url(page: str, *, inside: bool | None = None) -> str:
    """The link to a chapter page: relative inside the book, on :data:`BOOK_URL` outside it.

    >>> chapter_url("04_leaky_splits", inside=True)
    '04_leaky_splits.html'
    >>> chapter_url("04_leaky_splits", inside=False) == BOOK_URL + "notebooks/04_leaky_splits.html"
    True
    """
    validate.one_of(page, PAGES, "page")
    if _inside_book() if inside is None else inside:
        return f"{page}.html"
    return f"{BOOK_URL.rstrip('/')}/notebooks/{page}.html"


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
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_fmt(v)}" for k, v in value.items()) + "}"
    return str(value)


def _pct(share: float) -> str:
    """A share as a whole percentage, for summaries: 0.584 -> '58%'."""
    return f"{share:.0%}" if np.isfinite(share) else "n/a"


def _evidence_text(evidence: Mapping[str, Any]) -> str:
    return "; ".join(f"{key}={_fmt(value)}" for key, value in evidence.items())


_MARKERS = {"ok": "#1b7837", "info": "#9e9e9e", "warning": "#e08214", "critical": "#c51b7d"}
_COLUMNS = ["check", "severity", "summary", "evidence", "chapter", "fix"]


class Report(Sequence[Finding]):
    """One :class:`Finding` per check, in registry order; indexable by position or by check id."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self._findings = list(findings)

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

    @property
    def critical(self) -> list[str]:
        """Ids of the checks whose finding is critical."""
        return [f.check for f in self._findings if f.severity == "critical"]

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
                lines.append(f"{'':30}read: {chapter_url(f.page)}")
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        head = "".join(f"<th style='text-align:left'>{c}</th>" for c in _COLUMNS)
        inside = _inside_book()
        body = []
        for f in self._findings:
            url = chapter_url(f.page, inside=inside)
            link = (
                f"<a href='{html.escape(url)}' title='{html.escape(PAGES[f.page])}'>"
                f"chapter {f.chapter}</a>"
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


def _ok(summary: str, **evidence: Any) -> Verdict:
    return Verdict("ok", summary, evidence)


def _info(summary: str, **evidence: Any) -> Verdict:
    return Verdict("info", summary, evidence)


def _warning(summary: str, **evidence: Any) -> Verdict:
    return Verdict("warning", summary, evidence)


def _critical(summary: str, **evidence: Any) -> Verdict:
    return Verdict("critical", summary, evidence)


# ------------------------------------------------------------------------------ input validation


def _values(x: object) -> object:
    """A pandas object's values (a Series, a DataFrame, an Index); anything else as it is."""
    if isinstance(x, (pd.Series, pd.DataFrame, pd.Index)):
        return x.to_numpy()
    return x


def _windows(name: str, X: object) -> np.ndarray:
    if X is None:
        raise TypeError(f"{name} is required: pass 3-D windows (samples, timesteps, features).")
    if isinstance(X, pd.DataFrame):
        raise ValueError(
            f"{name} is a 2-D DataFrame; pass 3-D windows (samples, timesteps, features), e.g. "
            "windows.make_windows(frame, target, lookback).X."
        )
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
    """One target per window: 1-D, or 2-D (samples, steps or classes); (n, 1) becomes 1-D."""
    if y is None:
        raise TypeError(f"{name} is required: pass one target per window of {windows_name}.")
    if isinstance(y, (str, bytes)):
        raise TypeError(f"{name} must be an array of numbers, got a string.")
    y = np.asarray(_values(y))
    if y.dtype == object or not (np.issubdtype(y.dtype, np.number) or y.dtype == bool):
        raise TypeError(f"{name} has dtype {y.dtype}; pass numbers.")
    if y.ndim == 2 and y.shape[1] == 1:
        y = y.ravel()
    if y.ndim not in (1, 2):
        raise ValueError(
            f"{name} must be 1-D (one target per window) or 2-D (samples, steps or classes), got "
            f"shape {y.shape}."
        )
    if y.size == 0:
        raise ValueError(f"{name} is empty; pass one target per window.")
    if len(y) != n:
        raise ValueError(
            f"{name} has {len(y)} targets but {windows_name} has {n} windows; pass one target per "
            "window."
        )
    y = y.astype(np.float64)
    if not np.isfinite(y).all():
        raise ValueError(
            f"{name} holds {int((~np.isfinite(y)).sum())} NaN or infinite values; drop those "
            "windows."
        )
    return y


def _forecast(name: str, y: object, shape: tuple[int, ...]) -> np.ndarray | None:
    """A forecast of y_test, shaped like it; NaN is allowed (it is evidence, not bad input)."""
    if y is None:
        return None
    if isinstance(y, (str, bytes)):
        raise TypeError(f"{name} must be an array of forecasts, got a string.")
    try:
        values = np.asarray(_values(y), dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be an array of numbers, got {type(y).__name__}.") from error
    if values.ndim == 2 and values.shape[1] == 1:
        values = values.ravel()
    if values.shape != shape:
        raise ValueError(
            f"{name} must have one forecast per test window, shaped like y_test {shape}, got shape "
            f"{values.shape}."
        )
    return values


def _index(name: str, index: object, n: int) -> np.ndarray | None:
    if index is None:
        return None
    if isinstance(index, (str, bytes)):
        raise TypeError(f"{name} must be an array of day positions or dates, got a string.")
    values = np.asarray(_values(index))
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
    if all((d.day_of_week < 5).all() for d in dates):
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


def _history(history: object) -> tuple[dict[str, list[float]] | None, dict[str, Any]]:
    """The per-epoch lists of a History (or its dict), and its params with any hint."""
    if history is None:
        return None, {}
    params = dict(getattr(history, "params", None) or {})
    values = getattr(history, "history", history)
    if not isinstance(values, Mapping):
        raise TypeError(
            f"history must be a keras History or its .history dict, got {type(history).__name__}."
        )
    if "loss" not in values:
        raise ValueError(
            f"history has no 'loss' (keys: {sorted(values)}); pass the History that fit() returned."
        )
    out: dict[str, list[float]] = {}
    for key, vals in values.items():
        if key == "restore_best_weights":
            params[key] = vals
            continue
        out[str(key)] = [float(v) for v in np.ravel(np.asarray(vals, dtype=np.float64))]
    hint = params.get("restore_best_weights")
    if hint is not None and not isinstance(hint, (bool, np.bool_)):
        raise TypeError(f"restore_best_weights must be True or False, got {hint!r}.")
    return out, params


def _is_keras(model: object) -> bool:
    """True for a Keras model (Keras is imported whenever one exists, so it is not imported
    here).
    """
    if model is None or "keras" not in sys.modules:
        return False
    import keras  # already imported

    return isinstance(model, keras.Model)


def _kind(y: np.ndarray) -> str | None:
    """``"binary"`` or ``"onehot"`` when the values say so, else None (a regression target)."""
    values = np.unique(y)
    if not np.isin(values, (0.0, 1.0)).all():
        return None
    if y.ndim == 2 and np.all(y.sum(axis=1) == 1):
        return "onehot"
    return "binary"


def _corr(a: np.ndarray, b: np.ndarray) -> float:
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.size < 3:
        return float("nan")
    sa, sb = a.std(), b.std()
    if sa == 0 or sb == 0 or not (np.isfinite(sa) and np.isfinite(sb)):
        return float("nan")
    return float(np.mean((a - a.mean()) * (b - b.mean())) / (sa * sb))


def _row_hashes(rows: np.ndarray) -> np.ndarray:
    """One 64-bit hash per row of a 2-D array (identical rows, identical hashes)."""
    return pd.util.hash_pandas_object(
        pd.DataFrame(np.ascontiguousarray(rows, dtype=np.float64)), index=False
    ).to_numpy()


def _as_columns(y: np.ndarray) -> np.ndarray:
    return y[:, None] if y.ndim == 1 else y


def _consecutive(positions: np.ndarray | None) -> bool:
    """True when the sorted day positions step by one (at least 99% of the steps)."""
    if positions is None or positions.size < 3:
        return False
    steps = np.diff(np.sort(positions))
    return bool(np.mean(steps == 1) >= 0.99)


# --------------------------------------------------------------------------------- the evidence


@dataclass(frozen=True)
class _Level:
    """What ``level_target`` found: a tracked feature, and the persistence of the target."""

    feature: int | None  # the feature whose last value the target tracks
    feature_r: float
    feature_autocorr: float
    series_skill: float  # skill of the last known target (``lag`` windows back)
    lag: int
    overlap_lag: int | None  # the target read as an overlapping sum over this many windows
    threshold: float

    @property
    def tracks(self) -> bool:
        return self.feature is not None

    @property
    def wanders(self) -> bool:
        return bool(np.isfinite(self.series_skill) and self.series_skill >= self.threshold)


class Evidence:
    """The validated arguments of :func:`examine`, and the facts several checks share.

    Attributes hold the arrays as the checks read them (``y_*`` as float, 1-D or 2-D);
    ``given`` is the set of arguments that were passed. The cached properties compute
    each shared fact once.
    """

    def __init__(self, arguments: Mapping[str, Any]) -> None:
        a = dict(arguments)
        thresholds = a.get("thresholds")
        if thresholds is None:
            thresholds = DEFAULTS
        if not isinstance(thresholds, Thresholds):
            raise TypeError(
                f"thresholds must be a doctor.Thresholds, got {type(thresholds).__name__}."
            )
        self.thresholds: Thresholds = thresholds
        self.given = {k for k, v in a.items() if v is not None and k != "thresholds"}
        self.X_train = _windows("X_train", a["X_train"])
        self.X_test = _windows("X_test", a["X_test"])
        if self.X_test.shape[2] != self.X_train.shape[2]:
            raise ValueError(
                f"X_train has {self.X_train.shape[2]} features but X_test has "
                f"{self.X_test.shape[2]}; pass the same features."
            )
        self.y_train = _target("y_train", a["y_train"], len(self.X_train), "X_train")
        self.y_test = _target("y_test", a["y_test"], len(self.X_test), "X_test")
        if self.y_train.shape[1:] != self.y_test.shape[1:]:
            raise ValueError(
                f"y_train has shape {self.y_train.shape} but y_test {self.y_test.shape}: pass "
                "targets of the same width."
            )
        train_index, test_index = a.get("train_index"), a.get("test_index")
        self.index_from = "train_index/test_index"
        if train_index is None and test_index is None:
            dated = [
                getattr(y, "index", None) for y in (a["y_train"], a["y_test"])
            ]  # pandas targets carry their dates
            if all(isinstance(d, pd.DatetimeIndex) for d in dated):
                train_index, test_index = dated
                self.index_from = "the dates of y_train and y_test"
                self.given |= {"train_index", "test_index"}
        self.train_index = _index("train_index", train_index, len(self.X_train))
        self.test_index = _index("test_index", test_index, len(self.X_test))
        if (self.train_index is None) != (self.test_index is None):
            raise ValueError(
                "pass both train_index and test_index (each window's last day), or neither."
            )
        lookback = a.get("lookback")
        self.lookback = (
            int(self.X_train.shape[1])
            if lookback is None
            else validate.positive_int(lookback, "lookback", hint="days per window")
        )
        horizon = a.get("horizon")
        self.horizon = (
            1
            if horizon is None
            else validate.positive_int(horizon, "horizon", hint="days the target spans")
        )
        if (a.get("X_val") is None) != (a.get("y_val") is None):
            raise ValueError("pass both X_val and y_val, or neither.")
        self.X_val = self.y_val = None
        if a.get("X_val") is not None:
            self.X_val = _windows("X_val", a["X_val"])
            if self.X_val.shape[2] != self.X_train.shape[2]:
                raise ValueError(
                    f"X_val has {self.X_val.shape[2]} features but X_train has "
                    f"{self.X_train.shape[2]}."
                )
            self.y_val = _target("y_val", a["y_val"], len(self.X_val), "X_val")
        self.names = self._names(a.get("feature_names"))
        self.sequences = _ragged(a.get("sequences"))
        self.lengths = self._lengths(a.get("lengths"))
        self.model = a.get("model")
        self.is_keras = _is_keras(self.model)
        self.history, self.params = _history(a.get("history"))
        self.y_pred = _forecast("y_pred", a.get("y_pred"), self.y_test.shape)
        self.y_reference = _forecast("y_reference", a.get("y_reference"), self.y_test.shape)
        if self.y_reference is not None and not np.isfinite(self.y_reference).all():
            raise ValueError(
                "y_reference holds NaN or infinite values; pass a finite persistence forecast."
            )
        self.raw, self.feature_fn = a.get("raw"), a.get("feature_fn")
        if (self.raw is None) != (self.feature_fn is None):
            raise ValueError(
                "pass both raw and feature_fn (to recompute the features), or neither."
            )
        if self.raw is not None:
            if not isinstance(self.raw, (pd.DataFrame, pd.Series)):
                raise TypeError(
                    "raw must be a pandas DataFrame or Series (one row per day), got "
                    f"{type(self.raw).__name__}."
                )
            if not callable(self.feature_fn):
                raise TypeError(
                    f"feature_fn must be callable (raw rows -> features), got "
                    f"{type(self.feature_fn).__name__}."
                )
        self.declared_kind = a.get("target_kind")
        if self.declared_kind is not None:
            validate.one_of(self.declared_kind, KINDS, "target_kind")
            found = _kind(np.concatenate([self.y_train, self.y_test]))
            if self.declared_kind in _CLASSES and found != self.declared_kind:
                what = "one-hot rows" if self.declared_kind == "onehot" else "0/1 labels"
                raise ValueError(
                    f"target_kind={self.declared_kind!r} but the targets are not {what}."
                )

    def _names(self, feature_names: object) -> list[str]:
        n_features = self.X_train.shape[2]
        if feature_names is None:
            return [f"feature {i}" for i in range(n_features)]
        if isinstance(feature_names, str):
            raise TypeError(
                "feature_names must be a sequence of names, one per feature, not one string."
            )
        names = [str(n) for n in _values(feature_names)]  # type: ignore[union-attr]
        if len(names) != n_features:
            raise ValueError(
                f"got {len(names)} feature names for {n_features} features; pass one per feature."
            )
        return names

    def _lengths(self, lengths: object) -> np.ndarray | None:
        seqs = self.sequences
        if lengths is None:
            return None if seqs is None else np.array([len(s) for s in seqs])
        lens = np.asarray(_values(lengths))
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
        return lens

    # ---------------------------------------------------------------------------- shared facts

    @functools.cached_property
    def aligned_windows(self) -> np.ndarray | None:
        """The windows the sequences (or lengths) belong to: training, test, or both."""
        if self.lengths is None:
            return None
        n = self.lengths.size
        X_train, X_test = self.X_train, self.X_test
        if n == len(X_train):
            return X_train
        if n == len(X_test):
            return X_test
        if n == len(X_train) + len(X_test):
            if X_train.shape[1:] == X_test.shape[1:]:
                return np.concatenate([X_train, X_test.astype(X_train.dtype)])
            return X_train  # padded to different lengths: the training part is compared
        raise ValueError(
            f"got {n} sequences/lengths for {len(X_train)} training and {len(X_test)} test "
            "windows; pass one per training window (or per training window followed by per test "
            "window)."
        )

    @functools.cached_property
    def positions(self) -> tuple[np.ndarray, np.ndarray, str] | None:
        """Day positions of the training and test windows' ends, and their unit."""
        if self.train_index is None or self.test_index is None:
            return None
        return _positions(self.train_index, self.test_index)

    @functools.cached_property
    def train_order(self) -> np.ndarray:
        """The training windows in time order."""
        if self.positions is None:
            return np.arange(len(self.y_train))
        return np.argsort(self.positions[0], kind="stable")

    @functools.cached_property
    def spacing(self) -> int:
        """Typical days between consecutive training windows (1 unless thinned)."""
        if self.positions is None or len(self.positions[0]) < 2:
            return 1
        steps = np.diff(np.sort(self.positions[0]))
        steps = steps[steps > 0]
        return max(1, int(np.median(steps))) if steps.size else 1

    @functools.cached_property
    def level(self) -> _Level:
        """Does the target track an input's path, and does its own known past forecast it?"""
        t = self.thresholds
        y = _as_columns(self.y_train)[:, 0]
        X = self.X_train.astype(np.float64)
        best, best_r, best_a = None, float("nan"), float("nan")
        if X.shape[1] >= 2:
            for f in range(X.shape[2]):
                r = _corr(X[:, -1, f], y)
                persistent = _corr(X[:, -1, f], X[:, -2, f])
                if (
                    np.isfinite(r)
                    and r > t.level_match_r
                    and persistent > t.level_feature_autocorr
                    and not (best_r >= r)
                ):
                    best, best_r, best_a = f, r, persistent
        ordered = y[self.train_order]
        lag = max(1, math.ceil(self.horizon / self.spacing))
        overlap_lag = None
        changes = np.diff(ordered)
        max_lag = min(len(changes) // 4, 500)
        if max_lag >= 1:
            acf = np.array([_corr(changes[:-k], changes[k:]) for k in range(1, max_lag + 1)])
            if np.isfinite(acf).any() and np.nanmin(acf) <= t.level_overlap_acf:
                overlap_lag = int(np.nanargmin(acf)) + 1
                lag = max(lag, overlap_lag)
        series = float("nan")
        if len(ordered) > 2 * lag + 2 and np.var(ordered) > 0:
            series = 1.0 - float(np.mean((ordered[lag:] - ordered[:-lag]) ** 2)) / float(
                np.var(ordered)
            )
        return _Level(best, best_r, best_a, series, lag, overlap_lag, t.level_persistence)

    @functools.cached_property
    def kind(self) -> str:
        """The kind of target: declared, or detected (see the module docstring)."""
        if self.declared_kind is not None:
            return self.declared_kind
        found = _kind(np.concatenate([self.y_train, self.y_test]))
        if found is not None:
            return found
        return "level" if self.level.tracks or self.level.wanders else "return"

    @property
    def steps(self) -> int:
        """Forecast steps (columns) of a regression target; 1 for a 1-D target."""
        return 1 if self.y_train.ndim == 1 else int(self.y_train.shape[1])

    @functools.cached_property
    def forecasts(self) -> tuple[np.ndarray | None, str, float]:
        """The forecasts of y_test (``y_pred``, or a Keras model's), their source, and the ratio
        of their standard deviation to the target's (NaN for ``y_pred``).
        """
        if self.y_pred is not None:
            return self.y_pred, "y_pred", float("nan")
        if not self.is_keras:
            why = (
                f" (model is a {type(self.model).__name__}: the doctor predicts with Keras models "
                "only)"
                if self.model is not None
                else ""
            )
            return None, f"pass y_pred{why}", float("nan")
        raw = self.model.predict(  # type: ignore[union-attr]
            np.asarray(self.X_test, dtype=np.float32), verbose=0
        )
        pred = np.asarray(raw, dtype=np.float64)
        if pred.ndim == 2 and pred.shape[1] == 1:
            pred = pred.ravel()
        if pred.shape != self.y_test.shape:
            return None, f"model.predict(X_test) has shape {pred.shape}", float("nan")
        ratio = float(np.std(pred) / max(float(np.std(self.y_test)), 1e-300))
        return pred, "model.predict(X_test)", ratio

    @functools.cached_property
    def persistence(self) -> tuple[np.ndarray, np.ndarray, str] | None:
        """A persistence forecast of a level target on the training and test windows: the tracked
        feature's last value in the target's units (fit on training), or None.
        """
        level = self.level
        if level.feature is None:
            return None
        x_tr = self.X_train[:, -1, level.feature].astype(np.float64)
        x_te = self.X_test[:, -1, level.feature].astype(np.float64)
        coef, *_ = np.linalg.lstsq(
            np.c_[x_tr, np.ones_like(x_tr)], _as_columns(self.y_train), rcond=None
        )
        ref_tr = np.c_[x_tr, np.ones_like(x_tr)] @ coef
        ref_te = np.c_[x_te, np.ones_like(x_te)] @ coef
        if self.y_train.ndim == 1:
            ref_tr, ref_te = ref_tr.ravel(), ref_te.ravel()
        return ref_tr, ref_te, f"the last value of {self.names[level.feature]}"

    @functools.cached_property
    def recoverability(self) -> dict[str, Any] | None:
        """How much of the target (of its change from persistence, for a level) a ridge regression
        on the flattened windows explains out of sample; None when it cannot be measured.
        """
        t = self.thresholds
        Y_tr, Y_te = _as_columns(self.y_train).copy(), _as_columns(self.y_test).copy()
        what = "target"
        if self.kind == "level":
            if self.persistence is None:
                return None
            Y_tr -= _as_columns(self.persistence[0])
            Y_te -= _as_columns(self.persistence[1])
            what = f"target minus its persistence ({self.persistence[2]})"
        n_features = self.X_train.shape[2]
        keep = max(1, min(self.X_train.shape[1], t.lookahead_max_inputs // n_features))
        rows_tr = np.linspace(0, len(Y_tr) - 1, min(len(Y_tr), 20_000)).round().astype(int)
        rows_te = np.linspace(0, len(Y_te) - 1, min(len(Y_te), 20_000)).round().astype(int)
        A = self.X_train[rows_tr, -keep:, :].astype(np.float64)
        B = self.X_test[rows_te, -keep:, :].astype(np.float64)
        Y_tr, Y_te = Y_tr[rows_tr], Y_te[rows_te]
        A = A.reshape(len(A), -1)
        B = B.reshape(len(B), -1)
        owner = np.tile(np.arange(n_features), keep)  # the feature of each input column
        past = self._known_past(rows_tr, rows_te)
        if past is not None:
            A, B = np.c_[A, past[0]], np.c_[B, past[1]]
            owner = np.r_[owner, np.full(past[0].shape[1], -1)]
        if len(A) < 10 or len(B) < 3:
            return None
        r2, _ = _ridge_r2(A, Y_tr, B, Y_te)
        out: dict[str, Any] = {
            "r2": float(np.nanmax(r2)) if np.isfinite(r2).any() else float("nan"),
            "with": what,
            "known past": past is not None,
            "inputs": int(A.shape[1]),
        }
        suspicious = np.isfinite(out["r2"]) and out["r2"] > t.lookahead_max_r2
        if 1 < n_features <= 20 and suspicious:  # name the feature that holds the target
            drops = []
            for f in range(n_features):
                r2_f, _ = _ridge_r2(A[:, owner != f], Y_tr, B[:, owner != f], Y_te)
                drops.append(out["r2"] - float(np.nanmax(r2_f)))
            out["feature"] = self.names[int(np.argmax(drops))]
            out["r2 lost without it"] = float(np.max(drops))
        rs = [abs(_corr(self.X_train[rows_tr, -1, f], Y_tr[:, 0])) for f in range(n_features)]
        rs = [r if np.isfinite(r) else 0.0 for r in rs]
        out.setdefault("feature", self.names[int(np.argmax(rs))])
        out["abs corr"] = float(max(rs))
        return out

    def _known_past(
        self, rows_tr: np.ndarray, rows_te: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """The target's own values known when each window ends (``horizon`` and more steps back),
        when both periods are consecutive days: lookback columns each.
        """
        if self.positions is None:
            return None
        train_pos, test_pos, _ = self.positions
        if not (_consecutive(train_pos) and _consecutive(test_pos)):
            return None
        out = []
        for pos, y, rows in (
            (train_pos, _as_columns(self.y_train)[:, 0], rows_tr),
            (test_pos, _as_columns(self.y_test)[:, 0], rows_te),
        ):
            lookup = pd.Series(y, index=pos)
            lookup = lookup[~lookup.index.duplicated()]
            cols = []
            for j in range(self.lookback):
                lagged = lookup.reindex(pos[rows] - self.horizon - j).to_numpy()
                cols.append(lagged)
            past = np.column_stack(cols)
            fill = np.nanmean(y) if np.isfinite(y).any() else 0.0
            out.append(np.where(np.isfinite(past), past, fill))
        return out[0], out[1]


def _ridge_r2(
    A: np.ndarray, Y: np.ndarray, B: np.ndarray, Y_test: np.ndarray, alpha: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-sample R^2 per target column of a ridge regression on standardised inputs (fit on
    ``A, Y``, scored on ``B, Y_test`` against the training mean), and its forecasts.
    """
    mean, sd = A.mean(axis=0), A.std(axis=0)
    sd = np.where(sd > 0, sd, 1.0)
    A = (A - mean) / sd
    B = (B - mean) / sd
    y_mean = Y.mean(axis=0)
    gram = A.T @ A + alpha * np.eye(A.shape[1])
    coef = np.linalg.solve(gram, A.T @ (Y - y_mean))
    pred = B @ coef + y_mean
    base = np.mean((Y_test - y_mean) ** 2, axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        r2 = np.where(base > 0, 1.0 - np.mean((Y_test - pred) ** 2, axis=0) / base, np.nan)
    return r2, pred


# --------------------------------------------------------------------------- which accuracy?

_ACCURACY_NAMES = {
    "accuracy",
    "acc",
    "binary_accuracy",
    "categorical_accuracy",
    "sparse_categorical_accuracy",
}


def _output_width(model: object) -> int | None:
    try:
        return int(model.outputs[0].shape[-1])  # type: ignore[union-attr]
    except (AttributeError, IndexError, TypeError, ValueError):
        return None


def _compiled_accuracy(model: object) -> list[tuple[str, str]]:
    """The accuracy metrics a compiled Keras model computes: (name, class), as Keras resolves
    them.

    After the model has seen data, ``model.metrics`` holds the resolved objects (in the compile
    metrics container); before, ``model.get_compile_config()`` holds what was passed, and
    ``"accuracy"`` resolves as ``keras.src.trainers.compile_utils.get_metric`` does: on a
    one-unit output, ``BinaryAccuracy``.
    """
    import keras  # already imported: the model is a Keras model

    accuracy_types = (
        keras.metrics.BinaryAccuracy,
        keras.metrics.Accuracy,
        keras.metrics.CategoricalAccuracy,
        keras.metrics.SparseCategoricalAccuracy,
    )
    found: list[tuple[str, str]] = []
    container = getattr(model, "_compile_metrics", None)
    if container is not None and getattr(container, "built", False):
        for metric in getattr(container, "metrics", []):
            if isinstance(metric, accuracy_types):
                found.append((metric.name, type(metric).__name__))
        return found
    if not getattr(model, "compiled", False):
        return found
    config = model.get_compile_config() or {}  # type: ignore[union-attr]
    width = _output_width(model)
    for key in ("metrics", "weighted_metrics"):
        entries = config.get(key) or []
        entries = entries.values() if isinstance(entries, Mapping) else entries
        for entry in np.ravel(np.asarray(list(entries), dtype=object)):
            if isinstance(entry, str):
                name = entry.lower()
                if name in ("accuracy", "acc"):
                    resolved = "BinaryAccuracy" if width == 1 else "CategoricalAccuracy"
                    found.append((entry, resolved))
                elif name in _ACCURACY_NAMES:
                    found.append((entry, "".join(p.title() for p in name.split("_"))))
            elif isinstance(entry, Mapping) and "Accuracy" in str(entry.get("class_name", "")):
                config_name = (entry.get("config") or {}).get("name", entry["class_name"])
                found.append((str(config_name), str(entry["class_name"])))
            elif isinstance(entry, accuracy_types):
                found.append((entry.name, type(entry).__name__))
    return found


@register(
    "accuracy_metric",
    chapter=2,
    page="02_which_accuracy",
    needs=("model|history",),
    keras=True,
    fix="Judge a regression with its loss, RMSE, R^2 or directional accuracy "
    "(metrics.directional_accuracy), never with metrics=['accuracy']: on a one-unit output Keras "
    "turns it into BinaryAccuracy, exact matches of y_pred > 0.5 with y_true.",
)
def _accuracy_metric(ev: Evidence) -> Verdict:
    """Is Keras' "accuracy" computed on a regression output?"""
    found: list[tuple[str, str]] = []
    source = []
    if ev.is_keras:
        found = _compiled_accuracy(ev.model)
        source.append("the compiled metrics")
    if ev.history is not None:
        keys = [k for k in ev.history if k in _ACCURACY_NAMES]
        found += [(k, "recorded in history") for k in keys if k not in {n for n, _ in found}]
        source.append("the history")
    evidence: dict[str, Any] = {"target": ev.kind, "read from": " and ".join(source)}
    if not found:
        return _ok("no accuracy metric", **evidence)
    name, resolved = found[0]
    evidence.update({"metric": name, "resolved as": resolved})
    if ev.history is not None and name in ev.history and ev.history[name]:
        evidence["last value"] = ev.history[name][-1]
    if ev.kind in _CLASSES:
        return _ok(f"{name!r} ({resolved}) on a {ev.kind} target", **evidence)
    return _critical(
        f"metrics=[{name!r}] on a regression ({ev.kind} target): Keras computes {resolved}, "
        "exact matches of thresholded forecasts, near 0 whatever the model does",
        **evidence,
    )


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


def _width(tensor_owner: object, attr: str) -> int | None:
    try:
        return int(getattr(tensor_owner, attr).shape[-1])
    except (AttributeError, IndexError, TypeError, ValueError):
        return None


@register(
    "one_unit_softmax",
    chapter=2,
    page="02_which_accuracy",
    needs=("model",),
    keras=True,
    fix="One output unit: activation='sigmoid' for a probability, or none for a regression. "
    "Softmax normalises over the units, so over one unit it is always 1.",
)
def _one_unit_softmax(ev: Evidence) -> Verdict:
    """Does a softmax normalise over a single unit (Dense(1, activation='softmax'))?"""
    import keras

    for layer in _layers(ev.model):
        name = getattr(layer, "name", type(layer).__name__)
        if isinstance(layer, keras.layers.Softmax) or (
            isinstance(layer, keras.layers.Activation)
            and _activation_name(layer.activation) == "softmax"
        ):
            if _width(layer, "output") == 1:
                return _critical(
                    f"layer {name!r} takes a softmax over one unit: it always outputs 1",
                    layer=name,
                )
            continue
        activation = getattr(layer, "activation", None)
        if activation is None or isinstance(layer, keras.layers.Activation):
            continue
        if _activation_name(activation) != "softmax":
            continue
        units = getattr(layer, "units", None) or _width(layer, "output")
        if units == 1:
            return _critical(
                f"layer {name!r} is a one-unit layer with activation='softmax': it always "
                "outputs 1, so the model cannot learn",
                layer=name,
            )
    return _ok("no softmax over a single unit", **{"output units": _output_width(ev.model)})


def _classes(y: np.ndarray, kind: str) -> np.ndarray:
    """Class labels of targets or forecasts: argmax of one-hot rows, 0/1 of binary columns."""
    if kind == "onehot":
        return np.argmax(y, axis=1)
    return y


@register(
    "below_majority",
    chapter=2,
    page="02_which_accuracy",
    needs=("y_pred|model",),
    kinds=_CLASSES,
    why_not="below_majority judges classifiers; no_skill judges forecasts",
    fix="Compare every classifier with the majority class (and report balanced accuracy); "
    "a model no better than it has learned nothing usable. Look for the other pitfalls first.",
)
def _below_majority(ev: Evidence) -> Verdict:
    """Does the classifier beat always predicting the training set's majority class?"""
    pred, source, _ = ev.forecasts
    if pred is None:
        return _info(f"not run: {source}")
    if not np.isfinite(pred).all():
        return _critical(
            "the forecasts hold NaN or infinite values",
            **{"non-finite forecasts": int((~np.isfinite(pred)).sum())},
        )
    truth = _classes(ev.y_test, ev.kind)
    if ev.kind == "onehot":
        labels = np.argmax(pred, axis=1)
        majority = np.argmax(ev.y_train.sum(axis=0))
        majority_hit = truth == majority
    else:
        cut = 0.5 if pred.min() >= 0.0 and pred.max() <= 1.0 else 0.0
        labels = (pred > cut).astype(float)
        majority = (ev.y_train.mean(axis=0) >= 0.5).astype(float)
        majority_hit = truth == majority
    accuracy = float(np.mean(labels == truth))
    baseline = float(np.mean(majority_hit))
    se = math.sqrt(baseline * (1.0 - baseline) / len(truth))
    margin = max(ev.thresholds.majority_margin, ev.thresholds.majority_z * se)
    evidence = {
        "accuracy": accuracy,
        "majority accuracy": baseline,
        "margin": margin,
        "majority class": majority.tolist() if np.ndim(majority) else int(majority),
        "forecasts": source,
        "test windows": len(truth),
    }
    if accuracy <= baseline + margin:
        return _warning(
            f"accuracy {_fmt(accuracy)} is no better than always predicting the majority class "
            f"({_fmt(baseline)}), beyond its sampling error ({_fmt(margin)})",
            **evidence,
        )
    return _ok(f"accuracy {_fmt(accuracy)} beats the majority class ({_fmt(baseline)})", **evidence)


# --------------------------------------------------------------------------- scaling


@register(
    "scale",
    chapter=3,
    page="03_unscaled_features",
    fix="Make features stationary (log returns, log volume), then fit a StandardScaler per "
    "feature on the training windows only (scaling.scale_split).",
)
def _scale(ev: Evidence) -> Verdict:
    """Are the features on comparable scales, near 1?"""
    t, names = ev.thresholds, ev.names
    days = ev.X_train.reshape(-1, ev.X_train.shape[2]).astype(np.float64)
    sd = days.std(axis=0)
    rms = np.sqrt(np.mean(days**2, axis=0))
    varying = sd > 0
    if not varying.any():
        return _warning("every feature is constant in the training windows", constant=names)
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
    if rms[big] > t.scale_critical_rms or ratio > t.scale_critical_sd_ratio:
        return _critical(
            f"features on wildly different scales: {names[big]} reaches {_fmt(rms[big])}, "
            f"sd ratio {_fmt(ratio)}; the gates saturate",
            **evidence,
        )
    if rms[big] > t.scale_max_rms:
        return _warning(
            f"features not standardised: {names[big]} near {_fmt(rms[big])}, "
            f"sd ratio {_fmt(ratio)}",
            **evidence,
        )
    if ratio > t.scale_max_sd_ratio:
        wide = names[int(np.flatnonzero(varying)[np.argmax(sd_v)])]
        return _warning(
            f"features on different scales: the sd of {wide} is {_fmt(ratio)} times that of "
            f"{names[small]}",
            **evidence,
        )
    if sd[small] < t.scale_min_sd:
        return _warning(
            f"{names[small]} is squeezed (sd {_fmt(sd[small])}): an outlier may set its scale",
            **evidence,
        )
    return _ok("features on comparable scales", **evidence)


@register(
    "drift",
    chapter=3,
    page="03_unscaled_features",
    fix="Replace levels by stationary transforms (returns, ratios to a rolling mean) so that the "
    "future stays inside the range the scaler and the model saw.",
)
def _drift(ev: Evidence) -> Verdict:
    """Do the test windows stay inside the range of the training windows?"""
    t, names = ev.thresholds, ev.names
    train = ev.X_train.reshape(-1, ev.X_train.shape[2]).astype(np.float64)
    test = ev.X_test.reshape(-1, ev.X_test.shape[2]).astype(np.float64)
    tail = 100.0 * (1.0 - t.drift_coverage) / 2.0
    low, high = np.percentile(train, [tail, 100.0 - tail], axis=0)
    outside = ((test < low) | (test > high)).mean(axis=0)
    sd = train.std(axis=0)
    shift = np.where(
        sd > 0,
        np.abs(np.median(test, axis=0) - np.median(train, axis=0)) / np.where(sd > 0, sd, 1.0),
        0.0,
    )
    worst = int(np.argmax(np.maximum(outside / t.drift_max_share, shift / t.drift_max_shift)))
    evidence = {
        "feature": names[worst],
        "share outside": float(outside[worst]),
        "median shift (sd)": float(shift[worst]),
        "max share outside": float(outside.max()),
    }
    if outside[worst] > t.drift_critical_share:
        return _critical(
            f"{_pct(outside[worst])} of test values of {names[worst]} lie outside its training "
            "range",
            **evidence,
        )
    if outside[worst] > t.drift_max_share or shift[worst] > t.drift_max_shift:
        return _warning(
            f"{names[worst]} has moved: {_pct(outside[worst])} of test values outside the "
            f"training range, median shifted {_fmt(shift[worst])} sd",
            **evidence,
        )
    return _ok("test values stay within the training range", **evidence)


# --------------------------------------------------------------------------- leaks


@register(
    "overlap",
    chapter=4,
    page="04_leaky_splits",
    fix="Split chronologically and purge: drop at least horizon - 1 windows between training and "
    "test (splits.purge_gap; the default lookback + horizon - 1 of splits.min_gap also keeps "
    "feature days apart; splits.chronological, splits.walk_forward); never shuffle windows before "
    "splitting.",
)
def _overlap(ev: Evidence) -> Verdict:
    """Do test windows share days (of features or of target) with training windows?"""
    t = ev.thresholds
    purge = splits.min_gap(ev.lookback, ev.horizon)
    if ev.positions is not None:
        train_pos, test_pos, unit = ev.positions
        shared = splits.overlap_mask(train_pos, test_pos, ev.lookback, horizon=ev.horizon)
        inside = (test_pos > train_pos.min()) & (test_pos < train_pos.max())
        share, interleaved = float(shared.mean()), float(inside.mean())
        after = test_pos[test_pos > train_pos.max()]
        evidence: dict[str, Any] = {
            "shared test windows": share,
            "inside training period": interleaved,
            "lookback": ev.lookback,
            "horizon": ev.horizon,
            "purge needed": purge,
            "from": f"{ev.index_from} ({unit})",
        }
        if after.size:
            evidence["gap"] = int(after.min() - train_pos.max() - 1)
        if test_pos.max() < train_pos.min():
            evidence["test before training"] = True
    else:
        X_train, X_test = ev.X_train, ev.X_test
        train_rows = X_train.reshape(-1, X_train.shape[2])
        real = np.any(train_rows != 0, axis=1)
        test_steps = X_test.reshape(-1, X_test.shape[2])
        real_steps = test_steps[np.any(test_steps != 0, axis=1)]
        sample = _row_hashes(real_steps[:: max(1, X_test.shape[1])])  # about one step per window
        if sample.size > 1 and np.unique(sample).size < 0.99 * sample.size:
            return _info(
                "not run: pass train_index and test_index (the windows' days repeat, so they "
                "cannot be matched)"
            )
        train_hashes = np.unique(_row_hashes(train_rows[real]))
        test_hashes = _row_hashes(test_steps).reshape(X_test.shape[:2])
        found = np.isin(test_hashes, train_hashes) & np.any(X_test != 0, axis=2)
        share = float(found.any(axis=1).mean())
        interleaved = float("nan")
        evidence = {
            "shared test windows": share,
            "purge needed": purge,
            "from": "identical days in the windows (pass train_index/test_index)",
        }
    if share >= t.overlap_critical_share or (
        np.isfinite(interleaved) and interleaved > t.interleave_max_share
    ):
        return _critical(
            f"train and test interleave: {_pct(share)} of test windows share days with training "
            "windows",
            **evidence,
        )
    if share > 0:
        return _warning(
            f"{_pct(share)} of test windows share days with training windows: purge at least "
            f"{purge} windows (lookback {ev.lookback} + horizon {ev.horizon} - 1)",
            **evidence,
        )
    if evidence.get("test before training"):
        return _warning("the test period comes before the training period", **evidence)
    return _ok("no test window shares a day with a training window", **evidence)


@register(
    "lookahead",
    chapter=4,
    page="04_leaky_splits",
    fix="Build every feature from its own and earlier days only (no center=True, no shift(-k), "
    "no statistic of the whole series); prove it with leakage.lookahead_rows, or pass raw and "
    "feature_fn.",
)
def _lookahead(ev: Evidence) -> Verdict:
    """Does a feature see the future? (as-of recomputation, or the window regression)"""
    t = ev.thresholds
    if ev.raw is not None:
        from . import leakage

        reach = leakage.lookahead_rows(ev.feature_fn, ev.raw)  # type: ignore[arg-type]
        ahead = {str(k): int(v) for k, v in reach.items() if v > 0}
        evidence: dict[str, Any] = {"method": "as-of recomputation", "features": len(reach)}
        if ahead:
            name, rows = max(ahead.items(), key=lambda kv: kv[1])
            evidence["rows ahead"] = ahead
            return _critical(
                f"{name} changes when later rows are removed: it uses {rows} day(s) of the future",
                **evidence,
            )
        return _ok("every feature is the same when recomputed as of each day", **evidence)
    found = ev.recoverability
    if found is None:
        return _info(
            "not run: a level target needs a persistence forecast to judge its change; pass raw "
            "and feature_fn"
        )
    r2 = found["r2"]
    evidence = {
        "window r2": r2,
        "feature": found["feature"],
        "abs corr": found["abs corr"],
        "with": found["with"],
        "known past added": found["known past"],
        "method": "ridge on the windows, out of sample",
    }
    if "r2 lost without it" in found:
        evidence["r2 lost without it"] = found["r2 lost without it"]
    if np.isfinite(r2) and r2 > t.lookahead_critical_r2:
        return _critical(
            f"the windows explain {_pct(r2)} of the {found['with']} out of sample: they hold it "
            f"(most of all {found['feature']})",
            **evidence,
        )
    if np.isfinite(r2) and r2 > t.lookahead_max_r2:
        return _warning(
            f"the windows explain {_pct(r2)} of the {found['with']} out of sample, more than an "
            f"honest forecast can: look at {found['feature']}",
            **evidence,
        )
    return _ok(
        f"the windows explain {_pct(max(r2, 0.0)) if np.isfinite(r2) else 'n/a'} of the "
        f"{found['with']} out of sample: no sign of the future",
        **evidence,
    )


@register(
    "val_is_test",
    chapter=4,
    page="04_leaky_splits",
    needs=("X_val",),
    fix="Carve the validation period out of the data before the test period; use the test set "
    "once, at the end.",
)
def _val_is_test(ev: Evidence) -> Verdict:
    """Is the data watched during training (early stopping, tuning) the test set?"""
    t = ev.thresholds
    X_val, X_test = ev.X_val, ev.X_test
    assert X_val is not None
    if X_val is X_test or (X_val.shape == X_test.shape and np.array_equal(X_val, X_test)):
        return _critical("the validation set is the test set", **{"shared val windows": 1.0})
    if X_val.shape[1:] != X_test.shape[1:]:
        return _ok("validation and test windows differ in shape", **{"shared val windows": 0.0})
    val_h = _row_hashes(X_val.reshape(len(X_val), -1))
    test_h = _row_hashes(X_test.reshape(len(X_test), -1))
    share = float(np.isin(val_h, test_h).mean())
    evidence = {"shared val windows": share, "val windows": len(X_val)}
    if share > t.val_test_critical_share:
        return _critical(f"{_pct(share)} of the validation windows are test windows", **evidence)
    if share > 0:
        return _warning(
            f"{_pct(share)} of the validation windows are also test windows", **evidence
        )
    return _ok("no validation window is a test window", **evidence)


# --------------------------------------------------------------------------- padding


def _has_mask(ev: Evidence) -> bool | None:
    """True if a Keras model masks its input (a Masking layer, or an Embedding with mask_zero);
    None if unknown.
    """
    if not ev.is_keras:
        return None
    import keras

    for layer in _layers(ev.model):
        if isinstance(layer, keras.layers.Masking) or getattr(layer, "mask_zero", False):
            return True
    return False


@register(
    "trailing_pad",
    chapter=5,
    page="05_bad_maxlen",
    fix="Pad in front (padding='pre') or add keras.layers.Masking so the padded steps never "
    "touch the state.",
)
def _trailing_pad(ev: Evidence) -> Verdict:
    """Do windows end in zero steps after real data (post padding), unmasked?"""
    t, X = ev.thresholds, ev.X_train
    zero = ~np.any(X != 0, axis=2)  # (samples, steps): an all-zero step
    data_before = np.any(~zero[:, :-1], axis=1) if X.shape[1] > 1 else np.zeros(len(X), bool)
    share = float((zero[:, -1] & data_before).mean())
    masked = _has_mask(ev)
    evidence = {
        "windows ending in zeros": share,
        "masking layer": "unknown" if masked is None else masked,
    }
    if share < t.trailing_min_share:
        return _ok("no trailing padding", **evidence)
    if masked:
        return _ok(f"{_pct(share)} of windows end in padding, masked by the model", **evidence)
    if masked is None:
        return _warning(
            f"{_pct(share)} of windows end in zero steps; pass the Keras model to check for a "
            "Masking layer",
            **evidence,
        )
    verdict = _critical if share >= t.trailing_critical_share else _warning
    return verdict(
        f"{_pct(share)} of windows end in zero steps and the model has no mask", **evidence
    )


def _match(window: np.ndarray, part: np.ndarray) -> float:
    rs = [_corr(window[:, f], part[:, f]) for f in range(window.shape[1])]
    rs = [r for r in rs if np.isfinite(r)]
    return float(np.mean(rs)) if rs else float("nan")


@register(
    "truncation",
    chapter=5,
    page="05_bad_maxlen",
    needs=("sequences|lengths",),
    fix="Truncate from the front (truncating='pre') to keep the most recent steps.",
)
def _truncation(ev: Evidence) -> Verdict:
    """Does truncation cut the most recent end of long sequences?"""
    t, X = ev.thresholds, ev.aligned_windows
    assert ev.lengths is not None and X is not None
    lengths = ev.lengths[: len(X)]
    maxlen = X.shape[1]
    long = np.flatnonzero(lengths > maxlen)
    evidence: dict[str, Any] = {"maxlen": maxlen, "truncated": float(len(long) / len(lengths))}
    if len(long) == 0:
        return _ok("no sequence is longer than maxlen", **evidence)
    if ev.sequences is None:
        return _info(
            f"{_pct(evidence['truncated'])} of sequences are truncated; pass sequences to see "
            "which end was cut",
            **evidence,
        )
    cut_recent = kept_recent = 0
    for i in long:
        seq = np.asarray(ev.sequences[i], dtype=np.float64)
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
    if share >= t.truncation_critical_share:
        return _critical(
            f"truncation drops the most recent steps of {_pct(share)} of sequences "
            "(truncating='post')",
            **evidence,
        )
    if share >= t.truncation_min_share:
        return _warning(
            f"truncation drops the most recent steps of {_pct(share)} of sequences", **evidence
        )
    return _ok("truncation keeps the most recent steps", **evidence)


@register(
    "int_dtype",
    chapter=5,
    page="05_bad_maxlen",
    fix="Pad with dtype='float32' (sequences.pad refuses a lossy integer cast).",
)
def _int_dtype(ev: Evidence) -> Verdict:
    """Were fractional features cast to integers on the way (pad_sequences' default int32)?"""
    X_train, X_test, seqs = ev.X_train, ev.X_test, ev.sequences
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
            return _warning(
                "integer windows: if the features had fractions, the cast truncated them (pass "
                "sequences to check)",
                **evidence,
            )
        if fractional > 0:
            return _critical(
                f"integer windows from sequences with fractions ({_pct(fractional)} of values): "
                "the cast truncated them",
                **evidence,
            )
        return _ok("integer windows of whole-number sequences", **evidence)
    whole = float(np.mean(X_train == np.round(X_train)))
    evidence["whole-number share"] = whole
    if fractional is not None and fractional > 0.05 and whole > 0.999:
        return _critical(
            "float windows that hold only whole numbers, from sequences with fractions: an "
            "integer cast happened on the way",
            **evidence,
        )
    return _ok("float windows", **evidence)


@register(
    "maxlen",
    chapter=5,
    page="05_bad_maxlen",
    needs=("lengths|sequences",),
    fix="Choose maxlen from the length distribution (about its 95th percentile, "
    "sequences.maxlen_at) and measure; bucket by length for long tails.",
)
def _maxlen(ev: Evidence) -> Verdict:
    """Does maxlen fit the distribution of the sequence lengths?"""
    t, lengths = ev.thresholds, ev.lengths
    assert lengths is not None
    maxlen = int(ev.X_train.shape[1])
    p95 = sequences_module.maxlen_at(lengths, 95)
    truncated = float(np.mean(lengths > maxlen))
    padding = float(1.0 - np.mean(np.minimum(lengths, maxlen)) / maxlen)
    evidence: dict[str, Any] = {
        "maxlen": maxlen,
        "median length": float(np.median(lengths)),
        "p95 length": p95,
        "truncated": truncated,
        "padding share": padding,
    }
    if truncated > t.maxlen_max_truncated:
        return _warning(
            f"maxlen {maxlen} is far below the lengths: {_pct(truncated)} of sequences truncated",
            **evidence,
        )
    longest = int(lengths.max())
    evidence["longest"] = longest
    if maxlen > t.maxlen_max_over_p95 * p95 or (
        maxlen >= longest and maxlen > t.maxlen_longest_over_p95 * p95
    ):
        return _warning(
            f"maxlen {maxlen} is {_fmt(maxlen / p95)} times the 95th percentile ({p95}): "
            f"{_pct(padding)} of every batch is padding",
            **evidence,
        )
    return _ok(f"maxlen {maxlen} fits the lengths (95th percentile {p95})", **evidence)


# --------------------------------------------------------------------------- levels


@register(
    "level_target",
    chapter=6,
    page="06_persistence_illusion",
    kinds=_REGRESSION,
    why_not="class labels are not price levels",
    fix="Predict returns (or differences), not price levels; rebuild a level from the return if "
    "needed, and judge any level forecast against persistence (skill.skill_score).",
)
def _level_target(ev: Evidence) -> Verdict:
    """Is the target a price level, which persistence already forecasts?"""
    level = ev.level
    evidence: dict[str, Any] = {
        "known-past skill": level.series_skill,
        "lag": level.lag,
    }
    if level.overlap_lag is not None:
        evidence["overlapping sum over"] = level.overlap_lag
    if level.tracks:
        name = ev.names[level.feature]  # type: ignore[index]
        evidence.update(
            {
                "tracks feature": name,
                "corr with its last value": level.feature_r,
                "its step-to-step corr": level.feature_autocorr,
            }
        )
        return _critical(
            f"the target is the next step of {name}'s path (r {_fmt(level.feature_r)}): "
            "persistence alone scores an R^2 near its square",
            **evidence,
        )
    if level.wanders:
        return _warning(
            f"the target looks like a price level: its value {level.lag} window(s) back "
            f"forecasts it with a skill of {_fmt(level.series_skill)}",
            **evidence,
        )
    if ev.declared_kind == "level":
        return _warning("target_kind='level': a price level, by your own account", **evidence)
    return _ok(
        "the target is not a level (its known past does not forecast it)",
        **evidence,
    )


def _references(ev: Evidence) -> tuple[list[tuple[str, np.ndarray, np.ndarray]], str]:
    """Trivial forecasts of y_test for no_skill, each as (name, truth, reference)."""
    y = ev.y_test
    out: list[tuple[str, np.ndarray, np.ndarray]] = []
    mean = np.broadcast_to(ev.y_train.mean(axis=0), y.shape)
    if ev.kind == "return":
        out += [("zero", y, np.zeros_like(y)), ("the training mean", y, mean)]
    else:
        out.append(("the training mean", y, mean))
        if ev.persistence is not None:
            out.append((f"persistence ({ev.persistence[2]})", y, ev.persistence[1]))
            last = ev.X_test[:, -1, ev.level.feature].astype(np.float64)
            as_is = last if y.ndim == 1 else np.repeat(last[:, None], y.shape[1], axis=1)
            out.append((f"persistence ({ev.persistence[2]}, as it is)", y, as_is))
    if ev.y_reference is not None:
        out.append(("y_reference", y, ev.y_reference))
    missing = ""
    if ev.kind == "level" and len(out) == 1:
        missing = "y_reference (a persistence forecast of the level)"
    return out, missing


@register(
    "no_skill",
    chapter=6,
    page="06_persistence_illusion",
    needs=("y_pred|model",),
    kinds=_REGRESSION,
    why_not="below_majority judges classifiers",
    fix="Compare every model with the trivial forecasts of its target (zero or the training "
    "mean for a return, persistence for a level; skill.skill_score): a model that does not beat "
    "them has learned nothing useful.",
)
def _no_skill(ev: Evidence) -> Verdict:
    """Does the forecast beat the strongest trivial forecast of its kind of target?"""
    t = ev.thresholds
    pred, source, ratio = ev.forecasts
    if pred is None:
        return _info(f"not run: {source}")
    if np.isfinite(ratio) and not 1 / t.forecast_units_ratio < ratio < t.forecast_units_ratio:
        return _info(
            "not run: the model's forecasts are not in the target's units; pass y_pred",
            **{"sd ratio": ratio},
        )
    if not np.isfinite(pred).all():
        return _critical(
            "the forecasts hold NaN or infinite values",
            **{"non-finite forecasts": int((~np.isfinite(pred)).sum()), "forecasts": source},
        )
    references, missing = _references(ev)
    if missing:
        return _info(f"not run: pass {missing}")
    mses = [float(np.mean((truth - ref) ** 2)) for _, truth, ref in references]
    best = int(np.argmin(mses))
    if mses[best] == 0.0:
        return _info("not run: the reference forecast has no error on these windows")
    name, truth, ref = references[best]
    score = 1.0 - float(np.mean((truth - pred) ** 2)) / mses[best]
    evidence = {
        "skill": score,
        "reference": name,
        "target": ev.kind if ev.steps == 1 else f"{ev.kind}, {ev.steps} steps",
        "forecasts": source,
    }
    if len(references) > 1:
        evidence["references tried"] = [n for n, _, _ in references]
    if score <= t.no_skill:
        return _warning(
            f"no skill over {name} (skill {_fmt(score)}): the model has learned nothing useful",
            **evidence,
        )
    return _ok(f"skill {_fmt(score)} over {name}", **evidence)


# --------------------------------------------------------------------------- training


@register(
    "relu_lstm",
    chapter=7,
    page="07_training_pitfalls",
    needs=("model",),
    keras=True,
    fix="Keep the LSTM's default activation='tanh' (bounded, and the fast cuDNN kernel on GPUs).",
)
def _relu_lstm(ev: Evidence) -> Verdict:
    """Does every LSTM keep activation='tanh'?"""
    import keras

    lstm_types = (keras.layers.LSTM, keras.layers.LSTMCell)
    found = {}
    counted_cells: set[int] = set()  # the cell of an LSTM layer is the same LSTM, not a second one
    for layer in _layers(ev.model):
        if isinstance(layer, lstm_types) and id(layer) not in counted_cells:
            cell = getattr(layer, "cell", layer)
            counted_cells.add(id(cell))
            found[getattr(layer, "name", type(layer).__name__)] = _activation_name(cell.activation)
    if not found:
        return _ok("the model has no LSTM layer", **{"lstm layers": 0})
    odd = {name: act for name, act in found.items() if act != "tanh"}
    evidence = {"lstm layers": len(found), "activations": sorted(set(found.values()))}
    if odd:
        name, act = next(iter(odd.items()))
        return _warning(
            f"LSTM layer {name!r} uses activation={act!r} instead of tanh: unbounded cell states",
            **evidence,
        )
    return _ok("every LSTM layer keeps activation='tanh'", **evidence)


def _ungated(model: object) -> list[str]:
    """Names of the model's recurrent layers without gates (SimpleRNN)."""
    import keras

    return [
        getattr(layer, "name", type(layer).__name__)
        for layer in _layers(model)
        if isinstance(layer, (keras.layers.SimpleRNN, keras.layers.SimpleRNNCell))
    ]


def _gradient_norms(ev: Evidence) -> np.ndarray:
    """Per-step gradient norms of the loss on the last training windows (Huber, as the book)."""
    from .nn import diagnostics  # imports TensorFlow: only when a model is examined

    n = ev.thresholds.gradient_batch
    X = np.asarray(ev.X_train[-n:], dtype=np.float64)
    Y = _as_columns(ev.y_train[-n:]).astype(np.float32)
    width = _output_width(ev.model)
    if width is not None and width != Y.shape[1]:
        raise ValueError(
            f"the model outputs {width} value(s) per window but the target has {Y.shape[1]}"
        )
    if Y.shape[1] == 1:
        return diagnostics.timestep_gradient_norms(ev.model, X, Y[:, 0])
    import keras

    huber = keras.losses.Huber()
    width = Y.shape[1]
    flat = Y.reshape(-1, 1)

    def loss(_: object, pred: object) -> object:  # several outputs per window: each window's sum
        return huber(flat, pred) * width

    return diagnostics.timestep_gradient_norms(ev.model, X, np.zeros(len(X)), loss=loss)


@register(
    "gradients",
    chapter=7,
    page="07_training_pitfalls",
    needs=("model|history",),
    keras=True,
    fix="Keep tanh, scale the inputs, clip gradients (clipnorm), lower the learning rate; shorten "
    "the window or use a gated cell when the oldest steps get no gradient; a zero gradient means "
    "saturated or dead units.",
)
def _gradients(ev: Evidence) -> Verdict:
    """Do gradients explode, vanish, or stop altogether?"""
    t = ev.thresholds
    evidence: dict[str, Any] = {}
    if ev.history is not None:
        losses = np.asarray(ev.history["loss"] + ev.history.get("val_loss", []), dtype=np.float64)
        if losses.size and not np.isfinite(losses).all():
            return _critical(
                "the training loss became NaN or infinite: exploding gradients",
                **{"non-finite losses": int((~np.isfinite(losses)).sum())},
            )
        loss = np.asarray(ev.history["loss"], dtype=np.float64)
        if loss.size and loss[0] > 0:
            evidence["max loss / first"] = float(loss.max() / loss[0])
            if loss.max() > t.loss_blowup * loss[0]:
                return _critical(
                    f"the training loss blew up to {_fmt(loss.max() / loss[0])} times its first "
                    "value: exploding gradients",
                    **evidence,
                )
    if not ev.is_keras:
        why = (
            f"model is a {type(ev.model).__name__}, not a Keras model"
            if ev.model is not None
            else "pass model"
        )
        return _info(f"not run on the model ({why}); the loss stayed finite", **evidence)
    weights = ev.model.get_weights()  # type: ignore[union-attr]
    bad = sum(int((~np.isfinite(np.asarray(w, dtype=np.float64))).sum()) for w in weights)
    if bad:
        return _critical(
            f"{bad} weights are NaN or infinite: training diverged", **{"non-finite weights": bad}
        )
    try:
        norms = _gradient_norms(ev)
    except (TypeError, ValueError) as error:
        return _info(f"not run: {error}", **evidence)
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
        return _critical("the gradient is NaN or infinite: exploding gradients", **evidence)
    if norms.max() > t.gradient_max:
        return _critical(
            f"exploding gradients: a step's gradient norm reaches {_fmt(norms.max())}", **evidence
        )
    if norms.max() <= t.gradient_dead:
        return _critical(
            "no gradient reaches the inputs (largest norm "
            f"{_fmt(float(norms.max()))}): the output no longer depends on them; the units are "
            "saturated or dead",
            **evidence,
        )
    if len(norms) >= t.vanish_min_lookback and np.isfinite(ratio) and ratio < t.vanish_ratio:
        plain = _ungated(ev.model)
        if plain:
            evidence["ungated layers"] = plain
            return _warning(
                f"vanishing gradients: the oldest step gets {_fmt(ratio)} of the most recent "
                f"step's gradient through the ungated {plain[0]!r}",
                **evidence,
            )
        return _info(
            f"the oldest steps get little gradient ({_fmt(ratio)} of the most recent): usual "
            "for a gated cell; shorten the window if they matter",
            **evidence,
        )
    return _ok("gradients finite and reaching back through the window", **evidence)


@register(
    "no_early_stopping",
    chapter=7,
    page="07_training_pitfalls",
    needs=("history",),
    fix="Add keras.callbacks.EarlyStopping(monitor='val_loss', restore_best_weights=True) on a "
    "validation period before the test period (and tell the doctor: history={**h.history, "
    "'restore_best_weights': True}).",
)
def _no_early_stopping(ev: Evidence) -> Verdict:
    """Does the model keep weights from well past its best validation epoch?"""
    t, history = ev.thresholds, ev.history
    assert history is not None
    epochs = len(history["loss"])
    planned = ev.params.get("epochs")
    restored = ev.params.get("restore_best_weights")
    evidence: dict[str, Any] = {"epochs run": epochs}
    if planned is not None:
        evidence["epochs planned"] = int(planned)
    evidence["restore_best_weights"] = "unknown" if restored is None else bool(restored)
    val = np.asarray(history.get("val_loss", []), dtype=np.float64)
    if val.size == 0:
        if epochs >= t.no_es_many_epochs:
            return _warning(
                f"{epochs} epochs with no validation loss: nothing could stop training",
                **evidence,
            )
        return _info("no validation loss recorded, over few epochs", **evidence)
    if not np.isfinite(val).all():
        return _info("the validation loss holds NaN (see gradients)", **evidence)
    best = int(np.argmin(val))
    after = len(val) - 1 - best
    worse = float(val[-1] / val[best] - 1.0) if val[best] > 0 else float("nan")
    evidence.update(
        {"best epoch": best + 1, "epochs after best": after, "final val loss vs best": worse}
    )
    hurt = np.isfinite(worse) and worse > t.no_es_worse
    if restored:
        return _ok(f"the best epoch's weights ({best + 1} of {len(val)}) were restored", **evidence)
    if after >= t.no_es_epochs_after_best and hurt:
        return _warning(
            f"training ran {after} epochs past the best validation loss (epoch {best + 1} of "
            f"{len(val)}), which ended {_pct(worse)} worse",
            **evidence,
        )
    if after > 0 and hurt and restored is False:
        return _warning(
            f"without restore_best_weights the model keeps epoch {len(val)}'s weights, "
            f"{_pct(worse)} worse than epoch {best + 1}'s",
            **evidence,
        )
    if after > 0 and hurt:
        return _info(
            f"the last epoch is {after} past the best and {_pct(worse)} worse: fine only if the "
            "best weights were restored (pass history={..., 'restore_best_weights': True})",
            **evidence,
        )
    return _ok(f"best validation loss at epoch {best + 1} of {len(val)}", **evidence)


# ------------------------------------------------------------------------------------ the one call


def _not_run(check: Check, ev: Evidence) -> str | None:
    """Why ``check`` cannot run on what was passed ("pass ..."), or None if it can."""
    missing = []
    for group in check.needs:
        usable = [
            name
            for name in group
            if name in ev.given and not (name == "model" and check.keras and not ev.is_keras)
        ]
        if not usable:
            missing.append(group)
    if not missing:
        if check.keras and "model" in ev.given and not ev.is_keras and check.needs == (("model",),):
            return f"model is a {type(ev.model).__name__}, not a Keras model"
        return None
    parts = []
    for group in missing:
        described = " or ".join(
            f"{name} ({ARGUMENTS[name]})" if name in ARGUMENTS else name for name in group
        )
        parts.append(described)
    text = "pass " + "; and ".join(parts)
    if check.keras and "model" in ev.given and not ev.is_keras:
        text += f" (model is a {type(ev.model).__name__}, not a Keras model)"
    return text


def _finding(check: Check, verdict: Verdict) -> Finding:
    return Finding(
        check.id,
        verdict.severity,
        verdict.summary,
        dict(verdict.evidence),
        check.chapter,
        check.fix,
    )


def examine(
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_test: np.ndarray,
    y_test: np.ndarray,
    *,
    train_index: Sequence[Any] | np.ndarray | None = None,
    test_index: Sequence[Any] | np.ndarray | None = None,
    lookback: int | None = None,
    horizon: int | None = None,
    X_val: np.ndarray | None = None,
    y_val: np.ndarray | None = None,
    model: object = None,
    history: object = None,
    lengths: Sequence[int] | np.ndarray | None = None,
    sequences: Sequence[np.ndarray] | None = None,
    y_pred: np.ndarray | None = None,
    y_reference: np.ndarray | None = None,
    feature_names: Sequence[str] | None = None,
    target_kind: str | None = None,
    raw: pd.DataFrame | pd.Series | None = None,
    feature_fn: Callable[[Any], Any] | None = None,
    thresholds: Thresholds | None = None,
) -> Report:
    """Check a forecasting pipeline for the pitfalls of the book; one finding per check.

    Parameters
    ----------
    X_train, y_train, X_test, y_test
        The windows ``(samples, timesteps, features)`` and targets that the model was trained
        and tested on, exactly as the model saw them (scaled, padded). A target is 1-D, or 2-D:
        ``(samples, steps)`` for a multi-step forecast, one-hot rows for classes. pandas
        objects are accepted; targets given as pandas Series with a DatetimeIndex give the
        windows' days when ``train_index`` and ``test_index`` are not passed.
    train_index, test_index
        The day of each window's last input day: row positions (ints) or dates.
    lookback, horizon
        Days of features in each window (default: ``X_train.shape[1]``), and days the target
        spans after the window (default 1: tomorrow).
    X_val, y_val
        The data watched during training (early stopping, tuning).
    model
        The trained Keras model. Any other model (PyTorch, scikit-learn) is accepted: the
        checks that need a Keras model say they cannot run, the others run.
    history
        A Keras ``History`` or its ``.history`` dict; add ``"restore_best_weights": True``
        when ``EarlyStopping`` restored the best epoch (Keras does not record it).
    lengths, sequences
        The raw variable-length sequences before padding (a list of 2-D arrays) or just their
        lengths, one per training window (or per training window followed by per test window).
    y_pred, y_reference
        The model's forecasts of ``y_test`` (probabilities for a classifier), and a persistence
        forecast of ``y_test`` (one more reference for ``no_skill``).
    feature_names
        One name per feature, for the report.
    target_kind
        ``"return"``, ``"level"``, ``"binary"`` or ``"onehot"``; detected when None.
    raw, feature_fn
        The raw data (one row per day) and the function that builds the features from it:
        ``lookahead`` then recomputes each feature as of each day.
    thresholds
        A :class:`Thresholds` (default :data:`DEFAULTS`).

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
    ev = Evidence(
        {
            "X_train": X_train,
            "y_train": y_train,
            "X_test": X_test,
            "y_test": y_test,
            "train_index": train_index,
            "test_index": test_index,
            "lookback": lookback,
            "horizon": horizon,
            "X_val": X_val,
            "y_val": y_val,
            "model": model,
            "history": history,
            "lengths": lengths,
            "sequences": sequences,
            "y_pred": y_pred,
            "y_reference": y_reference,
            "feature_names": feature_names,
            "target_kind": target_kind,
            "raw": raw,
            "feature_fn": feature_fn,
            "thresholds": thresholds,
        }
    )
    if ev.lengths is not None:
        ev.aligned_windows  # noqa: B018  (validates the lengths against the windows now)
    findings = []
    for check in CHECKS.values():
        missing = _not_run(check, ev)
        if ev.kind not in check.kinds:
            verdict = _info(f"does not apply to a {ev.kind} target: {check.why_not}")
        elif missing is not None:
            verdict = _info(f"not run: {missing}")
        else:
            verdict = check.run(ev)
        findings.append(_finding(check, verdict))
    return Report(findings)


# ------------------------------------------------------------------------------ the command line

_REQUIRED = ("X_train", "y_train", "X_test", "y_test")
_SCALARS = ("lookback", "horizon", "target_kind")
_ARRAYS = (
    "train_index",
    "test_index",
    "X_val",
    "y_val",
    "lengths",
    "y_pred",
    "y_reference",
    "feature_names",
)


def _from_npz(path: str) -> dict[str, Any]:
    """examine's keyword arguments from an .npz file saved with numpy.savez under their names."""
    if not os.path.isfile(path):
        raise ValueError(f"no such file: {path}")
    try:
        archive = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as error:
        raise ValueError(f"{path} is not a NumPy .npz archive ({error}).") from error
    if not isinstance(archive, np.lib.npyio.NpzFile):
        raise ValueError(
            f"{path} holds one array; save several with numpy.savez(path, X_train=...)."
        )
    with archive:
        names = set(archive.files)
        unknown = sorted(names - set(_REQUIRED) - set(_SCALARS) - set(_ARRAYS))
        if unknown:
            raise ValueError(
                f"{path} holds arrays that examine does not take: {unknown}; name them after "
                f"its arguments ({', '.join(_REQUIRED + _ARRAYS + _SCALARS)})."
            )
        missing = [name for name in _REQUIRED if name not in names]
        if missing:
            raise ValueError(
                f"{path} lacks the required array(s) {missing}; save them with "
                "numpy.savez(path, X_train=..., y_train=..., X_test=..., y_test=...)."
            )
        kwargs: dict[str, Any] = {name: archive[name] for name in names}
    for name in _SCALARS:
        if name in kwargs:
            value = kwargs[name]
            if value.ndim != 0:
                raise ValueError(f"{name} must be a single value, got shape {value.shape}.")
            kwargs[name] = value.item()
    if "feature_names" in kwargs:
        kwargs["feature_names"] = [str(n) for n in kwargs["feature_names"]]
    return kwargs


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m helpers.doctor ARRAYS.npz``: print the report; exit 1 on a critical finding.

    Exit status: 0 when nothing is critical, 1 when a finding is critical, 2 for bad input (a
    missing array, wrong shapes, NaN), with the reason on standard error.
    """
    parser = argparse.ArgumentParser(
        prog="python -m helpers.doctor",
        description="Examine a forecasting pipeline's arrays (saved with numpy.savez under the "
        "names of helpers.doctor.examine's arguments) and print the LSTM doctor's report.",
    )
    parser.add_argument("arrays", help="an .npz file: X_train, y_train, X_test, y_test, ...")
    args = parser.parse_args(argv)
    try:
        report = examine(**_from_npz(args.arrays))
    except (TypeError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(report)
    return 1 if report.critical else 0


if __name__ == "__main__":
    sys.exit(main())
