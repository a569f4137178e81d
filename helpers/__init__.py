"""Shared, tested code for the book "Why is my LSTM's accuracy lower than expected?".

The package by topic. Only ``helpers.nn`` and ``helpers.pipelines`` import TensorFlow; every other
module imports NumPy, pandas, scikit-learn or Matplotlib only (``tests/test_imports.py`` checks it).

Data

- ``data``: the synthetic market with a known oracle, its feature sets, a trend and a crash.
- ``sessions``: variable-length intraday sessions with a label planted in their last events.
- ``prices``: real daily prices: the S&P 500 shipped with ``arch``, ``load_prices`` for any CSV
  (every bad input named with its fix), a real series' stationary features and target, its
  stylised facts, an example CSV.

Windows, sequences and splits

- ``windows``: (samples, lookback, features) windows and their targets.
- ``sequences``: padding, truncation and bucketing of variable-length sequences, with clear errors.
- ``splits``: chronological splits purged of overlapping targets, walk-forward folds, overlap
  checks.
- ``scaling``: scikit-learn scalers for windows (per feature or one global), fit on training data
  only.
- ``leakage``: look-ahead detection, as-of features, neighbour labels, the oracle check.

Baselines and scores

- ``baselines``: zero, naive-mean, persistence and ridge forecasts.
- ``metrics``: directional accuracy, RMSE, R^2, and the fraction of the oracle's edge.
- ``skill``: skill scores against a reference forecast, the lag profile of a forecast, implied
  levels and returns, the Diebold-Mariano test, a forecast against the baselines where there is
  no oracle.

Neural networks: ``helpers.nn`` (every module imports TensorFlow)

- ``nn.models``: Keras 3 LSTM and SimpleRNN builders.
- ``nn.training``: seeded, quiet training with early stopping; every epoch's weights;
  walk-forward retraining.
- ``nn.diagnostics``: what an LSTM sees: input scales, gate saturation, per-feature and
  per-timestep gradients.
- ``nn.sequence_models``: a maskable LSTM classifier for variable-length sequences, timed per
  epoch.
- ``nn.reach``: a signal planted k steps back, and how far back an LSTM or a SimpleRNN reaches.
- ``nn.tuning``: fixed-epoch training, activation sweeps, grid search with shuffled k-fold or
  walk-forward folds.

The chapters' experiments

- ``settings``: each chapter's constants, declared once (``settings.CH1`` ... ``settings.CH8``)
  with the training recipes they share; each chapter's parameters cell holds the same values.
- ``setups``: the steps a chapter does not teach (market, windows, split, scaling, yardsticks),
  called by the notebooks and by ``pipelines`` alike.
- ``agreement``: what each chapter measured, under the registry's names, so that
  ``benchmarks/agreement.py`` and ``tests/test_pipelines.py`` can check the registry against it.

Checks

- ``doctor``: one call that checks a pipeline for every pitfall of the book (it imports
  ``helpers.nn.diagnostics`` only when it is given a Keras model, so Keras is loaded already).
- ``pipelines``: every chapter's broken and fixed pipeline, by name, for the doctor and the
  scoreboard (imports TensorFlow).
- ``validate``: the argument checks every module shares (``TypeError`` for the wrong kind of
  value, ``ValueError`` for a value out of range).

Figures: ``helpers.plotting``

- ``plotting``: every figure, as ``plotting.plot_xxx``, from one module per topic (``market``,
  ``scales``, ``splits``, ``sequences``, ``levels``, ``training``, ``findings``) and the shared
  colours (``plotting.COLORS``).

Import modules, not names: ``from helpers import data, splits`` and
``from helpers.nn import models, training``.
"""

__version__ = "0.1.0"
