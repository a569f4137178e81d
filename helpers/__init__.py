"""Shared, tested code for the book "Why is my LSTM's accuracy lower than expected?".

Modules, by topic:

- ``data``: the synthetic market with a known oracle, and its feature sets.
- ``windows``: (samples, lookback, features) windows and their targets.
- ``splits``: chronological splits with an embargo, walk-forward folds, and overlap checks.
- ``leakage``: look-ahead detection, as-of features, neighbour labels, the oracle check.
- ``scaling``: scikit-learn scalers for windows (per feature or one global), fit on training data
  only.
- ``baselines``: zero, naive-mean, persistence and ridge forecasts.
- ``metrics``: directional accuracy, RMSE, R^2, and the fraction of the oracle's edge.
- ``models`` and ``training``: Keras 3 LSTM builders and a seeded, quiet training loop
  (these two import TensorFlow).
- ``diagnostics``: what an LSTM sees: input scales, gate saturation, per-feature gradients
  (imports Keras).
- ``sessions``: variable-length intraday sessions with a label planted in their last events.
- ``sequences``: padding, truncation and bucketing of variable-length sequences, with clear errors.
- ``sequence_models``: a maskable LSTM classifier for them, timed per epoch (imports TensorFlow).
- ``skill``: skill scores against a reference forecast, and the lag profile of a forecast.
- ``reach``: a signal planted k steps back, and how far back an LSTM or a SimpleRNN reaches.
- ``tuning``: learning-rate sweeps, and grid search with shuffled k-fold or walk-forward folds.
- ``doctor``: one call that checks a pipeline for every pitfall of the book.
- ``pipelines``: every chapter's broken and fixed pipeline, by name (for the doctor and the
  scoreboard).
- ``plotting``: the figures the chapters share.
- ``plotting_sequences``, ``plotting_levels``, ``plotting_training``: the figures of chapters 4, 5
  and 6.

Import modules, not names: ``from helpers import data, splits``.
"""

__version__ = "0.1.0"
