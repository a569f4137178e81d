"""Tests of helpers.nn.sequence_models: the maskable LSTM classifier, bucketed training, final
states (these import TensorFlow).
"""

from __future__ import annotations

import numpy as np
import pytest

from helpers import sequences


def test_classifier_trains_masks_and_times_itself():
    pytest.importorskip("tensorflow")
    from helpers.nn import sequence_models

    rng = np.random.default_rng(0)
    seqs = [rng.normal(size=(n, 2)).astype(np.float32) for n in rng.integers(3, 12, 64)]
    y = np.array([float(s[-1, 0] > 0) for s in seqs])
    X = sequences.pad(seqs, 12, padding="post")
    fitted = sequence_models.fit_classifier(X, y, X, y, seed=0, mask=True, epochs=2, batch_size=32)
    assert len(fitted.epoch_seconds) == 2 and fitted.seconds_per_epoch > 0
    p = fitted.predict_proba(X)
    assert p.shape == (64,) and np.all((p >= 0) & (p <= 1))
    # With the mask, trailing zeros change nothing.
    longer = np.concatenate([X, np.zeros((64, 5, 2), np.float32)], axis=1)
    np.testing.assert_allclose(fitted.predict_proba(longer), p, atol=1e-5)
    states, outputs = sequence_models.final_states(fitted.model, X)
    assert states.shape == (64, 16)
    np.testing.assert_allclose(outputs, p, atol=1e-5)
    again = sequence_models.fit_classifier(X, y, X, y, seed=0, mask=True, epochs=2, batch_size=32)
    assert again.history["loss"] == fitted.history["loss"]
    bucketed = sequence_models.fit_bucketed(seqs, y, X, y, seed=0, epochs=1, batch_size=32)
    assert bucketed.predict_proba(X).shape == (64,)
    with pytest.raises(TypeError, match="float32"):
        sequence_models.fit_classifier(X.astype(np.int32), y, X, y, seed=0)
    with pytest.raises(ValueError, match="units"):
        sequence_models.build_classifier(2, units=0)
