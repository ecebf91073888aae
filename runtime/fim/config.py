"""FIM settings as a recipe declares them, and Qwen2.5's templates for reference."""
from __future__ import annotations

from dataclasses import dataclass

from recipec.runtime.fim.errors import FimError

# design.md section 5. PSM, and SPM "variant 2" of Bavarian et al. (2022) as BigCode uses it;
# both end with <|endoftext|>. The stdlib's qwen25_coder module declares the same strings.
QWEN25_PSM = "<|fim_prefix|>{prefix}<|fim_suffix|>{suffix}<|fim_middle|>{middle}<|endoftext|>"
QWEN25_SPM = "<|fim_prefix|><|fim_suffix|>{suffix}<|fim_middle|>{prefix}{middle}<|endoftext|>"
FIM_PLACEHOLDERS = ("prefix", "middle", "suffix")
SPLIT_LEVELS = ("char", "line", "ast")


@dataclass(frozen=True)
class FimConfig:
    """`rate`: share of documents transformed; `spm_rate`: share of those in SPM order;
    `split`: char | line | ast; `ast_share`: with `split="ast"`, the share of AST spans (the
    rest are random character spans, ~90/10 in published AST-FIM work); `seed` with the
    document id seeds every draw."""

    psm: str = QWEN25_PSM
    spm: str | None = QWEN25_SPM  # may be None when spm_rate is 0
    rate: float = 0.5
    spm_rate: float = 0.5
    split: str = "char"
    ast_share: float = 0.9
    seed: int = 0

    def __post_init__(self) -> None:
        for name in ("rate", "spm_rate", "ast_share"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise FimError(f"FIM {name} {value} is outside [0, 1]", "write it as a share, e.g. 50%")
        if self.spm is None and self.spm_rate > 0:
            raise FimError(f"FIM spm_rate is {self.spm_rate} but no SPM template is given",
                           "set `spm` (e.g. qwen.fim_spm) or spm_rate = 0%")
        if self.split not in SPLIT_LEVELS:
            raise FimError(f"FIM split `{self.split}` is unknown", f"use one of {', '.join(SPLIT_LEVELS)}")
