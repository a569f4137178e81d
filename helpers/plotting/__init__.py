"""Every figure of the book, one module per topic, all of them reachable as ``plotting.plot_xxx``.

- ``market``: the market and its planted signal, learning curves, scores, forecasts against what
  happened and against the oracle.
- ``scales``: gate pre-activations and gradient shares of unscaled inputs, features after each
  scaler, and the range seen in training.
- ``splits``: walk-forward folds, scores per epoch, reported against true-future scores.
- ``sequences``: session lengths, padding and truncation layouts, trailing padding, ``maxlen``.
- ``levels``: level forecasts over the price, lag profiles, level scores.
- ``training``: activation stability, reach, learning-rate curves, searches.
- ``findings``: the doctor's verdicts and the margins of its thresholds.
- ``classification``: reliability diagrams of up/down probabilities, the P&L of trading a sign.
- ``scoreboard``: every pipeline's edge fraction over seeds, by chapter and kind.
- ``sample_size``: learning curves over the number of training days against the oracle, and the
  remedies for short data.
- ``_style``: the shared colours (:data:`COLORS`, :data:`SEVERITY_COLORS`) and the rule that
  colours a forecast by its name.

Each function draws one figure and returns it (``matplotlib.figure.Figure``); a notebook cell
calls it and then ``plt.show()``. Nothing here imports TensorFlow (``plot_preactivations``
imports :mod:`helpers.nn.diagnostics` when it is called).
"""

from __future__ import annotations

from ._style import COLORS, SEVERITY_COLORS
from .classification import plot_equity, plot_reliability
from .findings import plot_findings, plot_margins
from .levels import plot_lag_profiles, plot_level_scores, plot_levels, plot_return_forecasts
from .market import (
    plot_forecasts,
    plot_learning_curves,
    plot_market,
    plot_plant,
    plot_real_market,
    plot_scores,
    plot_vs_oracle,
)
from .sample_size import plot_edge_by_size, plot_remedies
from .scales import (
    plot_gradient_shares,
    plot_preactivations,
    plot_scaled_feature,
    plot_train_range,
)
from .scoreboard import plot_scoreboard
from .sequences import plot_layouts, plot_lengths, plot_maxlen_curve, plot_trailing_pads
from .splits import plot_epoch_scores, plot_reported_vs_future, plot_walk_forward
from .training import (
    plot_ablation,
    plot_activation_stability,
    plot_lr_curves,
    plot_reach,
    plot_search,
)

__all__ = [
    "COLORS",
    "SEVERITY_COLORS",
    # classification
    "plot_reliability",
    "plot_equity",
    # market
    "plot_market",
    "plot_plant",
    "plot_real_market",
    "plot_learning_curves",
    "plot_scores",
    "plot_forecasts",
    "plot_vs_oracle",
    # scales
    "plot_preactivations",
    "plot_gradient_shares",
    "plot_scaled_feature",
    "plot_train_range",
    # splits
    # scoreboard
    "plot_scoreboard",
    # sample_size
    "plot_edge_by_size",
    "plot_remedies",
    "plot_walk_forward",
    "plot_epoch_scores",
    "plot_reported_vs_future",
    # sequences
    "plot_lengths",
    "plot_layouts",
    "plot_trailing_pads",
    "plot_maxlen_curve",
    # levels
    "plot_levels",
    "plot_lag_profiles",
    "plot_level_scores",
    "plot_return_forecasts",
    # training
    "plot_activation_stability",
    "plot_reach",
    "plot_lr_curves",
    "plot_search",
    "plot_ablation",
    # findings
    "plot_findings",
    "plot_margins",
]
