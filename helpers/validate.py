"""Argument checks shared by every module: what a bad argument is, and how to fix it, said once.

Each function returns the value, normalised (a NumPy integer becomes an ``int``), or raises
``TypeError`` for the wrong kind of value and ``ValueError`` for a value out of range, with a
message that names the argument, what it must be, and what was passed. ``bool`` is never
accepted as an integer, although Python counts it as one: ``lookback=True`` is a bug.

>>> positive_int(np.int64(3), "lookback")
3
>>> positive_int(0, "lookback", hint="days per window")
Traceback (most recent call last):
...
ValueError: lookback must be a positive int (days per window), got 0.
>>> seed(True)
Traceback (most recent call last):
...
TypeError: seed must be an int, got bool.
"""

from __future__ import annotations

from collections.abc import Iterable
from numbers import Real
from typing import Any

import numpy as np

__all__ = [
    "integer",
    "positive_int",
    "non_negative_int",
    "seed",
    "number",
    "positive_number",
    "non_negative_number",
    "daily_drift",
    "one_of",
]


def _hint(hint: str) -> str:
    return f" ({hint})" if hint else ""


def integer(
    value: Any, name: str, *, low: int | None = None, high: int | None = None, hint: str = ""
) -> int:
    """``value`` as an ``int``, checked to lie in ``[low, high]`` (either bound may be open).

    >>> integer(5, "lag", low=0, high=9)
    5
    >>> integer(10, "lag", low=0, high=9)
    Traceback (most recent call last):
    ...
    ValueError: lag must be an int in [0, 9], got 10.
    >>> integer(2.0, "lag")
    Traceback (most recent call last):
    ...
    TypeError: lag must be an int, got float.
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int{_hint(hint)}, got {type(value).__name__}.")
    value = int(value)
    too_low = low is not None and value < low
    too_high = high is not None and value > high
    if too_low or too_high:
        if high is None and low == 1:
            what = "a positive int"
        elif high is None and low == 0:
            what = "a non-negative int"
        elif high is None:
            what = f"an int >= {low}"
        elif low is None:
            what = f"an int <= {high}"
        else:
            what = f"an int in [{low}, {high}]"
        raise ValueError(f"{name} must be {what}{_hint(hint)}, got {value!r}.")
    return value


def positive_int(value: Any, name: str, *, hint: str = "") -> int:
    """``value`` as an ``int`` >= 1 (a count, a size, a number of steps)."""
    return integer(value, name, low=1, hint=hint)


def non_negative_int(value: Any, name: str, *, hint: str = "") -> int:
    """``value`` as an ``int`` >= 0 (a gap, an offset)."""
    return integer(value, name, low=0, hint=hint)


def seed(value: Any, name: str = "seed") -> int:
    """A random seed: an ``int`` >= 0, as NumPy and Keras accept it.

    >>> seed(7)
    7
    """
    return integer(value, name, low=0)


def _number(value: Any, name: str, hint: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (Real, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number{_hint(hint)}, got {type(value).__name__}.")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite{_hint(hint)}, got {value!r}.")
    return value


def daily_drift(value: Any, name: str = "drift") -> float:
    """``value`` as a daily log drift: a finite ``float`` below 0.01 in size.

    >>> daily_drift(0.0015)
    0.0015
    >>> daily_drift(0.05)
    Traceback (most recent call last):
    ...
    ValueError: drift is a daily log return; 0.05 is implausibly large (use a value below 0.01).
    """
    drift = float(number(value, name))
    if abs(drift) >= 0.01:
        raise ValueError(
            f"{name} is a daily log return; {drift} is implausibly large (use a value below 0.01)."
        )
    return drift


def number(value: Any, name: str, *, hint: str = "") -> float:
    """``value`` as a finite ``float`` of either sign (a drift, a log return).

    >>> number(-0.256, "log_return")
    -0.256
    >>> number(float("nan"), "drift")
    Traceback (most recent call last):
    ...
    ValueError: drift must be finite, got nan.
    """
    return _number(value, name, hint)


def positive_number(value: Any, name: str, *, hint: str = "") -> float:
    """``value`` as a finite ``float`` > 0 (a learning rate, a scale).

    >>> positive_number(3e-3, "learning_rate")
    0.003
    >>> positive_number(-1, "learning_rate")
    Traceback (most recent call last):
    ...
    ValueError: learning_rate must be a positive number, got -1.0.
    """
    value = _number(value, name, hint)
    if value <= 0:
        raise ValueError(f"{name} must be a positive number{_hint(hint)}, got {value!r}.")
    return value


def non_negative_number(value: Any, name: str, *, hint: str = "") -> float:
    """``value`` as a finite ``float`` >= 0 (a tolerance, a rate that may be zero)."""
    value = _number(value, name, hint)
    if value < 0:
        raise ValueError(f"{name} must be a non-negative number{_hint(hint)}, got {value!r}.")
    return value


def one_of(value: Any, choices: Iterable[Any], name: str) -> Any:
    """``value`` if it is one of ``choices``.

    >>> one_of("full", ("small", "full"), "size")
    'full'
    >>> one_of("big", ("small", "full"), "size")
    Traceback (most recent call last):
    ...
    ValueError: size must be one of ('small', 'full'), got 'big'.
    """
    choices = tuple(choices)
    if value not in choices:
        raise ValueError(f"{name} must be one of {choices}, got {value!r}.")
    return value
