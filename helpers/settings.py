"""Every chapter's constants, declared once: data sizes, training recipes and the registry's "small"
sizes.

Each chapter's parameters cell (the cell tagged ``parameters``) is the reader's control panel: it
keeps its literal values, and ``tests/test_settings.py`` checks that every one of them equals the
field of the same name, in lowercase, of that chapter's settings here (``N_TRAIN`` is
``CH1.n_train``). :mod:`helpers.pipelines` rebuilds every chapter's pipelines from these values,
and the chapters build their settings from their parameters, so a reader's edit flows through::

    S = settings.CH3.replace(lookback=LOOKBACK, n_train=N_TRAIN, n_val=N_VAL, n_test=N_TEST, ...)

Every class is a frozen dataclass whose fields are validated on creation (:mod:`helpers.validate`),
with :meth:`Settings.replace` for a changed copy. No TensorFlow here.

>>> CH1.n_days  # 16,000 + 2,000 + 9,000 windows, and room for the windows and two gaps
27030
>>> CH1.replace(n_train=100).n_train, CH1.n_train
(100, 16000)
>>> SOUND.kwargs()["batch_size"], SOUND.kwargs()["learning_rate"]
(256, 0.003)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Self

from . import validate

__all__ = [
    "Settings",
    "Daily",
    "Direction",
    "Trending",
    "Weekly",
    "Sessions",
    "Training",
    "Recipe",
    "Thin",
    "Prices",
    "CH1",
    "CH2",
    "CH3",
    "CH4",
    "CH5",
    "CH6",
    "CH7",
    "CH8",
    "CHAPTERS",
    "SOUND",
    "ARTICLE",
    "CH2_CLASSIFIER",
    "CH4_RECIPE",
    "CH7_RELU",
    "CH7_NO_EARLY_STOPPING",
    "SMALL",
    "SMALL_CH4",
    "SMALL_CH5",
]


@dataclass(frozen=True)
class Settings:
    """The base of every settings class: frozen, checked on creation, copied with
    :meth:`replace`.
    """

    def __post_init__(self) -> None:
        self._check()

    def _check(self) -> None:
        """Validate the fields (subclasses extend it); raise ``TypeError`` / ``ValueError``."""

    def replace(self, **changes: Any) -> Self:
        """A copy with ``changes`` applied (and checked), like :func:`dataclasses.replace`.

        >>> CH5.replace(epochs=1).epochs
        1
        >>> CH5.replace(epochs=0)
        Traceback (most recent call last):
        ...
        ValueError: epochs must be a positive int, got 0.
        >>> CH5.replace(lookback=5)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        TypeError: Sessions has no field 'lookback'; its fields: n_train, n_val, n_test, ...
        """
        names = [f.name for f in dataclasses.fields(self)]
        unknown = [name for name in changes if name not in names]
        if unknown:
            raise TypeError(
                f"{type(self).__name__} has no field {unknown[0]!r}; its fields: "
                f"{', '.join(names)}."
            )
        return dataclasses.replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        """The fields as a plain dict, in declaration order."""
        return dataclasses.asdict(self)


def _signal() -> Any:
    """The ``signal`` field every market's settings share: keyword-only, default 1 (the book's
    market), so that subclasses can add fields without defaults after it."""
    return dataclasses.field(default=1.0, kw_only=True)


def _check_signal(settings: Settings) -> None:
    value = validate.non_negative_number(settings.signal, "signal", hint="1 is the book's market")
    object.__setattr__(settings, "signal", float(value))


def _positive(settings: Settings, *names: str) -> None:
    for name in names:
        value = validate.positive_int(getattr(settings, name), name)
        object.__setattr__(settings, name, value)  # a NumPy integer becomes an int


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Daily(Settings):
    """A daily market cut into ``lookback``-day windows and split in time order (chapters 1, 6).

    ``n_train``, ``n_val`` and ``n_test`` are numbers of windows; :attr:`n_days` is the market's
    length: the three periods plus room for the first window and two gaps of ``lookback``
    windows (the split keeps one training window more than ``n_train``: chapter 1's 16,001).
    ``signal`` scales the planted mean (``data.make_market``): 1 is the book's market, whose
    oracle is right on about 73% of days; 0.35 brings that near 60%.
    """

    lookback: int
    n_train: int
    n_val: int
    n_test: int
    signal: float = _signal()

    def _check(self) -> None:
        super()._check()
        _positive(self, "lookback", "n_train", "n_val", "n_test")
        _check_signal(self)

    @property
    def n_days(self) -> int:
        """Days of market to simulate: ``n_train + n_val + n_test + 3 * lookback``.

        >>> Daily(lookback=10, n_train=100, n_val=20, n_test=50).n_days
        200
        """
        return self.n_train + self.n_val + self.n_test + 3 * self.lookback


@dataclass(frozen=True)
class Direction(Daily):
    """Chapter 2: chapter 1's daily windows, scored as a direction (up or down). ``epochs`` caps
    every model's training (early stopping ends it first); ``drift`` is the daily log drift of
    the imbalanced market (``data.make_market(drift=)``: 0.0015 makes about 55% of days up);
    ``cost`` is the transaction cost per unit traded, as a share of the position (0.0005: 5
    basis points), when each forecast's sign is traded.
    """

    epochs: int
    drift: float
    cost: float

    def _check(self) -> None:
        super()._check()
        _positive(self, "epochs")
        object.__setattr__(self, "drift", validate.daily_drift(self.drift))
        object.__setattr__(self, "cost", validate.non_negative_number(self.cost, "cost"))


@dataclass(frozen=True)
class Trending(Daily):
    """Chapter 3: chapter 1's market with an upward ``drift`` and one crash day mid-training, and
    the training budget of every variant (``epochs``, a cap that early stopping keeps them below).
    """

    epochs: int
    drift: float

    def _check(self) -> None:
        super()._check()
        _positive(self, "epochs")
        object.__setattr__(self, "drift", validate.non_negative_number(self.drift, "drift"))

    @property
    def crash_day(self) -> int:
        """The row of the crash day: the middle of the training period (``n_train // 2``)."""
        return self.n_train // 2


@dataclass(frozen=True)
class Weekly(Settings):
    """Chapter 4: windows whose target is the return of the next ``horizon`` days.

    The developer holds ``n_dev`` windows (of which ``n_val`` for validation and ``n_test`` for
    test); after a gap of :attr:`gap` windows come ``n_future`` windows of the true future,
    used only to score. ``n_rules`` random trading rules are tried in the chapter's leak 4;
    ``epochs`` bounds every LSTM's training; ``signal`` scales the planted mean as in
    :class:`Daily`.
    """

    lookback: int
    horizon: int
    n_dev: int
    n_val: int
    n_test: int
    n_future: int
    n_rules: int
    epochs: int
    signal: float = _signal()

    def _check(self) -> None:
        super()._check()
        _check_signal(self)
        _positive(
            self, "lookback", "horizon", "n_dev", "n_val", "n_test", "n_future", "n_rules", "epochs"
        )
        if self.n_val + self.n_test + 2 * self.gap >= self.n_dev:
            raise ValueError(
                f"n_dev={self.n_dev} windows cannot hold n_val={self.n_val}, n_test={self.n_test} "
                f"and two gaps of {self.gap}: raise n_dev or lower n_val and n_test."
            )

    @property
    def gap(self) -> int:
        """The gap between periods, in windows: ``lookback + horizon - 1``.

        A conservative choice: after it the periods share no day at all. Only
        ``horizon - 1`` windows (``splits.purge_gap``) are needed to stop targets overlapping
        (purging); sharing feature days is no leak in a forward split.

        >>> CH4.gap
        14
        """
        return self.lookback + self.horizon - 1

    @property
    def n_days(self) -> int:
        """Days of market to simulate: every window of the developer and of the future, the
        gap, the first window's days and the last target's days.

        >>> CH4.n_days
        15027
        """
        return self.n_dev + self.gap + self.n_future + self.lookback + self.horizon - 2


@dataclass(frozen=True)
class Sessions(Settings):
    """Chapter 5: independent intraday sessions of variable length, classified by an LSTM.

    ``n_train``, ``n_val`` and ``n_test`` are numbers of sessions; ``small_maxlen`` is a
    ``maxlen`` below the median length, for the chapter's one-cause comparison of ``maxlen`` under
    the article's post truncation (its baseline uses the 95th percentile); every classifier
    trains for ``epochs`` at ``batch_size``.
    ``signal`` scales how strongly the planted imbalance sets the odds (``sessions.make_sessions``).
    """

    n_train: int
    n_val: int
    n_test: int
    small_maxlen: int
    epochs: int
    batch_size: int
    signal: float = _signal()

    def _check(self) -> None:
        super()._check()
        _check_signal(self)
        _positive(self, "n_train", "n_val", "n_test", "small_maxlen", "epochs", "batch_size")

    @property
    def n_sessions(self) -> int:
        """Sessions to simulate: ``n_train + n_val + n_test``."""
        return self.n_train + self.n_val + self.n_test


@dataclass(frozen=True)
class Training(Daily):
    """Chapter 7: chapter 1's daily windows, plus the longer windows of its activation sweep.

    The sweep trains on the last ``relu_n_train`` training windows of a ``relu_lookback``-day
    split of the same market (validated on ``relu_n_val`` windows, scaled on its whole training
    period): the run the registry calls ``ch7_relu``.
    """

    relu_lookback: int
    relu_n_train: int
    relu_n_val: int

    def _check(self) -> None:
        super()._check()
        _positive(self, "relu_lookback", "relu_n_train", "relu_n_val")

    @property
    def relu(self) -> Daily:
        """The sweep's long-window data: this market, ``relu_lookback``-day windows,
        ``relu_n_val`` validation windows, the same test period.

        >>> CH7.relu.lookback, CH7.relu.n_val, CH7.relu.n_test
        (60, 500, 6000)
        """
        return Daily(
            lookback=self.relu_lookback,
            n_train=self.n_train,
            n_val=self.relu_n_val,
            n_test=self.n_test,
            signal=self.signal,
        )


# --------------------------------------------------------------------------- training


@dataclass(frozen=True)
class Recipe(Settings):
    """How a model is trained: the keyword arguments of ``helpers.nn.training.train``.

    The defaults are those of ``training.train`` and ``models.build_lstm`` (a test checks that
    they stay equal), so a recipe names only what it changes. :meth:`kwargs` gives every field,
    for ``training.train(X_train, y_train, X_val, y_val, seed=seed, **recipe.kwargs())``.
    """

    epochs: int = 60
    batch_size: int = 64
    learning_rate: float = 1e-3
    patience: int = 6
    early_stopping: bool = True
    units: int = 32
    activation: str = "tanh"
    dropout: float = 0.0
    loss: str = "huber"
    clipnorm: float | None = 1.0
    scale_target: bool = True
    output_activation: str | None = None

    def _check(self) -> None:
        super()._check()
        _positive(self, "epochs", "batch_size", "patience", "units")
        if not isinstance(self.scale_target, bool):
            raise TypeError(f"scale_target must be a bool, got {type(self.scale_target).__name__}.")
        if self.output_activation is not None:
            validate.one_of(
                self.output_activation, ("sigmoid", "softmax", "linear"), "output_activation"
            )
        lr = validate.positive_number(self.learning_rate, "learning_rate")
        object.__setattr__(self, "learning_rate", lr)
        if not isinstance(self.early_stopping, bool):
            raise TypeError(
                f"early_stopping must be a bool, got {type(self.early_stopping).__name__}."
            )
        validate.one_of(self.activation, ("tanh", "relu", "sigmoid", "linear"), "activation")
        dropout = validate.non_negative_number(self.dropout, "dropout")
        if dropout >= 1.0:
            raise ValueError(f"dropout must lie in [0, 1), got {dropout}.")
        if self.clipnorm is not None:
            validate.positive_number(self.clipnorm, "clipnorm", hint="or None: no clipping")

    def kwargs(self) -> dict[str, Any]:
        """Every field, as keyword arguments of ``training.train``.

        >>> sorted(CH4_RECIPE.kwargs().items())[:4]
        [('activation', 'tanh'), ('batch_size', 128), ('clipnorm', 1.0), ('dropout', 0.0)]
        """
        return self.as_dict()


@dataclass(frozen=True)
class Thin(Settings):
    """The registry's "small" size: how many windows of each period to keep, evenly spread (None:
    all of them), and the training budget of a small run.

    ``epochs`` replaces every model's budget except where the number of epochs is the pitfall or
    the recipe (chapter 7's fixed-epoch runs, the article's 10 epochs); the article then trains
    on ``article_n_train`` windows, so that its batches of 32 stay quick.
    """

    n_train: int | None = None
    n_val: int | None = None
    n_test: int | None = None
    n_future: int | None = None
    epochs: int = 1
    article_n_train: int = 320

    def _check(self) -> None:
        super()._check()
        for name in ("n_train", "n_val", "n_test", "n_future"):
            if getattr(self, name) is not None:
                _positive(self, name)
        _positive(self, "epochs", "article_n_train")


@dataclass(frozen=True)
class Prices(Settings):
    """A real daily price series cut into windows and split in time order (chapter 8 and the
    your-own-data notebook).

    ``val`` and ``test`` are fractions of the windows (the last ``test`` of them are the test
    period, the ``val`` before them the validation period, with the split's gap before each); as
    fractions they suit a series of any length. ``horizon`` is the days the target spans (1: the
    next day's log return). ``overlap_horizon`` is the multi-day target of the shuffled-split
    pitfall, and ``folds`` the number of walk-forward folds over the whole series.
    """

    lookback: int = 20
    horizon: int = 1
    val: float = 0.1
    test: float = 0.2
    overlap_horizon: int = 5
    folds: int = 4

    def _check(self) -> None:
        super()._check()
        _positive(self, "lookback", "horizon", "overlap_horizon")
        folds = validate.integer(self.folds, "folds", low=2)
        object.__setattr__(self, "folds", folds)
        for name in ("val", "test"):
            value = validate.positive_number(getattr(self, name), name, hint="a fraction")
            if not value < 1:
                raise ValueError(f"{name} is a fraction of the windows in (0, 1), got {value}.")
            object.__setattr__(self, name, float(value))
        if self.val + self.test >= 0.9:
            raise ValueError(
                f"val + test = {self.val + self.test:.2f} leaves under a tenth of the windows for "
                "training: pass smaller fractions."
            )
        if self.overlap_horizon < 2:
            raise ValueError(
                "overlap_horizon must be at least 2: a one-day target has no overlap to leak."
            )


# --------------------------------------------------------------------------- the chapters

#: Chapter 1, "Meet the market": the market, its windows, the split, the sound LSTM.
CH1 = Daily(lookback=10, n_train=16_000, n_val=2_000, n_test=9_000)

#: Chapter 2, "Which accuracy?": chapter 1's windows, half its training period; the imbalanced
#: market's drift and the cost of trading a forecast's sign.
CH2 = Direction(
    lookback=10, n_train=8_000, n_val=2_000, n_test=8_000, epochs=100, drift=0.0015, cost=0.0005
)

#: Chapter 3, "Unscaled features": chapter 1's sizes, a trending market with a crash day.
CH3 = Trending(lookback=10, n_train=16_000, n_val=2_000, n_test=9_000, epochs=200, drift=0.0003)

#: Chapter 4, "Leaky splits": weekly targets, a developer's period and a true future.
CH4 = Weekly(
    lookback=10,
    horizon=5,
    n_dev=9_000,
    n_val=900,
    n_test=2_400,
    n_future=6_000,
    n_rules=10_000,
    epochs=60,
)

#: Chapter 5, "Bad maxlen": variable-length sessions.
CH5 = Sessions(n_train=3_000, n_val=400, n_test=5_000, small_maxlen=20, epochs=4, batch_size=128)

#: Chapter 6, "The persistence illusion": half of chapter 1's training period.
CH6 = Daily(lookback=10, n_train=8_000, n_val=2_000, n_test=5_000)

#: Chapter 7, "Training pitfalls": a smaller training period, and the activation sweep's windows.
CH7 = Training(
    lookback=10,
    n_train=4_000,
    n_val=1_000,
    n_test=6_000,
    relu_lookback=60,
    relu_n_train=1_000,
    relu_n_val=500,
)

#: Chapter 8, "The real market": the S&P 500's days, 20-day windows, the last fifth as the test
#: period, a weekly target for the shuffled split.
CH8 = Prices()

#: Every chapter's settings, by chapter number.
CHAPTERS: dict[int, Settings] = {
    1: CH1,
    2: CH2,
    3: CH3,
    4: CH4,
    5: CH5,
    6: CH6,
    7: CH7,
    8: CH8,
}

#: Chapter 1's sound LSTM (tanh, Huber on a standardised target, clipping, early stopping), used
#: again by chapters 3, 6 and 7.
SOUND = Recipe(batch_size=256, learning_rate=3e-3)

#: The article's Example 3 (``models.build_article_lstm``): LSTM(50, relu), Adam's default 1e-3,
#: MSE, no clipping, 10 epochs at batch 32, no early stopping.
ARTICLE = Recipe(
    epochs=10,
    batch_size=32,
    early_stopping=False,
    units=50,
    activation="relu",
    loss="mse",
    clipnorm=None,
    scale_target=False,  # the article fits the raw target
)

#: Chapter 2's up/down classifier: chapter 1's sound LSTM with a sigmoid output unit, binary
#: cross-entropy on 0/1 labels (no target scaling), at most ``CH2.epochs``.
CH2_CLASSIFIER = SOUND.replace(
    epochs=CH2.epochs, loss="binary_crossentropy", output_activation="sigmoid", scale_target=False
)

#: Chapter 4's LSTM: wider and faster-learning, patient early stopping, at most ``CH4.epochs``.
CH4_RECIPE = Recipe(units=64, learning_rate=1e-2, batch_size=128, patience=8, epochs=CH4.epochs)

#: Chapter 7's activation sweep, the run that overflows: LSTM(16, relu), MSE, no clipping,
#: learning rate 0.3, a fixed 4 epochs (``tuning.activation_sweep``'s budget) at batch 256.
CH7_RELU = Recipe(
    epochs=4,
    batch_size=256,
    learning_rate=0.3,
    early_stopping=False,
    units=16,
    activation="relu",
    loss="mse",
    clipnorm=None,
)

#: Chapter 7's learning-rate run that overshoots: lr 0.03 for a fixed 12 epochs at batch 256
#: (``tuning.fit_fixed``), keeping the last weights.
CH7_NO_EARLY_STOPPING = Recipe(epochs=12, batch_size=256, learning_rate=0.03, early_stopping=False)

# --------------------------------------------------------------------------- the registry's "small"

#: Chapters 1, 3, 6 and 7 at small size: a few thousand windows of each period.
SMALL = Thin(n_train=1_000, n_val=250, n_test=2_000)

#: Chapter 4 at small size: the developer's periods and the true future thinned.
SMALL_CH4 = Thin(n_train=1_000, n_val=250, n_test=1_000, n_future=1_500)

#: Chapter 5 at small size: fewer sessions (simulated, not thinned), one epoch.
SMALL_CH5 = CH5.replace(n_train=500, n_val=100, n_test=600, epochs=1)
