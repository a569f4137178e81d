"""helpers.nn.clinic: the mystery patients and the grader (small size: a few seconds per run)."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import doctor
from helpers.nn import clinic


def test_there_are_at_least_five_mysteries_and_each_pitfall_has_its_treatment():
    sick = {name: p for name, p in clinic.PATIENTS.items() if p}
    assert len(sick) >= 5
    assert set().union(*sick.values()) == set(clinic.TREATMENTS)  # every treatment is needed
    assert len({frozenset(p) for p in sick.values()}) == len(sick)  # no two alike


def test_the_right_prescription_passes():
    result = clinic.grade("patient_a", ["no_early_stopping", "scale"], size="small")
    assert result.passed, str(result)
    assert result.edge.point >= clinic.PASS_MARK and not result.flagged
    assert result.untreated == 0 and result.unneeded == ()
    assert "PASSED" in str(result)


def test_a_partial_fix_fails_without_naming_what_is_left():
    result = clinic.grade("patient_a", ["scale"], size="small")
    assert not result.passed and result.untreated == 1
    text = str(result)
    assert "1 pitfall(s) left untreated" in text and "no_early_stopping" not in text


def test_a_treatment_the_patient_did_not_need_fails():
    result = clinic.grade("patient_c", ["lookahead", "scale"], size="small")
    assert not result.passed and result.unneeded == ("scale",) and result.untreated == 0
    assert result.edge.point >= clinic.PASS_MARK  # it scores well, and still fails: a misdiagnosis


def test_an_admitted_lookahead_patient_shows_fake_skill_and_the_doctor_finds_it():
    case = clinic.admit("patient_c", size="small")
    assert case.edge.low > 1  # more than the oracle: impossible without a leak
    assert "lookahead" in doctor.examine(**case.evidence).flagged
    assert np.isfinite(case.evidence["y_pred"]).all()


def test_bad_prescriptions_are_refused_before_training():
    with pytest.raises(ValueError, match="no patient 'patient_z'"):
        clinic.grade("patient_z", [])
    with pytest.raises(ValueError, match="unknown treatments \\['dropout'\\]"):
        clinic.grade("patient_a", ["dropout"])
    with pytest.raises(TypeError, match="list of names"):
        clinic.grade("patient_a", "scale")
    with pytest.raises(ValueError, match="size must be"):
        clinic.admit("patient_a", size="huge")
