"""The doctor on held-out pipelines: recall and false alarms per check (benchmarks/doctor_heldout).

The cases (tests/heldout_pipelines.py) were built by code written without the doctor's
thresholds: other generators (GARCH and AR returns, trends, random walks, event sequences, the
S&P 500 the arch package ships), Keras models with the article's settings and sound ones. The
goal per check is a recall of at least 0.9 with at most 5% false alarms on the cases where it is
neither expected nor allowed. The checks that miss it are listed here, once, and chapter 10 says
so from the same table; this test fails if a check starts or stops missing it.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd
import pytest

from tests import scripts
from tests.heldout_pipelines import build_cases

ROOT = Path(__file__).resolve().parents[1]
GOAL_RECALL, GOAL_FALSE_ALARMS = 0.9, 0.05

#: Checks below the goal on the held-out cases (seed 0), and why.
SHORT_OF_THE_GOAL = {
    # a run stopped by early stopping without restore_best_weights, ending a few epochs past its
    # best, looks like any early-stopped run in its history: the doctor cannot tell
    "no_early_stopping": "recall",
    # maxlen at the 60th-70th percentile of lengths, or padding to the longest, is flagged
    # although most sequences fit: 3 false alarms, which were 3 of 56 negatives (0.054) and are
    # 3 of 64 (0.047, inside the goal) since chapter 8's eight window pipelines joined the set
    # (they cannot have a maxlen fault); watch it, it is one false alarm from the line
}


def _benchmark():
    return scripts.load("doctor_heldout")


@functools.cache
def _table() -> pd.DataFrame:
    bench = _benchmark()
    results = [(0, case, bench.run_case(case)) for case in build_cases(0)]
    checks, _ = bench.score(results, set(bench.CHECKS))
    return checks.set_index("check")


def test_every_case_runs_without_an_error():
    bench = _benchmark()
    errors = {c.name: r["error"] for c in build_cases(0) if (r := bench.run_case(c))["error"]}
    assert errors == {}


def test_the_doctor_meets_the_goal_in_all():
    total = _table().loc["ALL"]
    assert total["recall"] >= GOAL_RECALL and total["false_alarm_rate"] <= GOAL_FALSE_ALARMS


def test_exactly_the_listed_checks_miss_the_goal_per_check():
    table = _table().drop("ALL")
    short = {
        check: ", ".join(
            what
            for what, bad in (
                ("recall", row.recall < GOAL_RECALL),
                ("false alarms", row.false_alarm_rate > GOAL_FALSE_ALARMS),
            )
            if bad
        )
        for check, row in table.iterrows()
    }
    assert {k: v for k, v in short.items() if v} == SHORT_OF_THE_GOAL


@pytest.mark.parametrize("column", ["recall", "false_alarm_rate"])
def test_the_committed_table_is_the_one_chapter_9_shows(column):
    committed = pd.read_csv(ROOT / "book" / "_generated" / "doctor_heldout.csv").set_index("check")
    live = _table()
    # the same verdicts, up to one case per check (a model near a threshold on another CPU)
    per_case = 1 / live["positives" if column == "recall" else "negatives"].clip(lower=1)
    assert ((committed[column] - live[column]).abs() <= per_case + 1e-9).all()
