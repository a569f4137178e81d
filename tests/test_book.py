"""Tests of the book as a whole: the chapter skeleton, the stored outputs, the contract files."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SKELETON = [
    "## What you will learn",
    "## Setup",
    "## The broken baseline",
    "## Diagnosis",
    "## The fix",
    "## Measuring the gap",
    "## Summary",
    "## Exercises",
]


def _toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part["chapters"]]
    return files


def _code(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def test_there_is_at_least_one_chapter() -> None:
    assert CHAPTERS, "no notebooks/NN_topic.ipynb found"


def test_every_toc_entry_exists_and_every_chapter_is_in_the_toc() -> None:
    files = _toc_files()
    for entry in files:
        assert any((ROOT / f"{entry}{ext}").exists() for ext in (".md", ".ipynb")), (
            f"{entry} is in _toc.yml but missing"
        )
    for chapter in CHAPTERS:
        assert f"notebooks/{chapter.stem}" in files, f"{chapter.name} is not in _toc.yml"


@pytest.fixture(params=CHAPTERS, ids=[c.stem for c in CHAPTERS])
def chapter(request: pytest.FixtureRequest) -> nbformat.NotebookNode:
    return nbformat.read(request.param, as_version=4)


def test_chapter_follows_the_skeleton(chapter: nbformat.NotebookNode) -> None:
    markdown = "\n".join(cell.source for cell in chapter.cells if cell.cell_type == "markdown")
    assert chapter.cells[0].source.startswith("# "), "a chapter opens with its '# Title'"
    headings = [line.strip() for line in markdown.splitlines() if line.startswith("## ")]
    found = [h for h in headings if h in SKELETON]
    assert found == SKELETON, f"skeleton headings out of order or missing: {found}"


def test_chapter_has_one_parameters_cell_with_a_seed(chapter: nbformat.NotebookNode) -> None:
    tagged = [cell for cell in _code(chapter) if "parameters" in cell.metadata.get("tags", [])]
    assert len(tagged) == 1, "exactly one code cell is tagged 'parameters'"
    assert re.search(r"^SEED = \d+", tagged[0].source, flags=re.M), "the parameters cell sets SEED"


def test_chapter_code_follows_the_house_rules(chapter: nbformat.NotebookNode) -> None:
    for cell in _code(chapter):
        assert not re.search(r"^\s*[!%]pip", cell.source, flags=re.M), "no !pip in notebooks"
        assert "import *" not in cell.source, "import modules, not *"
        if "plotting.plot_" in cell.source:
            assert "hide-input" in cell.metadata.get("tags", []), (
                f"plot cell not tagged hide-input:\n{cell.source}"
            )
    assert sum("assert " in cell.source for cell in _code(chapter)) >= 2, (
        "a chapter asserts its claims"
    )


def test_chapter_has_exercises_with_solutions(chapter: nbformat.NotebookNode) -> None:
    markdown = "\n".join(cell.source for cell in chapter.cells if cell.cell_type == "markdown")
    exercises = re.findall(r"```\{exercise\}\n:label: (\S+)", markdown)
    solutions = re.findall(r"```\{solution(?:-start)?\} (\S+)\n:class: dropdown", markdown)
    assert len(exercises) >= 3, "at least three exercises"
    assert sorted(exercises) == sorted(solutions), "every exercise has a solution in a dropdown"


def test_stored_outputs_are_clean_and_complete(chapter: nbformat.NotebookNode) -> None:
    images = 0
    for cell in _code(chapter):
        assert cell.execution_count is not None, f"unexecuted cell:\n{cell.source}"
        for output in cell.outputs:
            assert output.output_type != "error", f"stored error in:\n{cell.source}"
            assert output.get("name") != "stderr", (
                f"stored stderr (TF log lines?) in:\n{cell.source}"
            )
            text = output.get("text", "") + str(output.get("data", {}).get("text/plain", ""))
            assert not re.search(r"object at 0x[0-9a-f]+|\d+ms/step", text), (
                f"unstable output in:\n{cell.source}"
            )
            images += "image/png" in output.get("data", {})
    assert images >= 3, (
        "the chapter's figures are stored (a non-inline matplotlib backend drops them)"
    )


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins() -> dict[str, str]:
    # uv's lock: "name==version" lines, each followed by indented "# via ..." comment lines.
    lines = [
        line.split("#", 1)[0].strip()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
    ]
    lines = [line for line in lines if line]
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[^=\s]+", line) for line in lines), (
        "every line is name==version"
    )
    return {_canonical(line.split("==")[0]): line.split("==")[1] for line in lines}


def test_requirements_pin_everything_exactly() -> None:
    names = _pins()
    assert "tensorflow-cpu" in names and "tensorflow" not in names
    assert names["jupyter-book"].startswith("1."), "Jupyter Book 1.x: 2.x cannot build offline"


def test_requirements_pin_every_dependency_that_pyproject_declares() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        declared += extra
    names = _pins()
    missing = [
        d for d in declared if _canonical(re.split(r"[<>=!~;\[\s]", d, maxsplit=1)[0]) not in names
    ]
    assert not missing, (
        f"declared in pyproject.toml but not in requirements.txt (run make lock): {missing}"
    )


def test_readme_and_ci_agree_on_the_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "make book" in readme and "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test\b", ci, flags=re.M), ".ci/run runs the README's test command"


def test_tolerance_tags_mark_code_cells_with_outputs(chapter: nbformat.NotebookNode) -> None:
    # nbval-approx (tests/nbval_approx.py) relaxes the comparison of a cell's numbers;
    # nbval-ignore-output drops it. Either is for a code cell that prints something, never both.
    for cell in chapter.cells:
        tags = set(cell.metadata.get("tags", []))
        marked = tags & {"nbval-approx", "nbval-ignore-output"}
        if not marked:
            continue
        assert cell.cell_type == "code", f"tag {marked} on a {cell.cell_type} cell"
        assert len(marked) == 1, f"both tolerance tags on:\n{cell.source}"
        assert cell.outputs, f"{marked} on a cell without output:\n{cell.source}"


def test_stored_notebooks_hold_no_volatile_metadata(chapter: nbformat.NotebookNode) -> None:
    # execution timestamps and the like make every rerun a diff of hundreds of lines
    from tests.notebook_hygiene import volatile_metadata

    assert volatile_metadata(chapter) == [], (
        "run: python tests/notebook_hygiene.py --fix notebooks/*.ipynb"
    )


def test_notebook_code_lines_fit_the_page(chapter: nbformat.NotebookNode) -> None:
    # a code block on the website shows 80 characters; longer lines are cut off
    long = [line for cell in _code(chapter) for line in cell.source.splitlines() if len(line) > 80]
    assert long == [], f"{len(long)} code lines over 80 characters, e.g. {long[:3]}"


def test_the_bibliography_parses_and_holds_every_cited_key() -> None:
    # A malformed entry stops the whole build at its first step; this says which line, sooner.
    from pybtex.database import parse_file

    entries = parse_file(ROOT / "book" / "references.bib").entries
    pages = [*ROOT.glob("book/*.md"), *ROOT.glob("notebooks/*.ipynb")]
    cited = {
        key.strip()
        for page in pages
        for keys in re.findall(r"\{cite(?::[pt])?\}`([^`]+)`", page.read_text())
        for key in keys.split(",")
        if " " not in key.strip()  # prose about the role ("a `{cite}` key missing"), not a key
    }
    assert cited, "no citation found: the pattern is wrong"
    assert cited <= set(entries), sorted(cited - set(entries))


def test_every_doc_link_names_a_page_that_exists() -> None:
    # A renumbered chapter leaves {doc} links behind; the strict build finds them only at its end.
    pages = [*ROOT.glob("book/*.md"), *ROOT.glob("notebooks/*.ipynb")]
    missing, seen = [], 0
    for page in pages:
        for link in re.findall(r"\{doc\}`([^`]+)`", page.read_text()):
            target = re.sub(r"^.*<(.+)>$", r"\1", link).strip()
            if " " in target:  # prose about the role, not a link
                continue
            seen += 1
            base = (page.parent / target).resolve()
            if not any(base.with_name(base.name + ext).exists() for ext in (".md", ".ipynb")):
                missing.append(f"{page.name}: {link}")
    assert seen > 20, "no {doc} link found: the pattern is wrong"
    assert not missing, missing
