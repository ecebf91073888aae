"""Pass 8: checks that need several blocks at once, each in its own module under `domain/`."""
from __future__ import annotations

from recipec.compiler.context import CompileContext


def check_domain(ctx: CompileContext) -> None:
    from recipec.compiler.passes.domain import DOMAIN_CHECKS

    for check in DOMAIN_CHECKS:
        check(ctx)
