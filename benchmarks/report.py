"""Assembles docs/performance.md from the result files the benchmarks write.

Each benchmark writes `benchmarks/results/<topic>.md` (medians of interleaved runs, with machine
and date); this script only concatenates them in name order under a common header, so no two
benchmarks ever edit the same file.

    python benchmarks/report.py
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = """# Performance

Every figure here is written by a script in `benchmarks/` (medians of interleaved runs; each
section names its machine and date). Regenerate one section with its script, then this page with
`python benchmarks/report.py`. Targets come from the issues and design.md section 6b.
"""


def main() -> None:
    sections = sorted((ROOT / "benchmarks" / "results").glob("*.md"))
    body = "\n\n".join(path.read_text().strip() for path in sections)
    (ROOT / "docs" / "performance.md").write_text(HEADER + "\n" + body + "\n")


if __name__ == "__main__":
    main()
