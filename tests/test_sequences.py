"""Tests of helpers.sequences: padding, truncation, scaling and bucketing of variable-length
sequences.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import sequences


def _seqs(lengths, width=2, start=1.5):
    """Sequence i has steps whose values encode (i, step): start + 100 * i + step."""
    return [
        start + 100.0 * i + np.repeat(np.arange(n, dtype=float)[:, None], width, axis=1)
        for i, n in enumerate(lengths)
    ]


# --------------------------------------------------------------------------- pad / layout


@pytest.mark.parametrize("padding", ["pre", "post"])
@pytest.mark.parametrize("truncating", ["pre", "post"])
def test_pad_matches_keras(padding, truncating):
    keras = pytest.importorskip("keras")
    seqs = _seqs([1, 3, 5, 8])
    ours = sequences.pad(seqs, 4, padding=padding, truncating=truncating)
    theirs = keras.utils.pad_sequences(
        seqs, maxlen=4, padding=padding, truncating=truncating, dtype="float32"
    )
    assert ours.dtype == np.float32
    np.testing.assert_array_equal(ours, theirs)


@given(
    lengths=st.lists(st.integers(1, 30), min_size=1, max_size=8),
    maxlen=st.integers(1, 40),
    padding=st.sampled_from(["pre", "post"]),
    truncating=st.sampled_from(["pre", "post"]),
)
def test_pad_keeps_the_right_events(lengths, maxlen, padding, truncating):
    X = sequences.pad(_seqs(lengths, width=1), maxlen, padding=padding, truncating=truncating)
    slots = sequences.layout(lengths, maxlen, padding, truncating)
    assert X.shape == (len(lengths), maxlen, 1)
    for i, n in enumerate(lengths):
        kept = X[i, slots[i] >= 0, 0]
        expected = (
            1.5
            + 100 * i
            + (np.arange(n)[-maxlen:] if truncating == "pre" else np.arange(n)[:maxlen])
        )
        np.testing.assert_allclose(kept, expected)
        assert np.all(X[i, slots[i] < 0] == 0.0)
        # padding side: the real events are contiguous at the end (pre) or the start (post)
        real = np.flatnonzero(slots[i] >= 0)
        assert real[-1] == maxlen - 1 if padding == "pre" else real[0] == 0


def test_pad_value_and_integer_dtype_for_whole_numbers():
    X = sequences.pad([np.array([[1.0], [2.0]])], 4, value=-1.0, dtype="int32")
    assert X.dtype == np.int32 and X[0, :, 0].tolist() == [-1, -1, 1, 2]


def test_pad_refuses_the_lossy_int_cast():
    with pytest.raises(TypeError, match="float32"):
        sequences.pad([np.array([[0.4, 1.0]])], 3, dtype="int32")


@pytest.mark.parametrize("dtype", ["bool", "U3", "complex64"])
def test_pad_refuses_other_dtypes(dtype):
    with pytest.raises(TypeError, match="dtype"):
        sequences.pad([np.ones((2, 1))], 3, dtype=dtype)


@pytest.mark.parametrize("maxlen", [0, -3])
def test_maxlen_must_be_positive(maxlen):
    with pytest.raises(ValueError, match="maxlen must be a positive int"):
        sequences.pad([np.ones((2, 1))], maxlen)


def test_maxlen_must_be_an_int():
    with pytest.raises(TypeError, match="maxlen must be an int"):
        sequences.pad([np.ones((2, 1))], 2.5)


def test_empty_inputs_are_refused():
    with pytest.raises(ValueError, match="no sequences"):
        sequences.pad([], 3)
    with pytest.raises(ValueError, match="sequence 1 is empty"):
        sequences.pad([np.ones((2, 1)), np.ones((0, 1))], 3)


def test_ragged_feature_widths_are_refused():
    with pytest.raises(ValueError, match="sequence 2 has 3 features but sequence 0 has 2"):
        sequences.pad([np.ones((2, 2)), np.ones((1, 2)), np.ones((4, 3))], 3)


def test_bad_shapes_and_types_are_refused():
    with pytest.raises(ValueError, match="2-D"):
        sequences.check_sequences([np.ones(3)])
    with pytest.raises(TypeError, match="list of 2-D arrays"):
        sequences.check_sequences(np.ones((2, 3, 1)))
    with pytest.raises(TypeError, match="numbers"):
        sequences.check_sequences([np.array([["a"]])])
    with pytest.raises(ValueError, match=r"padding must be one of \('pre', 'post'\)"):
        sequences.pad([np.ones((2, 1))], 3, padding="end")


# --------------------------------------------------------------------------- scaling, percentiles


def test_fit_scaler_and_standardize():
    seqs = [np.array([[1.0, 10.0], [3.0, 30.0]]), np.array([[5.0, 50.0]])]
    mean, sd = sequences.fit_scaler(seqs)
    np.testing.assert_allclose(mean, [3.0, 30.0])
    z = np.concatenate(sequences.standardize(seqs, mean, sd))
    np.testing.assert_allclose(z.mean(axis=0), 0.0, atol=1e-6)
    np.testing.assert_allclose(z.std(axis=0), 1.0, atol=1e-6)
    with pytest.raises(ValueError, match="constant"):
        sequences.fit_scaler([np.ones((3, 1))])
    with pytest.raises(ValueError, match="shape"):
        sequences.standardize(seqs, mean[:1], sd)


def test_maxlen_at():
    assert sequences.maxlen_at(np.arange(1, 101), 95) == 96
    for bad in ([], [0, 3]):
        with pytest.raises(ValueError):
            sequences.maxlen_at(bad, 50)
    with pytest.raises(ValueError, match="percentile"):
        sequences.maxlen_at([1, 2], 0)


# --------------------------------------------------------------------------- bucketing


@given(
    lengths=st.lists(st.integers(1, 50), min_size=1, max_size=60),
    batch_size=st.integers(1, 16),
    seed=st.integers(0, 99),
)
def test_length_batches_cover_everything_once_and_group_similar_lengths(lengths, batch_size, seed):
    batches = sequences.length_batches(lengths, batch_size, seed)
    assert sorted(np.concatenate(batches).tolist()) == list(range(len(lengths)))
    assert all(1 <= len(b) <= batch_size for b in batches)
    lengths = np.asarray(lengths)
    ranges = sorted((lengths[b].min(), lengths[b].max()) for b in batches)
    assert all(hi <= lo2 for (_, hi), (lo2, _) in pairwise(ranges))  # batches do not interleave


def test_length_batches_are_deterministic_and_validate():
    assert [b.tolist() for b in sequences.length_batches([3, 1, 2, 5], 2, 7)] == [
        b.tolist() for b in sequences.length_batches([3, 1, 2, 5], 2, 7)
    ]
    with pytest.raises(ValueError, match="batch_size"):
        sequences.length_batches([1, 2], 0, 0)
    with pytest.raises(ValueError, match="non-empty"):
        sequences.length_batches([], 2, 0)


def test_batch_stream_pads_each_batch_to_its_longest_and_truncates_from_the_front():
    seqs = _seqs([2, 9, 3, 8], width=1)
    stream = sequences.batch_stream(seqs, np.arange(4), batch_size=2, seed=0, maxlen=6)
    widths = sorted(next(stream)[0].shape[1] for _ in range(2))
    assert widths == [3, 6]
    for _ in range(4):
        X, y = next(stream)
        for row, i in zip(X, y, strict=True):
            n = min(len(seqs[i]), X.shape[1])
            np.testing.assert_allclose(row[-n:, 0], seqs[i][-n:, 0])
    with pytest.raises(ValueError, match="y has 3 values"):
        next(sequences.batch_stream(seqs, np.arange(3), 2, 0))
