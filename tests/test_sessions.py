"""Tests of helpers.sessions: the variable-length session generator and its planted label."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import sessions


def test_deterministic_per_seed_and_different_across_seeds():
    a, b, c = (
        sessions.make_sessions(200, seed=3),
        sessions.make_sessions(200, seed=3),
        sessions.make_sessions(200, seed=4),
    )
    assert all(np.array_equal(x, y) for x, y in zip(a.events, b.events, strict=True))
    assert np.array_equal(a.label, b.label) and np.array_equal(a.p_up, b.p_up)
    assert not np.array_equal(a.lengths, c.lengths)


def test_shapes_and_feature_ranges():
    s = sessions.make_sessions(500, seed=0)
    assert len(s) == 500 and s.label.shape == s.p_up.shape == (500,)
    assert all(
        e.shape == (n, len(sessions.FEATURES)) for e, n in zip(s.events, s.lengths, strict=True)
    )
    table = np.concatenate(s.events)
    assert set(np.unique(table[:, 2])) == {-1.0, 1.0}
    assert table[:, 1].min() >= 1 and np.all(table[:, 1] == np.round(table[:, 1]))
    assert abs(np.std(table[:, 0]) - sessions.PLANT["tick"]) < 0.005
    assert set(np.unique(s.label)) == {0, 1}


def test_lengths_are_long_tailed_and_bounded():
    lengths = sessions.make_sessions(5_000, seed=1).lengths
    assert (
        lengths.min() >= sessions.PLANT["min_length"]
        and lengths.max() <= sessions.PLANT["max_length"]
    )
    median, p95 = np.percentile(lengths, [50, 95])
    assert 20 <= median <= 28
    assert p95 > 2.2 * median and lengths.max() > 5 * median


def test_oracle_is_the_planted_probability_of_the_last_events():
    s = sessions.make_sessions(300, seed=2)
    imbalance = np.array([sessions.order_imbalance(e) for e in s.events])
    assert np.allclose(s.p_up, 1 / (1 + np.exp(-sessions.PLANT["beta"] * imbalance)))
    # Changing anything before the last events does not change the oracle.
    e = s.events[0].copy()
    e[: -int(sessions.PLANT["last"])] = 0.0
    e[: -int(sessions.PLANT["last"]), 1] = 1.0
    assert sessions.order_imbalance(e) == sessions.order_imbalance(s.events[0])


def test_labels_follow_the_oracle():
    s = sessions.make_sessions(20_000, seed=5)
    assert abs(s.label.mean() - s.p_up.mean()) < 0.02
    oracle_accuracy = np.mean((s.p_up > 0.5) == (s.label == 1))
    assert 0.75 < oracle_accuracy < 0.86


def test_take_and_summary():
    s = sessions.make_sessions(10, seed=0)
    part = s.take(np.array([3, 1]))
    assert np.array_equal(part.label, s.label[[3, 1]]) and part.events[0] is s.events[3]
    assert list(s.take(slice(0, 4)).summary().columns) == ["length", "imbalance", "p_up", "label"]


@pytest.mark.parametrize(
    ("n", "seed", "error"),
    [
        (0, 0, ValueError),
        (-5, 0, ValueError),
        (2.5, 0, TypeError),
        (True, 0, TypeError),
        (10, -1, ValueError),
        (10, 1.5, TypeError),
    ],
)
def test_bad_arguments_raise(n, seed, error):
    with pytest.raises(error, match="n_sessions|seed"):
        sessions.make_sessions(n, seed)


def test_order_imbalance_errors():
    with pytest.raises(ValueError, match="last"):
        sessions.order_imbalance(np.ones((3, 3)), last=0)
    with pytest.raises(ValueError, match="shape"):
        sessions.order_imbalance(np.ones((3, 2)))


def test_signal_scales_the_odds_and_one_leaves_the_sessions_unchanged():
    base = sessions.make_sessions(2_000, seed=5)
    same = sessions.make_sessions(2_000, seed=5, signal=1.0)
    assert np.array_equal(base.label, same.label) and np.array_equal(base.p_up, same.p_up)
    flat = sessions.make_sessions(2_000, seed=5, signal=0.0)
    assert np.all(flat.p_up == 0.5)
    weak = sessions.make_sessions(2_000, seed=5, signal=0.5)

    # the oracle's accuracy (the rule "up when p_up > 1/2") falls with the signal
    def oracle_hit(s):
        return np.mean((s.p_up > 0.5) == (s.label == 1))

    assert oracle_hit(base) > oracle_hit(weak) + 0.02
    with pytest.raises(ValueError, match="signal"):
        sessions.make_sessions(10, seed=0, signal=-1.0)
