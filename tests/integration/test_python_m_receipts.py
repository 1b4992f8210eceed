"""`python -m receipts` runs the command line, from the wheel and from the editable install the README makes."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest
from hatchling.builders.wheel import WheelBuilder

from tests.conftest import REPO


@pytest.mark.parametrize("version", ["standard", "editable"])
def test_python_m_receipts_runs_the_command_line(tmp_path, version):
    (wheel,) = WheelBuilder(str(REPO)).build(directory=str(tmp_path / "dist"), versions=[version])
    installed = tmp_path / "site-packages"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(installed, [n for n in archive.namelist() if n.startswith("receipts/")])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(installed), str(REPO)])}
    done = subprocess.run([sys.executable, "-m", "receipts", "--help"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: receipts") and "serve" in done.stdout
