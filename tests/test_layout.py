"""Tests of the repository's layout: one test file per module of helpers/, named after the module,
never after a chapter; helpers/ organised by topic, plotting re-exported as one namespace.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from helpers import plotting

ROOT = Path(__file__).resolve().parents[1]
HELPERS = ROOT / "helpers"
TESTS = ROOT / "tests"

#: Test files about the book or the package as a whole, not about one module.
WHOLE = {"test_binder.py", "test_book.py", "test_imports.py", "test_layout.py"}
#: A chapter in a file name: ch3, ch_3, chapter4, chapter_6 (not "check" or "chunk").
CHAPTER_NAME = re.compile(r"(^|_)(ch|chapter)_?\d")
#: A section banner naming a chapter: "# ----- chapter 3: scales".
CHAPTER_BANNER = re.compile(r"^\s*# -{3,} chapter \d", re.IGNORECASE | re.MULTILINE)


def _test_file(module: Path) -> str:
    """helpers/data.py -> test_data.py; helpers/nn/models.py -> test_nn_models.py;
    helpers/plotting/_style.py -> test_plotting_style.py.
    """
    parts = [p.lstrip("_") for p in module.relative_to(HELPERS).with_suffix("").parts]
    return "test_" + "_".join(parts) + ".py"


MODULES = sorted(p for p in HELPERS.rglob("*.py") if p.name != "__init__.py")


def test_the_mapping_of_modules_to_test_files():
    assert _test_file(HELPERS / "data.py") == "test_data.py"
    assert _test_file(HELPERS / "nn" / "models.py") == "test_nn_models.py"
    assert _test_file(HELPERS / "plotting" / "_style.py") == "test_plotting_style.py"
    assert len({_test_file(p) for p in MODULES}) == len(MODULES), "two modules, one test file"


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_has_its_own_test_file(module):
    assert (TESTS / _test_file(module)).is_file(), f"add tests/{_test_file(module)}"


def test_every_test_file_is_about_one_module():
    """A test file tests one module of helpers/, one script of tests/ or benchmarks/ (e.g.
    test_scoreboard.py), or the book as a whole.
    """
    expected = {_test_file(p) for p in MODULES} | WHOLE
    scripts = {f"test_{p.stem}.py" for p in [*TESTS.glob("*.py"), *ROOT.glob("benchmarks/*.py")]}
    stray = sorted(p.name for p in TESTS.glob("test_*.py") if p.name not in expected | scripts)
    assert stray == [], "name each test file after the module it tests"


def test_no_file_is_named_after_a_chapter():
    files = [*TESTS.rglob("*.py"), *HELPERS.rglob("*.py")]
    assert [str(p.relative_to(ROOT)) for p in files if CHAPTER_NAME.search(p.stem)] == []
    assert CHAPTER_NAME.search("test_data_ch3") and not CHAPTER_NAME.search("test_check_chunk")


def test_no_chapter_banners_outside_pipelines():
    """Sections are headed by topic (``# --- trends and crashes``); only pipelines.py, which is
    organised by chapter on purpose, names chapters in its banners.
    """
    files = [*HELPERS.rglob("*.py"), *TESTS.glob("*.py")]
    found = [
        str(p.relative_to(ROOT))
        for p in files
        if p.name != "pipelines.py" and CHAPTER_BANNER.search(p.read_text())
    ]
    assert found == []


def _public(module: object) -> list[str]:
    return list(module.__all__)


def test_plotting_reexports_every_figure_once():
    submodules = [
        plotting.market,
        plotting.scales,
        plotting.splits,
        plotting.sequences,
        plotting.levels,
        plotting.training,
        plotting.findings,
        plotting.scoreboard,
        plotting.sample_size,
        plotting.classification,
        plotting._style,
    ]
    on_disk = {p.stem for p in (HELPERS / "plotting").glob("*.py")} - {"__init__"}
    assert {m.__name__.rsplit(".", 1)[1] for m in submodules} == on_disk
    names = [name for m in submodules for name in _public(m)]
    assert len(names) == len(set(names)), "two plotting modules define the same public name"
    assert sorted(plotting.__all__) == sorted(names)
    for m in submodules:
        for name in _public(m):
            assert getattr(plotting, name) is getattr(m, name)


@pytest.mark.parametrize(
    "path",
    sorted(p for p in HELPERS.rglob("*.py") if p.name != "__init__.py"),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_every_public_function_is_declared_in_all(path):
    """``__all__`` lists every public function and class a module defines (the plotting package
    re-exports exactly those).
    """
    tree = ast.parse(path.read_text())
    defined = {
        node.name
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_")
    }
    declared = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            declared = set(ast.literal_eval(node.value))
    assert defined <= declared, f"add {sorted(defined - declared)} to __all__"
