"""The wheel installs liealg, liealg.kernels and liealg.cli, and nothing else at top level."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
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
    for must in ("liealg/__init__.py", "liealg/closure/router.py", "liealg/trainability/qfi.py",
                 "liealg/kernels/string_closure.py", "liealg/cli/main.py",
                 "liealg/data/tables/tfim-hva.csv", "liealg/data/examples/so6_chain.txt"):
        assert must in names
    entry = [n for n in names if n.endswith("entry_points.txt")][0]
    assert "liealg = liealg.cli.main:main" in zipfile.ZipFile(wheel).read(entry).decode()


def test_every_subpackage_is_installed():
    """pyproject's explicit package list (kernels/ and cli/ are mapped into liealg) names every subpackage."""
    tomllib = pytest.importorskip("tomllib")  # Python >= 3.11
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {"liealg." + p.parent.name for p in (ROOT / "liealg").glob("*/__init__.py")}
    assert found <= listed, sorted(found - listed)


def test_a_source_checkout_imports_from_any_directory(tmp_path):
    """kernels/ and cli/ sit beside liealg/ in a checkout (the wheel puts them inside): importing
    liealg from the checkout's root, as `python -c "import liealg"` there does, must work."""
    import shutil

    for part in ("liealg", "kernels", "cli", "data"):
        shutil.copytree(ROOT / part, tmp_path / part)
    code = ("import sys, liealg, liealg.kernels, liealg.cli.main; root = sys.argv[1]; "
            "print(liealg.__file__.startswith(root), liealg.kernels.__file__.startswith(root), "
            "liealg.classify(['XX', 'ZI', 'IZ']), liealg.tables.lookup('tfim-hva', 8, 'ring').dim)")
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300)
    assert proc.stdout.split("\n")[0] == "True True 2 × su(2) 23", proc.stderr[-2000:]


@pytest.mark.slow
def test_no_compiled_cache_inside_the_package(tmp_path):
    """numba caches liealg's kernels in a per-user directory (or NUMBA_CACHE_DIR), never beside the sources,
    where a later pip install would leave them to shadow the new copy."""
    import os

    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path / "cache"))
    code = ("import liealg; from liealg.kernels._jit import prefer_compiled; prefer_compiled(); "  # no numpy path
            "print(liealg.lie_closure(['XX', 'XY', 'YZ', 'ZI'], method='strings').dim)")
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert list((tmp_path / "cache").rglob("*.nbi")), "the cache went elsewhere"
    import liealg.kernels

    kernels_dir = Path(liealg.kernels.__file__).parent
    assert not list(kernels_dir.rglob("*.nbi")) and not list(kernels_dir.rglob("*.nbc"))
