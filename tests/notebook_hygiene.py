"""Checks (and with --fix cleans) the stored notebooks' metadata.

A stored chapter must not change when it is merely re-run: no execution timestamps in its cells'
metadata (JupyterLab's ``metadata.execution``), no notebook-level metadata but ``kernelspec`` and
``language_info``, and an ``id`` on every cell (nbformat 4.5), so that diffs show only real changes.

    python tests/notebook_hygiene.py --check              # notebooks/*.ipynb; exit 1 on a problem
    python tests/notebook_hygiene.py --fix [FILE ...]     # strip volatile metadata, keep the ids

``--fix`` keeps every existing cell id, output and execution count (nbval compares the outputs);
it only removes the volatile keys and gives a cell that has no id a new one. The pre-commit hook
runs ``--check`` on the notebooks being committed.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

#: Notebook-level metadata that is part of the chapter; every other key is volatile.
KEEP_NOTEBOOK_METADATA = frozenset({"kernelspec", "language_info"})
#: Cell metadata written by a run, not by an author: JupyterLab's timestamps (``execution``) and
#: the classic Notebook's ExecuteTime extension's.
VOLATILE_CELL_METADATA = ("execution", "ExecuteTime")


def volatile_metadata(nb: Mapping[str, Any]) -> list[str]:
    """Where ``nb`` holds volatile metadata, as paths such as ``cells[3].metadata.execution``.

    >>> volatile_metadata({"metadata": {"kernelspec": {}, "widgets": {}}, "cells": [
    ...     {"id": "a", "cell_type": "code", "metadata": {"execution": {}, "tags": []}}]})
    ['metadata.widgets', 'cells[0].metadata.execution']
    """
    found = [
        f"metadata.{key}" for key in nb.get("metadata", {}) if key not in KEEP_NOTEBOOK_METADATA
    ]
    for i, cell in enumerate(nb.get("cells", [])):
        found += [
            f"cells[{i}].metadata.{key}"
            for key in VOLATILE_CELL_METADATA
            if key in cell.get("metadata", {})
        ]
    return found


def missing_ids(nb: Mapping[str, Any]) -> list[int]:
    """The positions of the cells that have no ``id``."""
    return [i for i, cell in enumerate(nb.get("cells", [])) if not cell.get("id")]


def problems(nb: Mapping[str, Any]) -> list[str]:
    """Everything :func:`clean` would change, one line each; empty for a clean notebook."""
    return [f"volatile {path}" for path in volatile_metadata(nb)] + [
        f"cells[{i}] has no id" for i in missing_ids(nb)
    ]


def clean(nb: Any) -> Any:
    """A copy of ``nb`` without volatile metadata; existing cell ids are kept, missing ones added.

    Outputs, execution counts, tags and every other cell field are left as they are. ``nb`` itself
    is not modified. A notebook that gets new ids is marked nbformat 4.5 (ids need it).
    """
    nb = copy.deepcopy(nb)
    metadata = nb.setdefault("metadata", {})
    for key in [k for k in metadata if k not in KEEP_NOTEBOOK_METADATA]:
        del metadata[key]
    taken = {cell.get("id") for cell in nb.get("cells", [])}
    for i in missing_ids(nb):
        new_id = uuid.uuid4().hex[:8]
        while new_id in taken:
            new_id = uuid.uuid4().hex[:8]
        nb["cells"][i]["id"] = new_id
        taken.add(new_id)
        nb["nbformat_minor"] = max(nb.get("nbformat_minor", 0), 5)
    for cell in nb.get("cells", []):
        for key in VOLATILE_CELL_METADATA:
            cell.get("metadata", {}).pop(key, None)
    return nb


def _read(path: Path) -> Any:
    import nbformat

    # The raw JSON, not nbformat.read: reading may validate and add missing ids on its own.
    return nbformat.from_dict(json.loads(path.read_text(encoding="utf-8")))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="report problems, exit 1 (default)")
    mode.add_argument("--fix", action="store_true", help="strip volatile metadata in place")
    parser.add_argument(
        "paths", nargs="*", type=Path, help="notebooks (default: notebooks/*.ipynb)"
    )
    args = parser.parse_args(argv)
    paths = args.paths or sorted((ROOT / "notebooks").glob("*.ipynb"))
    status = 0
    for path in paths:
        nb = _read(path)
        found = problems(nb)
        if not found:
            continue
        if args.fix:
            import nbformat

            nbformat.write(clean(nb), str(path))
            print(f"{path}: cleaned ({len(found)} problems)")
        else:
            status = 1
            shown = found[:5] + ([f"... and {len(found) - 5} more"] if len(found) > 5 else [])
            print(f"{path}: " + "; ".join(shown))
    if status:
        print("Run: python tests/notebook_hygiene.py --fix FILE ...", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
