"""Shared, tested code for the book "Why is my LSTM's accuracy lower than expected?".

Modules, by topic:

- ``data``: the synthetic market with a known oracle, and its feature sets.
- ``windows``: (samples, lookback, features) windows and their targets.
- ``splits``: chronological splits with an embargo, and overlap checks.
- ``scaling``: scikit-learn scalers for windows, fit on training data only.
- ``baselines``: zero, naive-mean, persistence and ridge forecasts.
- ``metrics``: directional accuracy, RMSE, R^2, and the fraction of the oracle's edge.
- ``models`` and ``training``: Keras 3 LSTM builders and a seeded, quiet training loop
  (these two import TensorFlow).
- ``plotting``: the figures the chapters share.

Import modules, not names: ``from helpers import data, splits``.
"""

__version__ = "0.1.0"
