"""The wheel installs liealg, liealg.kernels and liealg.cli, and nothing else at top level."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_layout(tmp_path):
    pytest.importorskip("setuptools")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                           "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {proc.stderr[-300:]}")
    (wheel,) = tmp_path.glob("liealg-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"liealg"}
    for must in ("liealg/__init__.py", "liealg/kernels/string_closure.py", "liealg/cli/main.py",
                 "liealg/data/tables/tfim-hva.csv", "liealg/data/examples/so6_chain.txt"):
        assert must in names
    entry = [n for n in names if n.endswith("entry_points.txt")][0]
    assert "liealg = liealg.cli.main:main" in zipfile.ZipFile(wheel).read(entry).decode()
