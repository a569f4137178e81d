"""Padding, truncating and bucketing variable-length sequences, with errors instead of silent
damage.

A *sequence* here is a 2-D array ``(n_steps, n_features)``; a set of them is a
list. :func:`pad` does what ``keras.utils.pad_sequences`` does, in NumPy, but
defaults to ``float32`` and refuses to cast non-integer features to an integer
dtype (Keras' default ``dtype='int32'`` silently truncates them towards zero).
:func:`length_batches` groups sequences of similar length, so that each batch
can be padded only to its own longest member.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from . import validate

__all__ = [
    "check_sequences",
    "fit_scaler",
    "standardize",
    "maxlen_at",
    "pad",
    "layout",
    "length_batches",
    "batch_stream",
]

_SIDES = ("pre", "post")


def check_sequences(sequences: Sequence[np.ndarray]) -> int:
    """Validate a list of 2-D sequences and return their common number of features.

    >>> check_sequences([np.zeros((3, 2)), np.ones((1, 2))])
    2
    >>> check_sequences([np.zeros((3, 2)), np.ones((1, 4))])
    Traceback (most recent call last):
    ...
    ValueError: sequence 1 has 4 features but sequence 0 has 2: every step needs the same features.
    """
    if isinstance(sequences, np.ndarray) and sequences.dtype != object:
        raise TypeError("pass a list of 2-D arrays (one per sequence), not one stacked array.")
    if len(sequences) == 0:
        raise ValueError("no sequences: pass at least one.")
    width = None
    for i, seq in enumerate(sequences):
        arr = np.asarray(seq)
        if arr.ndim != 2:
            raise ValueError(f"sequence {i} must be 2-D (steps, features), got shape {arr.shape}.")
        if arr.shape[0] == 0:
            raise ValueError(f"sequence {i} is empty: drop it, or give it at least one step.")
        if not np.issubdtype(arr.dtype, np.number):
            raise TypeError(f"sequence {i} has dtype {arr.dtype}; convert it to numbers first.")
        if width is None:
            width = arr.shape[1]
        elif arr.shape[1] != width:
            raise ValueError(
                f"sequence {i} has {arr.shape[1]} features but sequence 0 has {width}: "
                "every step needs the same features."
            )
    return int(width)


def fit_scaler(sequences: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Mean and standard deviation of each feature over all steps of all ``sequences`` (fit on
    training only).

    >>> fit_scaler([np.array([[0.0], [2.0]]), np.array([[4.0]])])
    (array([2.]), array([1.63299316]))
    """
    check_sequences(sequences)
    steps = np.concatenate([np.asarray(s, dtype=float) for s in sequences])
    sd = steps.std(axis=0)
    if np.any(sd == 0):
        raise ValueError(
            f"feature(s) {np.flatnonzero(sd == 0).tolist()} are constant: they cannot be "
            "standardised."
        )
    return steps.mean(axis=0), sd


def standardize(
    sequences: Sequence[np.ndarray], mean: np.ndarray, sd: np.ndarray
) -> list[np.ndarray]:
    """``(x - mean) / sd`` for every step of every sequence, as float32.

    >>> standardize([np.array([[1.0], [3.0]])], np.array([2.0]), np.array([1.0]))[0].ravel()
    array([-1.,  1.], dtype=float32)
    """
    width = check_sequences(sequences)
    mean, sd = np.asarray(mean, dtype=float), np.asarray(sd, dtype=float)
    if mean.shape != (width,) or sd.shape != (width,):
        raise ValueError(f"mean and sd need shape ({width},), got {mean.shape} and {sd.shape}.")
    return [((np.asarray(s, dtype=float) - mean) / sd).astype(np.float32) for s in sequences]


def maxlen_at(lengths: Sequence[int] | np.ndarray, percentile: float) -> int:
    """The ``percentile``-th percentile of ``lengths``, rounded up: a ``maxlen`` that keeps that
    share whole.

    >>> maxlen_at([10, 20, 30, 40, 100], 50)
    30
    >>> maxlen_at([10, 20, 30, 40, 100], 100)
    100
    """
    lengths = np.asarray(lengths)
    if lengths.ndim != 1 or lengths.size == 0:
        raise ValueError("lengths must be a non-empty 1-D array of sequence lengths.")
    if np.any(lengths < 1):
        raise ValueError("every length must be >= 1.")
    if not 0 < percentile <= 100:
        raise ValueError(f"percentile must lie in (0, 100], got {percentile}.")
    return int(np.ceil(np.percentile(lengths, percentile)))


def layout(
    lengths: Sequence[int] | np.ndarray, maxlen: int, padding: str = "pre", truncating: str = "pre"
) -> np.ndarray:
    """Which event of each sequence lands in each of the ``maxlen`` slots; -1 marks padding.

    >>> layout([2, 5], maxlen=3, padding="post", truncating="post")
    array([[ 0,  1, -1],
           [ 0,  1,  2]])
    >>> layout([2, 5], maxlen=3)
    array([[-1,  0,  1],
           [ 2,  3,  4]])
    """
    maxlen = validate.positive_int(maxlen, "maxlen")
    validate.one_of(padding, _SIDES, "padding")
    validate.one_of(truncating, _SIDES, "truncating")
    lengths = np.asarray(lengths, dtype=int)
    out = np.full((len(lengths), maxlen), -1, dtype=int)
    for row, n in enumerate(lengths):
        if n < 1:
            raise ValueError(f"sequence {row} is empty: drop it, or give it at least one step.")
        idx = np.arange(n)
        idx = idx[-maxlen:] if truncating == "pre" else idx[:maxlen]
        if padding == "pre":
            out[row, maxlen - len(idx) :] = idx
        else:
            out[row, : len(idx)] = idx
    return out


def pad(
    sequences: Sequence[np.ndarray],
    maxlen: int,
    *,
    padding: str = "pre",
    truncating: str = "pre",
    dtype: str | np.dtype = "float32",
    value: float = 0.0,
) -> np.ndarray:
    """Pad and truncate sequences to ``(n, maxlen, n_features)``, like
    ``keras.utils.pad_sequences``.

    The defaults keep the *most recent* ``maxlen`` steps and put the padding
    *before* them, so an LSTM reads the real events last. Unlike Keras, the
    default dtype is ``float32``, and an integer ``dtype`` is refused when the
    values are not whole numbers.

    >>> seqs = [np.array([[1.5], [2.5]]), np.array([[1.0], [2.0], [3.0], [4.0]])]
    >>> pad(seqs, 3)[:, :, 0]
    array([[0. , 1.5, 2.5],
           [2. , 3. , 4. ]], dtype=float32)
    >>> pad(seqs, 3, dtype="int32")
    Traceback (most recent call last):
    ...
    TypeError: dtype int32 would truncate non-integer values (e.g. 1.5 -> 1); use dtype='float32'.
    """
    width = check_sequences(sequences)
    maxlen = validate.positive_int(maxlen, "maxlen")
    dtype = np.dtype(dtype)
    if np.issubdtype(dtype, np.integer):
        for seq in sequences:
            arr = np.asarray(seq)
            bad = arr[arr != np.round(arr)] if np.issubdtype(arr.dtype, np.floating) else arr[:0]
            if bad.size:
                raise TypeError(
                    f"dtype {dtype} would truncate non-integer values (e.g. {bad[0]} -> "
                    f"{int(bad[0])}); use dtype='float32'."
                )
    elif not np.issubdtype(dtype, np.floating):
        raise TypeError(
            f"dtype must be a float (or, for whole numbers, an int) dtype, got {dtype}."
        )
    slots = layout([len(s) for s in sequences], maxlen, padding, truncating)
    out = np.full((len(sequences), maxlen, width), value, dtype=dtype)
    for row, seq in enumerate(sequences):
        keep = slots[row] >= 0
        out[row, keep] = np.asarray(seq)[slots[row, keep]]
    return out


def length_batches(
    lengths: Sequence[int] | np.ndarray, batch_size: int, seed: int
) -> list[np.ndarray]:
    """Indices of batches of sequences of similar length, the batches in a random order.

    Sequences are sorted by length (ties broken at random), cut into batches of
    ``batch_size``, and the batches shuffled, so that each batch can be padded
    only to its own longest member.

    >>> sorted(sorted(b.tolist()) for b in length_batches([5, 1, 4, 2], batch_size=2, seed=0))
    [[0, 2], [1, 3]]
    """
    lengths = np.asarray(lengths)
    if lengths.ndim != 1 or lengths.size == 0:
        raise ValueError("lengths must be a non-empty 1-D array of sequence lengths.")
    validate.positive_int(batch_size, "batch_size", hint="sequences per batch")
    rng = np.random.default_rng(seed)
    order = np.lexsort((rng.random(lengths.size), lengths))
    batches = [order[i : i + batch_size] for i in range(0, lengths.size, batch_size)]
    return [batches[i] for i in rng.permutation(len(batches))]


def batch_stream(
    sequences: Sequence[np.ndarray],
    y: np.ndarray,
    batch_size: int,
    seed: int,
    maxlen: int | None = None,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Endless ``(X, y)`` batches of similar-length sequences, each pre-padded to its own longest
    one.

    Sequences longer than ``maxlen`` (if given) keep their last ``maxlen``
    steps. Each pass over the data reshuffles the batches. Wrap it in
    ``tf.data.Dataset.from_generator`` and pass ``steps_per_epoch`` to ``fit``.

    >>> seqs = [np.ones((1, 1)), np.ones((3, 1))]
    >>> stream = batch_stream(seqs, np.array([0, 1]), batch_size=2, seed=0)
    >>> X, y = next(stream)
    >>> X.shape, y.tolist()
    ((2, 3, 1), [0, 1])
    """
    check_sequences(sequences)
    y = np.asarray(y)
    if y.shape[0] != len(sequences):
        raise ValueError(f"y has {y.shape[0]} values but there are {len(sequences)} sequences.")
    lengths = np.array([len(s) for s in sequences])
    if maxlen is not None:
        lengths = np.minimum(lengths, validate.positive_int(maxlen, "maxlen"))
    epoch = 0
    while True:
        for idx in length_batches(lengths, batch_size, seed=seed + epoch):
            yield pad([sequences[i] for i in idx], int(lengths[idx].max())), y[idx]
        epoch += 1
