"""Variable-length intraday "sessions" of trades, with a label planted in their last events.

Chapter 5 needs sequences that do not all have the same length. A *session* is
a run of trades; each trade (an *event*) has three observable features on very
different scales:

- ``price_change``: the move of the price at that trade, about 0.01 (a cent);
- ``size``: the number of shares traded, lognormal around 100, occasionally thousands;
- ``side``: +1 for a buyer-initiated trade, -1 for a seller-initiated one.

Session lengths are long-tailed (lognormal, median about 24 events, 95th
percentile about 65, a few sessions of 150 to 240). What is planted: the
**order imbalance of the last** ``PLANT["last"]`` **events** of a session,

.. math:: I = \\frac{\\sum \\text{side}_i\\,\\text{size}_i}{\\sum \\text{size}_i},

sets the probability that the next move is up, ``p_up = 1 / (1 + exp(-beta * I))``,
and the label is drawn from it. So the **oracle** (the best possible forecast)
knows ``p_up`` for every session, and the earlier events of a session carry no
information about its label at all: a model must read the *end* of each session.

Everything is deterministic given ``seed``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import validate

__all__ = ["PLANT", "FEATURES", "Sessions", "make_sessions", "order_imbalance"]

#: Parameters of the generator (documented in the module docstring).
PLANT: dict[str, float] = {
    "median_length": 24.0,  # median events per session
    "length_sigma": 0.6,  # sd of log length: the tail
    "min_length": 12,  # every session has at least this many events
    "max_length": 240,  # and at most this many
    "last": 8,  # the label depends on the imbalance of the last `last` events
    "beta": 5.0,  # how strongly the imbalance sets the odds of an up move
    "tick": 0.01,  # typical price change per trade
    "size_median": 100.0,  # median trade size (shares)
}

#: Names of the three features of each event, in column order.
FEATURES = ("price_change", "size", "side")


@dataclass(frozen=True)
class Sessions:
    """A set of sessions: ragged events, one label and one oracle probability per session.

    ``events[i]`` has shape ``(lengths[i], 3)``, columns :data:`FEATURES`;
    ``label[i]`` is 1 if the next move was up, else 0; ``p_up[i]`` is the
    oracle's probability of an up move.
    """

    events: list[np.ndarray]
    label: np.ndarray
    p_up: np.ndarray

    @property
    def lengths(self) -> np.ndarray:
        """Number of events in each session."""
        return np.array([len(e) for e in self.events])

    def __len__(self) -> int:
        return len(self.events)

    def take(self, index: np.ndarray | slice) -> Sessions:
        """The sessions at ``index`` (an array of positions or a slice), in that order."""
        positions = np.arange(len(self))[index]
        return Sessions(
            [self.events[i] for i in positions], self.label[positions], self.p_up[positions]
        )

    def summary(self) -> pd.DataFrame:
        """One row per session: length, imbalance of the last events, oracle probability and
        label.
        """
        return pd.DataFrame(
            {
                "length": self.lengths,
                "imbalance": [order_imbalance(e) for e in self.events],
                "p_up": self.p_up,
                "label": self.label,
            }
        ).rename_axis("session")


def order_imbalance(events: np.ndarray, last: int | None = None) -> float:
    """Size-weighted share of buying minus selling over the last ``last`` events, in [-1, 1].

    >>> ev = np.array([[0.0, 100.0, 1.0], [0.0, 300.0, -1.0]])
    >>> order_imbalance(ev, last=2)
    -0.5
    >>> order_imbalance(ev, last=1)
    -1.0
    """
    last = int(PLANT["last"]) if last is None else last
    validate.positive_int(last, "last", hint="events counted back from the end")
    events = np.asarray(events, dtype=float)
    if events.ndim != 2 or events.shape[1] != len(FEATURES) or len(events) == 0:
        raise ValueError(
            f"events must have shape (n_events >= 1, {len(FEATURES)}), got {events.shape}."
        )
    tail = events[-last:]
    return float(np.sum(tail[:, 2] * tail[:, 1]) / np.sum(tail[:, 1]))


def make_sessions(n_sessions: int, seed: int = 0, signal: float = 1.0) -> Sessions:
    """Simulate ``n_sessions`` independent sessions (see the module docstring).

    ``signal`` multiplies ``beta``: 1 is the book's sessions, 0 makes every label a coin flip.

    >>> s = make_sessions(3, seed=1)
    >>> len(s), s.events[0].shape[1], bool(np.all(s.lengths >= PLANT["min_length"]))
    (3, 3, True)
    >>> np.array_equal(s.label, make_sessions(3, seed=1).label)
    True
    """
    validate.positive_int(n_sessions, "n_sessions")
    validate.seed(seed)
    signal = validate.non_negative_number(signal, "signal", hint="1 is the book's sessions")
    rng = np.random.default_rng(seed)
    n = int(n_sessions)
    raw = rng.lognormal(np.log(PLANT["median_length"]), PLANT["length_sigma"], size=n)
    lengths = np.clip(np.round(raw), PLANT["min_length"], PLANT["max_length"]).astype(int)
    total = int(lengths.sum())
    side = rng.choice(np.array([-1.0, 1.0]), size=total)
    size = np.round(PLANT["size_median"] * rng.lognormal(0.0, 0.8, size=total))
    size = np.maximum(size, 1.0)
    # A trade moves the price its own way a little, plus noise: price changes near a cent.
    price_change = PLANT["tick"] * (
        0.3 * side * np.log1p(size / PLANT["size_median"]) + rng.normal(0.0, 1.0, total)
    )
    table = np.column_stack([price_change, size, side])
    events = np.split(table, np.cumsum(lengths)[:-1])
    imbalance = np.array([order_imbalance(e) for e in events])
    p_up = 1.0 / (1.0 + np.exp(-PLANT["beta"] * signal * imbalance))
    label = (rng.random(n) < p_up).astype(int)
    return Sessions(events=list(events), label=label, p_up=p_up)
