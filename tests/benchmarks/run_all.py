"""Run every benchmark script and keep what each printed; with --write, docs/performance.md gets it.

Run by hand (not in CI):
    python tests/benchmarks/run_all.py [--out DIR] [--only bench_strings,bench_sums] [--skip-peers] [--write]

Each script runs in its own process, one after the other (the machine has 2 cores: nothing else
should run), with its default arguments (`--skip-peers` where the script has it, when asked).
Its output goes to DIR/<script>.txt and a summary line (exit status, seconds) to DIR/summary.txt;
two such directories, one before and one after a change, are the before/after columns a
structural change reports. `--write` puts each output, verbatim and dated, into
docs/performance.md between the markers `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`
(appended when the page has none yet), so the page's figures are the scripts' own.
"""

from __future__ import annotations

import argparse
import datetime
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SCRIPTS = ["bench_startup", "bench_strings", "bench_string_bfs", "bench_classifier", "bench_sums", "bench_sectors",
           "bench_blas", "bench_qfi", "bench_commutant", "bench_irreducible",
           "bench_engines"]
HAS_SKIP = {"bench_startup", "bench_strings", "bench_sums", "bench_sectors", "bench_irreducible"}


def write_section(page: Path, name: str, body: str) -> None:
    """Replace (or append) the section of `page` between the markers of `name`."""
    begin, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    text = page.read_text()
    block = f"{begin}\n{body.rstrip()}\n{end}"
    if begin in text:
        text = re.sub(re.escape(begin) + r".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    page.write_text(text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "build" / "benchmarks"))
    ap.add_argument("--only", default="", help="comma-separated script names (default: all)")
    ap.add_argument("--skip-peers", action="store_true")
    ap.add_argument("--write", action="store_true", help="write the outputs into docs/performance.md")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    names = [s for s in SCRIPTS if not args.only or s in args.only.split(",")]
    for name in names:
        cmd = [sys.executable, str(HERE / f"{name}.py")] + (["--skip-peers"] if args.skip_peers and name in HAS_SKIP
                                                            else [])
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        seconds = time.perf_counter() - start
        text = proc.stdout + (proc.stderr if proc.returncode else "")
        (out / f"{name}.txt").write_text(text)
        line = f"{name} rc={proc.returncode} {seconds:.0f} s"
        with open(out / "summary.txt", "a") as f:
            f.write(line + "\n")
        print(line, flush=True)
        if args.write and proc.returncode == 0:
            shown = " ".join(["python", f"tests/benchmarks/{name}.py"] + cmd[2:])
            body = (f"`{shown}`, {datetime.date.today().isoformat()} ({seconds:.0f} s in all):\n\n"
                    f"```text\n{proc.stdout.rstrip()}\n```")
            write_section(ROOT / "docs" / "performance.md", name, body)


if __name__ == "__main__":
    main()
