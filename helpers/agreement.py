"""What each chapter measured, under the registry's names: do the chapters and the registry agree?

Every chapter ends with a cell hidden from the book (tags ``remove-cell`` and ``nbval-approx``)
that prints, as JSON, one entry per pipeline the chapter runs that :mod:`helpers.pipelines` also
registers, under the registry's name: the scores the chapter measured (``accuracy`` and
``edge_fraction``, on chapter 4's true future with the developer's own test scores as
``reported_*``), and what the model was fit on (``n_train`` windows or sessions of ``timesteps``
steps; for a Keras model, the ``epochs`` it ran and its ``batches_per_epoch``, which give away a
changed batch size or training set). ``benchmarks/agreement.py`` rebuilds every one of those
pipelines at full size with seed 0 and compares (``book/_generated/agreement.csv``).

:func:`entry` makes one entry, from a chapter's objects or (:func:`of_pipeline`) from a registry
:class:`helpers.pipelines.Pipeline`, so both sides measure the same quantities; :func:`dumps`
prints them; :func:`read_notebook` reads them back from a stored chapter. No TensorFlow here.

>>> scores = {"accuracy": 0.70812, "edge_fraction": 0.92741, "rmse": 0.013}
>>> print(dumps({"ch1_sound": entry(scores, np.zeros((16, 10, 4)))}))
{
 "ch1_sound": {
  "accuracy": 0.708,
  "edge_fraction": 0.927,
  "n_train": 16,
  "timesteps": 10
 }
}
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "SCORES",
    "FIELDS",
    "DECIMALS",
    "TAGS",
    "entry",
    "of_pipeline",
    "printed",
    "dumps",
    "read_notebook",
]

#: The scores an entry may hold; the first two are required.
SCORES: tuple[str, ...] = (
    "accuracy",
    "edge_fraction",
    "reported_accuracy",
    "reported_edge_fraction",
)

#: Every field an entry may hold, in this order.
FIELDS: tuple[str, ...] = (*SCORES, "n_train", "timesteps", "epochs", "batches_per_epoch")

#: Decimals of the printed scores.
DECIMALS = 3

#: The tags of a chapter's agreement cell.
TAGS: tuple[str, ...] = ("remove-cell", "nbval-approx")


def entry(
    scores: Mapping[str, float], X_train: np.ndarray | None = None, model: Any = None
) -> dict[str, float | int]:
    """One pipeline's entry: its ``scores``, what it was fit on, and how its Keras ``model`` ran.

    ``scores`` needs ``accuracy`` and ``edge_fraction`` (other keys of :data:`SCORES` are kept,
    the rest ignored); ``X_train`` is what the model read in training (windows or padded
    sessions); ``model`` a Keras model after ``fit`` (its ``history`` gives the epochs run and
    the batches per epoch).

    >>> entry({"accuracy": 0.5, "edge_fraction": 0.1, "r2": 0.0})
    {'accuracy': 0.5, 'edge_fraction': 0.1}
    >>> entry({"accuracy": 0.5})
    Traceback (most recent call last):
    ...
    ValueError: scores lacks 'edge_fraction'; an entry needs accuracy and edge_fraction.
    """
    if not isinstance(scores, Mapping):
        scores = dict(scores)  # a pandas Series
    for key in SCORES[:2]:
        if key not in scores:
            raise ValueError(f"scores lacks {key!r}; an entry needs accuracy and edge_fraction.")
    out: dict[str, float | int] = {k: float(scores[k]) for k in SCORES if k in scores}
    if X_train is not None:
        shape = np.shape(X_train)
        if len(shape) != 3:
            raise ValueError(
                f"X_train must be 3-D (samples, timesteps, features), got shape {shape}."
            )
        out["n_train"], out["timesteps"] = int(shape[0]), int(shape[1])
    if model is not None:
        history = getattr(model, "history", None)
        if history is None or not hasattr(history, "params"):
            raise ValueError("model has no history: pass a Keras model after fit().")
        out["epochs"] = len(history.epoch)
        out["batches_per_epoch"] = int(history.params["steps"])
    return out


def of_pipeline(pipe: Any) -> dict[str, float | int]:
    """The same entry for a registry pipeline (:class:`helpers.pipelines.Pipeline`)."""
    return entry(pipe.scores, pipe.X_train, pipe.model)


def _rounded(value: float | int) -> float | int:
    if isinstance(value, (bool, np.bool_)):
        raise TypeError("an entry holds numbers, not booleans.")
    if isinstance(value, (int, np.integer)):
        return int(value)
    value = float(value)
    return value if math.isnan(value) else round(value, DECIMALS) + 0.0  # no "-0.0"


def printed(value: float | int) -> str:
    """One number as :func:`dumps` prints it.

    >>> printed(0.66117), printed(16), printed(float("nan")), printed(-0.0001)
    ('0.661', '16', 'NaN', '0.0')
    """
    return json.dumps(_rounded(value))


def dumps(entries: Mapping[str, Mapping[str, float | int]]) -> str:
    """``entries`` (registry name -> :func:`entry`) as JSON: scores rounded to :data:`DECIMALS`,
    keys sorted, one field per line. A diverged model's NaN prints as ``NaN``.

    >>> print(dumps({"b": {"accuracy": float("nan")}, "a": {"accuracy": -0.0001}}))
    {
     "a": {
      "accuracy": 0.0
     },
     "b": {
      "accuracy": NaN
     }
    }
    """
    if not entries:
        raise ValueError("entries is empty: name at least one pipeline.")
    table = {
        str(name): {str(k): _rounded(v) for k, v in fields.items()}
        for name, fields in entries.items()
    }
    return json.dumps(table, indent=1, sort_keys=True)


def read_notebook(path: str | Path) -> dict[str, dict[str, float | int]]:
    """The entries a stored chapter printed in its agreement cell (tagged :data:`TAGS`).

    Raises ``ValueError`` if the chapter has no such cell, or more than one, or if its stored
    output is not the JSON of :func:`dumps`.
    """
    path = Path(path)
    cells = json.loads(path.read_text())["cells"]
    tagged = [
        c
        for c in cells
        if c["cell_type"] == "code" and set(TAGS) <= set(c.get("metadata", {}).get("tags", []))
    ]
    tagged = [c for c in tagged if "agreement.dumps" in "".join(c["source"])]
    if len(tagged) != 1:
        raise ValueError(
            f"{path.name}: expected one agreement cell (tags {TAGS}, calling agreement.dumps), "
            f"found {len(tagged)}."
        )
    text = "".join(
        "".join(out.get("text", "")) for out in tagged[0].get("outputs", []) if "text" in out
    )
    try:
        table = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(
            f"{path.name}: the agreement cell's output is not JSON ({error})."
        ) from None
    return table
