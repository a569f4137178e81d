"""Shared test configuration for helpers/.

Environment variables are set at import time, before any test module imports
TensorFlow or matplotlib, so TensorFlow's C++ logs stay quiet and matplotlib
never needs a display.
"""

from __future__ import annotations

import os

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
os.environ["MPLBACKEND"] = "Agg"

from hypothesis import settings

# Fast and deterministic enough for CI: a bounded number of examples and no
# per-example deadline (the first TensorFlow / pandas calls can be slow).
settings.register_profile("ci", max_examples=60, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


import matplotlib.pyplot as plt  # noqa: E402  (after MPLBACKEND is set)
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    """Every test starts without open figures; whatever a failing test left open is closed after
    it.
    """
    plt.close("all")
    yield
    plt.close("all")
