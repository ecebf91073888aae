"""The verification report: counts by language and status, as a dict (JSON), a terminal table,
markdown and a self-contained HTML page."""
from __future__ import annotations

import collections
import html
import json
from dataclasses import dataclass, field
from typing import Any, Iterable

from recipec.runtime.sandbox.results import RunResult, Status, TestStatus

STATUSES = [status.value for status in Status]


@dataclass
class VerifyStats:
    """Running counts of verification records; `report()` is `verification_report` of them all."""

    counts: collections.Counter = field(default_factory=collections.Counter)  # (language, status)
    tests: collections.Counter = field(default_factory=collections.Counter)  # (language, "total"|"passed")
    wall_time: float = 0.0
    cpu_time: float = 0.0

    def add(self, record: dict[str, Any]) -> None:
        language, status = record.get("language") or "?", record["status"]
        self.counts[(language, status)] += 1
        self.tests[(language, "total")] += record.get("tests_total", 0)
        self.tests[(language, "passed")] += record.get("tests_passed", 0)
        self.wall_time += record.get("wall_time") or 0.0
        self.cpu_time += record.get("cpu_time") or 0.0

    def report(self) -> dict[str, Any]:
        by_language: dict[str, dict[str, Any]] = {}
        for (language, status), count in sorted(self.counts.items()):
            entry = by_language.setdefault(language, {"total": 0, "by_status": {}})
            entry["total"] += count
            entry["by_status"][status] = count
        for language, entry in by_language.items():
            entry["passed"] = entry["by_status"].get(Status.PASSED.value, 0)
            entry["pass_rate"] = round(entry["passed"] / entry["total"], 4) if entry["total"] else 0.0
            entry["tests_total"] = self.tests[(language, "total")]
            entry["tests_passed"] = self.tests[(language, "passed")]
        by_status = collections.Counter()
        for (_, status), count in self.counts.items():
            by_status[status] += count
        total = sum(by_status.values())
        return {
            "total": total,
            "passed": by_status.get(Status.PASSED.value, 0),
            "pass_rate": round(by_status.get(Status.PASSED.value, 0) / total, 4) if total else 0.0,
            "by_status": {status: by_status[status] for status in STATUSES if by_status[status]},
            "by_language": by_language,
            "tests_total": sum(v for (_, kind), v in self.tests.items() if kind == "total"),
            "tests_passed": sum(v for (_, kind), v in self.tests.items() if kind == "passed"),
            "wall_time": round(self.wall_time, 3),
            "cpu_time": round(self.cpu_time, 3),
        }


def _record(item: Any) -> dict[str, Any]:
    if isinstance(item, RunResult):
        passed = sum(1 for t in item.tests if t.status is TestStatus.PASSED)
        return {"language": item.language, "status": item.status.value,
                "tests_total": len(item.tests), "tests_passed": passed,
                "wall_time": item.wall_time, "cpu_time": item.run.cpu_time if item.run else None}
    if isinstance(item, dict) and "status" in item:
        return item
    if isinstance(item, dict) and isinstance(item.get("verification"), dict):
        return item["verification"]
    raise TypeError(f"not a verification result: {type(item).__name__}")


def verification_report(results: Iterable[Any] | VerifyStats) -> dict[str, Any]:
    """Counts by language and status of RunResults, verification records or verified rows."""
    if isinstance(results, VerifyStats):
        return results.report()
    stats = VerifyStats()
    for item in results:
        stats.add(_record(item))
    return stats.report()


def _columns(report: dict[str, Any]) -> list[str]:
    present = set(report["by_status"])
    return [status for status in STATUSES if status in present]


def _rows(report: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    columns = _columns(report)
    header = ["language", "runs", *columns, "pass rate", "tests passed"]
    rows = []
    for language, entry in sorted(report["by_language"].items()):
        rows.append([language, str(entry["total"]),
                     *(str(entry["by_status"].get(c, 0)) for c in columns),
                     f"{entry['pass_rate']:.1%}", f"{entry['tests_passed']}/{entry['tests_total']}"])
    rows.append(["all", str(report["total"]), *(str(report["by_status"].get(c, 0)) for c in columns),
                 f"{report['pass_rate']:.1%}", f"{report['tests_passed']}/{report['tests_total']}"])
    return header, rows


def render_text(report: dict[str, Any]) -> str:
    """A fixed-width table for the terminal."""
    header, rows = _rows(report)
    widths = [max(len(line[i]) for line in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in
                         enumerate(zip(cells, widths))).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(r) for r in rows[:-1]), rule, line(rows[-1])]) + "\n"


def render_markdown(report: dict[str, Any], title: str = "Verification report") -> str:
    header, rows = _rows(report)
    lines = [f"## {title}", "", "| " + " | ".join(header) + " |",
             "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    for row in rows[:-1]:
        lines.append("| " + " | ".join(row) + " |")
    lines.append("| " + " | ".join(f"**{cell}**" for cell in rows[-1]) + " |")
    lines.append("")
    lines.append(f"{report['total']} runs, {report['wall_time']:.1f} s wall time in the sandbox "
                 f"({report['cpu_time']:.1f} s CPU).")
    return "\n".join(lines) + "\n"


def render_html(report: dict[str, Any], title: str = "Verification report") -> str:
    header, rows = _rows(report)
    head = "".join(f"<th>{html.escape(cell)}</th>" for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
                   for row in rows[:-1])
    total = "".join(f"<th>{html.escape(cell)}</th>" for cell in rows[-1])
    data = html.escape(json.dumps(report, sort_keys=True))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; }}
table {{ border-collapse: collapse; }}
th, td {{ padding: .3rem .7rem; border-bottom: 1px solid #ddd; text-align: right; }}
th:first-child, td:first-child {{ text-align: left; }}
tfoot th {{ border-top: 2px solid #333; }}
</style></head>
<body><h1>{html.escape(title)}</h1>
<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody><tfoot><tr>{total}</tr></tfoot></table>
<p>{report['total']} runs, {report['wall_time']:.1f} s wall time in the sandbox ({report['cpu_time']:.1f} s CPU).</p>
<script type="application/json" id="report">{data}</script>
</body></html>
"""
