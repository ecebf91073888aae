"""`verify`: run each row's code in the isolated sandbox and keep rows by status.

Rows are documents: the code is `text`, the language `metadata.language`, tests (the sandbox's
JSON test-case format) `metadata.tests`; generated solutions and plain documents (synthetic
pretraining code) alike. The compact verification record goes into `metadata.verification` of
every row, kept (`data/`) or dropped (`dropped/`, reason = the status). With
`require_tests = true` a row without tests fails without running. The counts carry the report by
language and status, and the join of checklist scores with outcomes when rows were scored.

The sandbox refuses to run untrusted code where its mandatory isolation layers are missing: the
step then stops with one line naming them, instead of marking every row `unavailable`.
"""
from __future__ import annotations

import os

from recipec.runtime.steps.base import StepContext, StepError, StepKind, register
from recipec.runtime.steps.llm_steps import Outputs, chunks, read_rows
from recipec.runtime.steps.score import score_by_status


def sandbox_config(params: dict, keep=None):
    """A VerifyConfig from the verify block's values (`keep` None: every status comes back)."""
    from recipec.runtime.sandbox import VerifyConfig
    from recipec.runtime.sandbox.results import Status

    return VerifyConfig(code_field="text", language_field="language", tests_field="tests",
                        languages=frozenset(params["languages"]) or None,
                        timeout=float(params["timeout"]), memory=int(params["memory"]),
                        static_check=bool(params["static_check"]),
                        parallelism=params["parallelism"] or os.cpu_count() or 1,
                        keep=frozenset(keep) if keep is not None else
                        frozenset(s.value for s in Status))


def check_isolation() -> None:
    from recipec.runtime.sandbox import capabilities

    found = capabilities()
    if not found.isolated:
        raise StepError(f"the sandbox cannot isolate untrusted code here: missing "
                        f"{', '.join(found.missing)}",
                        "run `recipec sandbox check`; install bubblewrap and util-linux "
                        "(.ci/install-toolchains.sh)")


def flat(doc: dict) -> dict:
    """The fields verify_rows reads, from a document."""
    metadata = doc.get("metadata", {})
    return {"text": doc.get("text"), "language": metadata.get("language"),
            "tests": metadata.get("tests")}


def no_tests_record(language: str) -> dict:
    return {"status": "failed", "language": language, "message": "no tests (require_tests)",
            "tests_passed": 0, "tests_total": 0, "tests": [], "wall_time": 0.0,
            "cpu_time": None}


def verify_documents(docs: list[dict], params: dict, stats) -> list[dict]:
    """The verification record of each document, in order (every status comes back)."""
    from recipec.runtime.sandbox import verify_rows

    records: list[dict | None] = [None] * len(docs)
    to_run = []
    for index, doc in enumerate(docs):
        row = flat(doc)
        allowed = not params["languages"] or row["language"] in params["languages"]
        if params["require_tests"] and allowed and not _has_tests(row["tests"]):
            stats.add(no_tests_record(row["language"] or "?"))
            records[index] = stable(no_tests_record(row["language"] or "?"))
        else:
            to_run.append((index, row))
    from recipec.runtime.sandbox.execute import SandboxFault
    from recipec.runtime.sandbox.isolation.identity import NoFreeUid

    verified = verify_rows((row for _, row in to_run), sandbox_config(params), stats=stats)
    try:
        for (index, _), row in zip(to_run, verified):
            records[index] = stable(row["verification"])
    except (SandboxFault, NoFreeUid) as error:
        raise StepError(f"the sandbox failed: {error}",
                        "run `recipec sandbox check`; other builds may hold every sandbox uid") \
            from None
    return records  # type: ignore[return-value]


# Measurements that differ from run to run: counted in the step's report, never written into
# rows, so a re-run over the same rows writes the same bytes (and its readers stay cached).
UNSTABLE = ("wall_time", "cpu_time", "peak_memory", "compile_time", "compile_cached")


def stable(record: dict) -> dict:
    kept = {k: v for k, v in record.items() if k not in UNSTABLE}
    kept["tests"] = [{k: v for k, v in t.items() if k not in UNSTABLE}
                     for t in record.get("tests", [])]
    return kept


def _has_tests(tests) -> bool:
    if isinstance(tests, dict):
        tests = tests.get("cases")
    return bool(tests)


@register
class Verify(StepKind):
    kind = "verify"
    libraries = ("tree-sitter-language-pack",)

    def run(self, ctx: StepContext) -> dict:
        from recipec.runtime.sandbox import VerifyStats

        params = ctx.params
        check_isolation()
        keep = set(params["keep"])
        stats = VerifyStats()
        out = Outputs(ctx)
        scored: dict[str, list[float]] = {}
        rows = (doc for step_id in ctx.step.inputs for doc in read_rows(ctx.inputs[step_id]))
        for chunk in chunks(rows, 256):
            out.docs_in += len(chunk)
            for doc, record in zip(chunk, verify_documents(chunk, params, stats)):
                doc = {**doc, "metadata": {**doc["metadata"], "verification": record}}
                if doc["metadata"].get("score") is not None:
                    scored.setdefault(record["status"], []).append(doc["metadata"]["score"])
                if record["status"] in keep:
                    out.keep(doc)
                else:
                    out.drop(doc, record["status"])
            if ctx.progress:
                ctx.progress(out.docs_in, None, "rows")
        counts = out.close()
        counts["verification"] = stats.report()
        if scored:
            counts["score_by_status"] = score_by_status(scored)
        return counts
