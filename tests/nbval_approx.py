"""A pytest plugin that lets nbval compare trained-model numbers with a tolerance.

nbval compares every output of a notebook cell with the output stored in the notebook, character
for character. That is right for everything the seeded data generator, NumPy, pandas and plain
text produce: those outputs are the same on every machine. It is wrong for numbers that come out of
a trained model: TensorFlow's kernels choose their instructions by CPU (oneDNN on x86-64, other
kernels on ARM), so a model's float round-off, and with it the last digit of its scores, differs
between machines (``TF_ENABLE_ONEDNN_OPTS=0`` shows it on one machine).

This plugin changes nbval's comparison for the cells tagged ``nbval-approx`` only, and only in
numbers:

- the text around the numbers must be the same (runs of spaces may differ, since a table pads its
  columns to the widest number);
- the numbers must be as many, of the same kind, and each within :data:`TOLERANCE`: an integer
  (epochs trained, a count) within ``count``; a decimal within ``absolute`` + ``relative`` times
  its stored value, the rule of :func:`numpy.isclose`, so that accuracies and fractions of the
  oracle's edge (of order 1 or less) get the absolute tolerance and losses and norms (any size)
  the relative one; ``nan`` and ``inf`` only equal themselves.

Every other cell is compared exactly, as nbval does. A cell whose numbers no tolerance can make
stable (a loss that diverges, a run that reaches NaN on some CPUs only) carries nbval's own
``nbval-ignore-output`` tag instead: it still runs, and its ``assert`` statements still carry the
claim.

Load it with ``pytest --nbval -p tests.nbval_approx notebooks`` (``make test`` does).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pytest

TAG = "nbval-approx"


@dataclass(frozen=True)
class Tolerance:
    """How far a fresh number may be from the stored one in a cell tagged ``nbval-approx``."""

    absolute: float = 0.015
    """For decimals: the part of the allowed difference that does not scale with the value."""
    relative: float = 0.02
    """For decimals: the part of the allowed difference per unit of the stored value."""
    count: int = 2
    """For integers (epochs trained, best epoch, counts): the allowed difference."""


# The one place where the notebook check's tolerance is stated.
TOLERANCE = Tolerance()

# A number as a notebook prints it: optional sign, digits with an optional decimal part and
# exponent, or nan/inf. Digits glued to letters (``ch7_relu``, ``0x7f...``, ``LSTM32``) are text.
_NUMBER = re.compile(
    r"(?<![\w.])[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?(?![\w.])|(?<![\w])[-+]?(?:nan|inf)\b",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")


def _split(text: str) -> tuple[list[str], list[str]]:
    """The text between the numbers (spaces collapsed), and the numbers, in order."""
    numbers = _NUMBER.findall(text)
    between = [_SPACE.sub(" ", part).strip() for part in _NUMBER.split(text)]
    return between, numbers


def _is_integer(token: str) -> bool:
    return re.fullmatch(r"[-+]?\d+", token) is not None


def numbers_close(stored: str, fresh: str, tolerance: Tolerance = TOLERANCE) -> bool:
    """Whether two printed numbers agree within ``tolerance``.

    >>> numbers_close("0.649", "0.650"), numbers_close("0.649", "0.700")
    (True, False)
    >>> numbers_close("54", "53"), numbers_close("54", "60"), numbers_close("54", "54.0")
    (True, False, False)
    >>> numbers_close("1.3e8", "1.31e8"), numbers_close("nan", "nan"), numbers_close("nan", "0.1")
    (True, True, False)
    """
    if _is_integer(stored) != _is_integer(fresh):
        return False
    if _is_integer(stored):
        return abs(int(stored) - int(fresh)) <= tolerance.count
    a, b = float(stored), float(fresh)
    if math.isnan(a) or math.isnan(b) or math.isinf(a) or math.isinf(b):
        return str(a) == str(b)
    return abs(a - b) <= tolerance.absolute + tolerance.relative * abs(a)


def texts_close(stored: str, fresh: str, tolerance: Tolerance = TOLERANCE) -> bool:
    """Whether two outputs are the same text with every number within ``tolerance``.

    >>> texts_close("accuracy 0.649, 54 epochs", "accuracy 0.650, 53 epochs")
    True
    >>> texts_close("accuracy 0.649", "accuracy 0.749")
    False
    >>> texts_close("ridge   0.30\\nLSTM    0.93", "ridge   0.3\\nLSTM   0.931")
    True
    >>> texts_close("stopped after 16 epochs", "stopped before 16 epochs")
    False
    """
    if stored == fresh:
        return True
    between_s, numbers_s = _split(stored)
    between_f, numbers_f = _split(fresh)
    if between_s != between_f or len(numbers_s) != len(numbers_f):
        return False
    return all(numbers_close(s, f, tolerance) for s, f in zip(numbers_s, numbers_f, strict=True))


def _texts(output: dict) -> list[tuple[dict, str]]:
    """The (container, key) pairs of an output whose value nbval compares as text."""
    pairs = []
    if isinstance(output.get("text"), str):
        pairs.append((output, "text"))
    for key, value in (output.get("data") or {}).items():
        if isinstance(value, str) and not key.startswith("image/"):
            pairs.append((output["data"], key))
    return pairs


def reconcile(fresh: list, stored: list, tolerance: Tolerance = TOLERANCE) -> list:
    """``fresh`` outputs with each text that matches its stored counterpart within ``tolerance``
    replaced by the stored text, so that nbval's exact comparison passes on it and still fails,
    with nbval's own report, on any text that does not match.

    Outputs are paired in order, as nbval pairs them; anything unpaired is left as it is.
    """
    fresh = [_copy(o) for o in fresh]
    for out_f, out_s in zip(fresh, stored, strict=False):
        stored_texts = {key: container[key] for container, key in _texts(out_s)}
        for container, key in _texts(out_f):
            ref = stored_texts.get(key)
            if ref is not None and texts_close(ref, container[key], tolerance):
                container[key] = ref
    return fresh


def _copy(output):
    """A copy of an nbformat output deep enough to edit its texts."""
    copied = type(output)(output)
    if "data" in output:
        copied["data"] = type(output["data"])(output["data"])
    return copied


def pytest_configure(config: pytest.Config) -> None:
    """Wrap nbval's output comparison once nbval is loaded."""
    try:
        from nbval.plugin import IPyNbCell
    except ImportError:  # nbval not installed: nothing to wrap
        return
    if getattr(IPyNbCell.compare_outputs, "_nbval_approx", False):
        return
    exact = IPyNbCell.compare_outputs

    def compare_outputs(self, test, ref, skip_compare=None):
        if TAG in (self.cell.metadata.get("tags") or []):
            # nbval's runtest has coalesced the streams of both sides already, so outputs pair
            # up here in the order nbval will pair them.
            test = reconcile(test, ref)
        return exact(self, test, ref, skip_compare)

    compare_outputs._nbval_approx = True
    IPyNbCell.compare_outputs = compare_outputs
