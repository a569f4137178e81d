"""A Sphinx extension that drops duplicate <script> entries from every page.

Jupyter Book 1 sets up sphinx-thebe so that its inline configuration script
(`const THEBE_JS_URL = ...`) is added twice to each page; the second copy throws
"Identifier 'THEBE_JS_URL' has already been declared" in every reader's browser
console. This keeps the first copy of each identical script.
"""

from __future__ import annotations

from typing import Any


def _dedupe(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple[str, str]] = set()
    unique = []
    for script in scripts:
        attributes = getattr(script, "attributes", {}) or {}
        key = (
            str(getattr(script, "filename", script) or ""),
            str(attributes.get("body", "")),
        )  # None == ""
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique  # in place: handlers that run later (MathJax) append to this very list


def setup(app: Any) -> dict[str, Any]:
    # Early: html-page-context stops at the first handler that returns a value (emit_firstresult).
    app.connect("html-page-context", _dedupe, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
