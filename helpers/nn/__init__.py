"""The neural-network half of :mod:`helpers`: everything here imports TensorFlow.

Importing any module of this subpackage imports Keras 3 and TensorFlow (several seconds), which
is why they live apart from the rest of :mod:`helpers`, which imports neither (``pipelines``
aside). This file itself imports nothing, so ``from helpers.nn import models, training`` loads
only what it names.

- ``models``: Keras 3 LSTM and SimpleRNN builders.
- ``training``: seeded, quiet training with early stopping on a validation period; the weights of
  every epoch.
- ``diagnostics``: what an LSTM sees: input scales, gate saturation, per-feature and per-timestep
  gradients.
- ``sequence_models``: a maskable LSTM classifier for variable-length sequences, timed per epoch.
- ``reach``: a signal planted k steps back, and how far back an LSTM or a SimpleRNN reaches.
- ``tuning``: fixed-epoch training, activation sweeps, and grid search with given folds.
"""
