"""RoPE base, YaRN and maximum positions: written into a checkpoint's config in the shape the
installed transformers reads, then checked by loading the config and the RoPE it computes.

transformers 5.x keeps all of it in `rope_parameters` (`{"rope_type": "yarn", "rope_theta": 1e6,
"factor": 4.0, "original_max_position_embeddings": 32768}`) and converts the legacy 4.x form
(`rope_theta` + `rope_scaling`) on load; 4.x reads only the legacy form. We write the form of
the installed major version (design.md section 5) and never trust the dict we wrote: the check
loads the file back and compares the inverse frequencies transformers derives from it with the
ones the settings imply.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

YARN_ATTENTION = 0.1  # YaRN's attention temperature: 0.1 * ln(factor) + 1


class RopeError(Exception):
    """The config transformers loads does not give the RoPE the phase asked for."""


@dataclass(frozen=True)
class RopeSettings:
    theta: float
    max_positions: int
    yarn_factor: float | None = None
    original_max: int | None = None

    @property
    def rope_type(self) -> str:
        return "yarn" if self.yarn_factor else "default"


def transformers_major() -> int:
    from importlib.metadata import version

    return int(version("transformers").split(".")[0])


def current_settings(config) -> RopeSettings:
    """What a loaded config holds now (either transformers major)."""
    parameters = getattr(config, "rope_parameters", None) or {}
    scaling = parameters if parameters.get("rope_type") == "yarn" else \
        (getattr(config, "rope_scaling", None) or {})
    theta = parameters.get("rope_theta", getattr(config, "rope_theta", 10000.0))
    if scaling.get("rope_type", scaling.get("type")) == "yarn":
        return RopeSettings(float(theta), int(config.max_position_embeddings),
                            float(scaling["factor"]), int(scaling["original_max_position_embeddings"]))
    return RopeSettings(float(theta), int(config.max_position_embeddings))


def phase_settings(current: RopeSettings, rope_theta: float | None, yarn: dict | None,
                   max_positions: int | None) -> RopeSettings:
    """The settings a phase asks for; what it leaves unset is kept from its start checkpoint.

    With YaRN and no explicit maximum, the maximum is `original_max * factor`: transformers
    derives YaRN's attention scaling from that ratio when they disagree, and warns."""
    theta = float(rope_theta) if rope_theta is not None else current.theta
    if yarn is None:
        return RopeSettings(theta, int(max_positions or current.max_positions),
                            current.yarn_factor, current.original_max)
    factor, original = float(yarn["factor"]), int(yarn["original_max"])
    return RopeSettings(theta, int(max_positions or round(original * factor)), factor, original)


def write_settings(config_dict: dict, settings: RopeSettings, major: int | None = None) -> dict:
    """`config_dict` (a config.json's content) with the settings in the installed major's shape."""
    major = major or transformers_major()
    out = {k: v for k, v in config_dict.items() if k not in ("rope_scaling", "rope_parameters",
                                                             "rope_theta")}
    out["max_position_embeddings"] = settings.max_positions
    yarn = {"factor": settings.yarn_factor,
            "original_max_position_embeddings": settings.original_max} if settings.yarn_factor else None
    if major >= 5:
        out["rope_parameters"] = {"rope_type": settings.rope_type, "rope_theta": settings.theta,
                                  **(yarn or {})}
    else:
        out["rope_theta"] = settings.theta
        out["rope_scaling"] = {"type": "yarn", "rope_type": "yarn", **yarn} if yarn else None
    return out


def expected_inv_freq(settings: RopeSettings, dim: int):
    """The inverse frequencies the settings imply, computed here from the definitions:
    plain RoPE `theta^(-2i/d)`; YaRN keeps the highest frequencies and divides the lowest by
    `factor` (NTK-by-parts), so we check those two ends and the attention factor."""
    import torch

    return 1.0 / (settings.theta ** (torch.arange(0, dim, 2, dtype=torch.float64) / dim))


def model_rope(config):
    """(inverse frequencies, attention scaling) as the model's own rotary embedding computes
    them from `config`: what training and inference will actually use."""
    from transformers.models.qwen2.modeling_qwen2 import Qwen2RotaryEmbedding

    rotary = Qwen2RotaryEmbedding(config=config)
    return rotary.inv_freq.double(), float(rotary.attention_scaling)


def check_config(config, settings: RopeSettings) -> None:
    """Raises RopeError unless `config` (as transformers loaded it) computes the RoPE of
    `settings`."""
    found = current_settings(config)
    if found != settings:
        raise RopeError(f"the checkpoint's config reads back as {found}, not {settings}")
    head_dim = getattr(config, "head_dim", None) or config.hidden_size // config.num_attention_heads
    plain = expected_inv_freq(settings, head_dim)
    inv_freq, attention = model_rope(config)
    if settings.yarn_factor:
        want_attention = YARN_ATTENTION * math.log(settings.yarn_factor) + 1.0
        ends_ok = (math.isclose(float(inv_freq[0]), float(plain[0]), rel_tol=1e-5) and
                   math.isclose(float(inv_freq[-1]), float(plain[-1]) / settings.yarn_factor,
                                rel_tol=1e-5))
        if not ends_ok or not math.isclose(attention, want_attention, rel_tol=1e-6):
            raise RopeError(f"YaRN as transformers computes it (attention factor {attention:.4f}, "
                            f"lowest frequency {float(inv_freq[-1]):.3g}) does not match factor "
                            f"{settings.yarn_factor} on base {settings.theta:g}")
        return
    if attention != 1.0 or not all(math.isclose(float(a), float(b), rel_tol=1e-5)
                                   for a, b in zip(inv_freq, plain)):
        raise RopeError(f"the RoPE transformers computes is not plain RoPE of base "
                        f"{settings.theta:g}")


def check_folder(folder, settings: RopeSettings) -> None:
    """Loads `folder/config.json` with AutoConfig and checks its RoPE."""
    from transformers import AutoConfig

    check_config(AutoConfig.from_pretrained(str(folder)), settings)
