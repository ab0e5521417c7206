"""The machine's memory, as every engine may use it: one budget, one check, one way to say it.

`memory_budget()` is $LIEALG_MAX_MEMORY (GiB; the CLI's `--max-memory` sets it) or half the
machine's memory. Work whose largest arrays can be counted before it starts asks
`check_memory(what, need)`: beyond the budget it is refused (SizeLimitError, with the
estimate), and from `NOTICE_BYTES` on the expected peak is logged on the "liealg" logger
(the CLI prints it as a note on stderr) before the work begins.
"""

from __future__ import annotations

import logging
import os

from liealg.errors import SizeLimitError

#: From this many bytes the expected peak of a piece of work is stated before it starts.
NOTICE_BYTES = 1 << 30

log = logging.getLogger("liealg")
#: how a refusal says the budget can be raised
RAISE_BUDGET = " (--max-memory GIB or LIEALG_MAX_MEMORY raise it)"

_budget: int | None = None  # set_budget: the CLI's --max-memory


def set_budget(nbytes: int | None) -> None:
    """Fix the budget for this process (None: back to $LIEALG_MAX_MEMORY or half the machine's memory)."""
    global _budget
    _budget = None if nbytes is None else max(1, int(nbytes))


def memory_budget() -> int:
    """Bytes an engine may hold before it refuses: `set_budget`'s, else $LIEALG_MAX_MEMORY (GiB), else half
    the machine's memory."""
    if _budget is not None:
        return _budget
    text = os.environ.get("LIEALG_MAX_MEMORY", "").strip()
    if text:
        try:
            return max(1, int(float(text) * 2**30))
        except ValueError:
            pass
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2
    except (ValueError, OSError, AttributeError):  # pragma: no cover - not POSIX
        return 8 * 2**30


def memory_text(nbytes: float) -> str:
    """'12 KiB', '512 MiB', '5.1 GiB'."""
    if nbytes < 2**20:
        return f"{nbytes / 2**10:.0f} KiB"
    if nbytes < 2**30:
        return f"{nbytes / 2**20:.0f} MiB"
    return f"{nbytes / 2**30:.1f} GiB"


def check_memory(what: str, need: float, budget: int | None = None) -> None:
    """Refuse `what` if its estimated peak `need` (bytes) exceeds the budget; state it when it is large."""
    budget = memory_budget() if budget is None else budget
    if need > budget:
        raise SizeLimitError(f"{what} needs about {memory_text(need)} of memory, beyond the budget of "
                             f"{memory_text(budget)}{RAISE_BUDGET[:-1]}; fewer qubits, layers or points need less)")
    if need >= NOTICE_BYTES:
        log.info("%s: expected peak memory about %s (budget %s)", what, memory_text(need), memory_text(budget))
