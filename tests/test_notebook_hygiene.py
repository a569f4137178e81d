"""Tests of tests/notebook_hygiene.py on small in-memory notebooks (never on the real chapters)."""

from __future__ import annotations

import json

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

import notebook_hygiene as hygiene

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}
LANGUAGE_INFO = {"name": "python", "version": "3.11.7"}
TIMING = {
    "iopub.execute_input": "2025-01-01T00:00:00.000001Z",
    "shell.execute_reply": "2025-01-01T00:00:01.000002Z",
}


def _notebook() -> nbformat.NotebookNode:
    """A clean stored chapter: kernelspec, language_info, ids, an executed cell with an output."""
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Title"),
            new_code_cell(
                "print(1)",
                execution_count=1,
                outputs=[new_output("stream", name="stdout", text="1\n")],
                metadata={"tags": ["parameters"]},
            ),
        ],
        metadata={"kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO},
    )
    nbformat.validate(nb)
    return nb


def _dirty() -> nbformat.NotebookNode:
    nb = _notebook()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    nb.metadata["vscode"] = {"interpreter": {"hash": "abc"}}
    nb.cells[1].metadata["execution"] = dict(TIMING)
    nb.cells[0].metadata["ExecuteTime"] = {"end_time": "2025-01-01T00:00:01"}
    return nb


def test_a_clean_notebook_has_no_problems() -> None:
    nb = _notebook()
    assert hygiene.volatile_metadata(nb) == []
    assert hygiene.missing_ids(nb) == []
    assert hygiene.problems(nb) == []


def test_volatile_metadata_names_every_volatile_key() -> None:
    assert hygiene.volatile_metadata(_dirty()) == [
        "metadata.widgets",
        "metadata.vscode",
        "cells[0].metadata.ExecuteTime",
        "cells[1].metadata.execution",
    ]


def test_clean_strips_the_volatile_metadata_and_keeps_everything_else() -> None:
    dirty = _dirty()
    ids = [cell.id for cell in dirty.cells]
    cleaned = hygiene.clean(dirty)
    assert hygiene.problems(cleaned) == []
    assert set(cleaned.metadata) == {"kernelspec", "language_info"}
    assert cleaned.metadata.kernelspec == KERNELSPEC
    assert [cell.id for cell in cleaned.cells] == ids
    assert cleaned.cells[1].metadata == {"tags": ["parameters"]}
    assert cleaned.cells[1].outputs == dirty.cells[1].outputs
    assert cleaned.cells[1].execution_count == 1
    assert [c.source for c in cleaned.cells] == [c.source for c in dirty.cells]
    nbformat.validate(cleaned)


def test_clean_does_not_modify_its_argument_and_is_idempotent() -> None:
    dirty = _dirty()
    before = json.dumps(dirty, sort_keys=True)
    cleaned = hygiene.clean(dirty)
    assert json.dumps(dirty, sort_keys=True) == before
    assert hygiene.clean(cleaned) == cleaned


def test_clean_leaves_a_clean_notebook_equal() -> None:
    nb = _notebook()
    assert hygiene.clean(nb) == nb


def test_a_missing_id_is_reported_and_added_without_touching_the_others() -> None:
    nb = _notebook()
    kept = nb.cells[1].id
    del nb.cells[0]["id"]
    assert hygiene.missing_ids(nb) == [0]
    assert hygiene.problems(nb) == ["cells[0] has no id"]
    cleaned = hygiene.clean(nb)
    assert cleaned.cells[0].id and cleaned.cells[0].id != kept
    assert cleaned.cells[1].id == kept
    assert hygiene.problems(cleaned) == []
    nbformat.validate(cleaned)


def test_clean_marks_nbformat_4_5_when_it_adds_ids() -> None:
    nb = _notebook()
    nb.nbformat_minor = 4
    for cell in nb.cells:
        del cell["id"]
    cleaned = hygiene.clean(nb)
    assert cleaned.nbformat_minor == 5
    assert len({cell.id for cell in cleaned.cells}) == 2
    nbformat.validate(cleaned)


def test_the_command_line_checks_and_fixes_a_file(tmp_path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "chapter.ipynb"
    dirty = _dirty()
    nbformat.write(dirty, str(path))
    assert hygiene.main(["--check", str(path)]) == 1
    assert "cells[1].metadata.execution" in capsys.readouterr().out
    assert hygiene.main(["--fix", str(path)]) == 0
    assert hygiene.main(["--check", str(path)]) == 0
    stored = nbformat.read(str(path), as_version=4)
    assert hygiene.problems(stored) == []
    assert [cell.id for cell in stored.cells] == [cell.id for cell in dirty.cells]
    assert stored.cells[1].outputs[0].text == "1\n"


def test_fix_does_not_rewrite_a_clean_file(tmp_path) -> None:
    path = tmp_path / "clean.ipynb"
    nbformat.write(_notebook(), str(path))
    text = path.read_text()
    path.write_text(text + "\n")  # a byte that a rewrite would remove
    assert hygiene.main(["--fix", str(path)]) == 0
    assert path.read_text() == text + "\n"
