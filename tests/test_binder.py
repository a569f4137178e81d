"""The files Binder (repo2docker) reads: the lock, the Python version and the package install.

repo2docker uses ``binder/`` when it exists and then ignores the root's configuration files. It
installs ``binder/requirements.txt`` with pip (a ``-r`` line makes it copy the whole repository
first, so the relative path resolves), takes the Python version from ``binder/runtime.txt``, and
runs ``binder/postBuild`` from the repository's root.
"""

from __future__ import annotations

import os
import re
import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"


def test_binder_installs_the_lock_and_nothing_else():
    lines = [
        line.split("#", 1)[0].strip()
        for line in (BINDER / "requirements.txt").read_text().splitlines()
    ]
    lines = [line for line in lines if line]
    assert lines == ["-r ../requirements.txt"], lines
    # pip resolves a nested -r relative to the file that names it
    assert (BINDER / "../requirements.txt").resolve() == ROOT / "requirements.txt"


def test_binder_python_is_the_locks_python():
    runtime = (BINDER / "runtime.txt").read_text().strip()
    match = re.fullmatch(r"python-(\d+)\.(\d+)", runtime)
    assert match, f"runtime.txt must read python-X.Y, got {runtime!r}"
    version = tuple(map(int, match.groups()))
    # the lock is compiled for this version (its header names the command)
    header = (ROOT / "requirements.txt").read_text().split("\n\n", 1)[0]
    locked = re.search(r"--python-version (\d+)\.(\d+)", header)
    assert locked and tuple(map(int, locked.groups())) == version, header
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    low = tuple(map(int, re.fullmatch(r">=(\d+)\.(\d+)", requires).groups()))
    assert version >= low


def test_postbuild_installs_the_package_without_touching_the_lock():
    script = BINDER / "postBuild"
    assert os.access(script, os.X_OK), "repo2docker runs postBuild only if it is executable"
    text = script.read_text()
    assert text.startswith("#!/bin/bash\n") and "set -euo pipefail" in text
    commands = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert commands[-1] == "python -m pip install --no-cache-dir --no-deps -e .", commands
    subprocess.run(["bash", "-n", str(script)], check=True)  # it parses
    # the package it installs from the root is this book's
    name = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["name"]
    assert name == "lstm-accuracy-book"
