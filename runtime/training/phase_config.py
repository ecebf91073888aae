"""The model config a phase trains with: its start checkpoint's config.json with the phase's
RoPE base, YaRN and maximum positions written in, checked by loading it back before any
training starts (and again on the final checkpoint)."""
from __future__ import annotations

import json
from pathlib import Path

from recipec.runtime.training.rope import (
    RopeSettings, check_folder, current_settings, phase_settings, write_settings,
)


def phase_config(start: Path, params: dict, out: Path) -> tuple[RopeSettings, str | None]:
    """Writes `out/config.json`; returns the RoPE settings and the checkpoint dtype to keep."""
    from transformers import AutoConfig

    config = AutoConfig.from_pretrained(str(start))
    settings = phase_settings(current_settings(config), params.get("rope_theta"),
                              params.get("yarn"), params.get("max_position_embeddings"))
    values = json.loads((start / "config.json").read_text())
    out.mkdir(parents=True, exist_ok=True)
    (out / "config.json").write_text(json.dumps(write_settings(values, settings), indent=2,
                                                sort_keys=True) + "\n")
    check_folder(out, settings)
    dtype = values.get("dtype", values.get("torch_dtype"))
    return settings, dtype if isinstance(dtype, str) else None
