"""One line that names the machine and date, for every benchmark's result file."""
from __future__ import annotations

import datetime
import os
import platform


def machine_line() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"Machine: {os.cpu_count()} cores ({cpu}), {mem_gib:.0f} GiB RAM, "
            f"Python {platform.python_version()}; date {datetime.date.today().isoformat()}.")
