"""The colours every figure shares, and the one rule that picks a forecast's colour from its name.

>>> _color("sound LSTM", 0) == COLORS["sound"], _color("naive", 3) == COLORS["naive"]
(True, True)
>>> _color("level LSTM, price only", 1) == COLORS["broken"], _color("training", 3)
(True, 'C3')
"""

from __future__ import annotations

__all__ = ["COLORS", "SEVERITY_COLORS"]

#: Colours used for the same things in every chapter.
COLORS = {
    "naive": "#9e9e9e",
    "persistence": "#bdbdbd",
    "ridge": "#8c6d31",
    "oracle": "#1b7837",
    "broken": "#c51b7d",
    "article": "#c51b7d",  # the article's recipe is a broken baseline
    "fixed": "#2166ac",
    "sound": "#2166ac",  # the book's sound pipeline is the fix
}

#: Colours of the doctor's severities (the same as in its HTML report).
SEVERITY_COLORS = {"ok": "#d9f0d3", "info": "#f0f0f0", "warning": "#e08214", "critical": "#c51b7d"}

#: What a name must contain (lower case) to get a colour of :data:`COLORS`, tried in this order:
#: every key of COLORS, then the two targets a model can be trained on, the price level (the
#: broken choice) and the return (the fix).
_NAME_RULES: tuple[tuple[str, str], ...] = (
    *((key, key) for key in COLORS),
    ("level lstm", "broken"),
    ("return lstm", "fixed"),
)


def _color(name: str, i: int) -> str:
    """The colour of the forecast (or pipeline, or data set) called ``name``, drawn ``i``-th.

    The first rule of :data:`_NAME_RULES` whose text ``name`` contains decides (``"sound LSTM"``
    is blue, ``"level LSTM, price only"`` magenta); a name that matches none gets Matplotlib's
    ``i``-th default colour.
    """
    lowered = str(name).lower()
    for text, key in _NAME_RULES:
        if text in lowered:
            return COLORS[key]
    return f"C{i % 10}"
