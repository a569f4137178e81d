"""Score the LSTM doctor on the held-out pipelines: recall and false alarms, per check.

Usage (from the repository root, after `make venv`)::

    .venv/bin/python benchmarks/doctor_heldout.py                 # seed 0
    .venv/bin/python benchmarks/doctor_heldout.py --seeds 0 1 2   # more seeds, summed
    .venv/bin/python benchmarks/doctor_heldout.py --out book/_generated/doctor_heldout_before.csv

The cases come from tests/heldout_pipelines.py: pipelines built by code written independently
of the doctor, each labelled with the pitfalls it has (``expected``: must flag) and the checks
that may flag as a consequence (``allowed``). For every case it runs
``helpers.doctor.examine(**kwargs)`` and compares ``report.flagged`` with the labels.

Two tables are printed and written as CSV:

- per check (``--out``, default book/_generated/doctor_heldout.csv): positives (cases expecting
  the check), caught, recall; negatives (cases where the check is neither expected nor allowed),
  false alarms, false-alarm rate; a final row ``ALL`` pools the checks;
- per case (the same name with ``_cases``): expected, allowed, flagged, missed, false alarms.

It runs against whatever doctor is installed: keyword arguments that ``examine`` does not accept
are dropped (``inspect.signature``; listed per case), and a check id the doctor never reports
is "not implemented" (recall 0, with a note). An exception in ``examine`` counts as flagging
nothing and is recorded in the per-case table.
"""

from __future__ import annotations

import argparse
import inspect
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # before TensorFlow is imported

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from helpers import doctor  # noqa: E402
from tests.heldout_pipelines import CHECKS, build_cases  # noqa: E402

DEFAULT_OUT = ROOT / "book" / "_generated" / "doctor_heldout.csv"


def accepted_kwargs(func, kwargs: dict) -> tuple[dict, list[str]]:
    """The keyword arguments ``func`` accepts, and the names of those it does not."""
    params = inspect.signature(func).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return dict(kwargs), []
    kept = {k: v for k, v in kwargs.items() if k in params}
    return kept, sorted(set(kwargs) - set(kept))


def reported_checks(report) -> set[str]:
    """The check ids a report has a finding for (flagged or not)."""
    try:
        return {str(f.check) for f in report}
    except (TypeError, AttributeError):
        return set(map(str, report.to_frame()["check"]))


def run_case(case) -> dict:
    kwargs, dropped = accepted_kwargs(doctor.examine, case.kwargs)
    start = time.perf_counter()
    error, flagged, known = "", set(), set()
    try:
        report = doctor.examine(**kwargs)
        flagged = set(map(str, report.flagged))
        known = reported_checks(report)
    except Exception as exc:  # a crash on a case is a result, not a reason to stop
        error = f"{type(exc).__name__}: {exc}"[:200]
    return {
        "flagged": flagged,
        "known": known,
        "dropped": dropped,
        "error": error,
        "seconds": time.perf_counter() - start,
    }


def _ids(s) -> str:
    return " ".join(sorted(s))


def score(results: list[tuple[int, object, dict]], implemented: set[str]):
    """Per-check and per-case tables from (seed, case, run_case result) triples."""
    case_rows = []
    for seed, case, res in results:
        missed = case.expected - res["flagged"]
        false = res["flagged"] - case.expected - case.allowed
        case_rows.append(
            {
                "seed": seed,
                "case": case.name,
                "source": case.source,
                "expected": _ids(case.expected),
                "allowed": _ids(case.allowed),
                "flagged": _ids(res["flagged"]),
                "missed": _ids(missed),
                "false_alarms": _ids(false),
                "dropped_args": _ids(res["dropped"]),
                "error": res["error"],
                "seconds": round(res["seconds"], 2),
            }
        )
    check_rows = []
    totals = dict(positives=0, caught=0, negatives=0, false_alarms=0)
    for check in CHECKS:
        pos = [r for _, c, r in results if check in c.expected]
        neg = [r for _, c, r in results if check not in c.expected | c.allowed]
        caught = sum(check in r["flagged"] for r in pos)
        false = sum(check in r["flagged"] for r in neg)
        allowed_flags = sum(check in r["flagged"] for _, c, r in results if check in c.allowed)
        note = "" if check in implemented else "not implemented by this doctor"
        check_rows.append(
            {
                "check": check,
                "implemented": check in implemented,
                "positives": len(pos),
                "caught": caught,
                "recall": round(caught / len(pos), 3) if pos else float("nan"),
                "negatives": len(neg),
                "false_alarms": false,
                "false_alarm_rate": round(false / len(neg), 3) if neg else float("nan"),
                "allowed_flags": allowed_flags,
                "note": note,
            }
        )
        totals["positives"] += len(pos)
        totals["caught"] += caught
        totals["negatives"] += len(neg)
        totals["false_alarms"] += false
    check_rows.append(
        {
            "check": "ALL",
            "implemented": len(implemented & set(CHECKS)) == len(CHECKS),
            "positives": totals["positives"],
            "caught": totals["caught"],
            "recall": round(totals["caught"] / totals["positives"], 3),
            "negatives": totals["negatives"],
            "false_alarms": totals["false_alarms"],
            "false_alarm_rate": round(totals["false_alarms"] / totals["negatives"], 3),
            "allowed_flags": sum(r["allowed_flags"] for r in check_rows),
            "note": f"{len(implemented & set(CHECKS))} of {len(CHECKS)} checks implemented",
        }
    )
    return pd.DataFrame(check_rows), pd.DataFrame(case_rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="per-check CSV")
    args = parser.parse_args(argv)

    results = []
    for seed in args.seeds:
        start = time.perf_counter()
        cases = build_cases(seed)
        print(f"seed {seed}: {len(cases)} cases built in {time.perf_counter() - start:.0f} s")
        for case in cases:
            results.append((seed, case, run_case(case)))
    implemented = set(getattr(doctor, "CHECKS", {})) | set().union(
        *(r["known"] for _, _, r in results)
    )
    checks, per_case = score(results, implemented)

    with pd.option_context("display.width", 200, "display.max_colwidth", 60):
        print(checks.to_string(index=False))
        print()
        cols = ["seed", "case", "expected", "flagged", "missed", "false_alarms", "error"]
        print(per_case[cols].to_string(index=False))
    dropped = sorted(set().union(*(set(r["dropped"]) for _, _, r in results)))
    if dropped:
        print(f"\nkeyword arguments this doctor does not accept (dropped): {', '.join(dropped)}")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    checks.to_csv(args.out, index=False)
    cases_out = args.out.with_name(args.out.stem + "_cases" + args.out.suffix)
    per_case.to_csv(cases_out, index=False)
    print(f"\nwrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    print(f"wrote {cases_out.relative_to(ROOT) if cases_out.is_relative_to(ROOT) else cases_out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
