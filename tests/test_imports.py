"""Tests of the package's import split: helpers.nn and helpers.pipelines import TensorFlow, nothing
else does.

The checks run in one fresh interpreter, since this test session has long imported TensorFlow.
There TensorFlow is never loaded: once the light modules are checked, an import of tensorflow or
keras is made to fail, so each heavy module can be seen to ask for one, each on its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HELPERS = Path(__file__).resolve().parents[1] / "helpers"
HEAVY = ("tensorflow", "keras")


def _module(path: Path) -> str:
    parts = path.relative_to(HELPERS.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


#: Every module that must not import TensorFlow: helpers itself, helpers.nn's empty __init__,
#: every top-level module but pipelines, and all of helpers.plotting.
LIGHT = sorted(
    {"helpers", "helpers.nn"}
    | {_module(p) for p in HELPERS.glob("*.py") if p.stem not in ("__init__", "pipelines")}
    | {_module(p) for p in (HELPERS / "plotting").glob("*.py")}
)
#: Every module the docs say imports TensorFlow.
NN = sorted(
    {_module(p) for p in (HELPERS / "nn").glob("*.py") if p.stem != "__init__"}
    | {"helpers.pipelines"}
)

#: Run in a fresh interpreter: import every light module and record what each leaves loaded; run
#: the doctor without a model; then block tensorflow and keras (an import of either raises) and
#: record which of them each heavy module asks for, each on its own, without loading TensorFlow.
_SCRIPT = """
import importlib, importlib.abc, json, sys
import numpy as np

light, heavy = json.loads(sys.argv[1]), json.loads(sys.argv[2])
out = {"light": {}, "heavy": {}}
for name in light:
    importlib.import_module(name)
    out["light"][name] = [m for m in ("tensorflow", "keras") if m in sys.modules]
# The doctor imports Keras lazily, only for a Keras model: a run without one stays light.
from helpers import doctor
rng = np.random.default_rng(0)
doctor.examine(
    rng.standard_normal((40, 5, 2)), rng.standard_normal(40),
    rng.standard_normal((20, 5, 2)), rng.standard_normal(20),
)
out["light"]["doctor.examine without a model"] = [
    m for m in ("tensorflow", "keras") if m in sys.modules
]

class Block(importlib.abc.MetaPathFinder):
    asked = []
    def find_spec(self, fullname, path=None, target=None):
        if fullname.split(".")[0] in ("tensorflow", "keras"):
            Block.asked.append(fullname)
            raise ImportError(f"{fullname} is blocked")
        return None

sys.meta_path.insert(0, Block())
for name in heavy:
    Block.asked.clear()
    try:
        importlib.import_module(name)
    except ImportError:
        pass
    out["heavy"][name] = sorted({m.split(".")[0] for m in Block.asked})
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def imports() -> dict:
    """What each light module leaves loaded, and what each heavy one asks for."""
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT, json.dumps(LIGHT), json.dumps(NN)],
        capture_output=True,
        text=True,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
        cwd=HELPERS.parent,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_module_lists_are_complete():
    assert "helpers.data" in LIGHT and "helpers.plotting._style" in LIGHT
    assert "helpers.nn.models" in NN and "helpers.pipelines" in NN
    assert not set(LIGHT) & set(NN)
    assert {_module(p) for p in HELPERS.rglob("*.py")} == set(LIGHT) | set(NN)


def test_no_light_module_imports_tensorflow_or_keras(imports):
    light = imports["light"]
    assert {name: found for name, found in light.items() if found} == {}
    assert set(light) == {*LIGHT, "doctor.examine without a model"}


@pytest.mark.parametrize("name", NN)
def test_every_nn_module_imports_tensorflow_or_keras(imports, name):
    assert imports["heavy"][name], f"{name} imports neither tensorflow nor keras"
    assert set(imports["heavy"][name]) <= set(HEAVY)
