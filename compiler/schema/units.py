"""Unit suffixes and what they multiply by (design.md section 4).

`k`, `M`, `B`/`G`, `T` are decimal; `Ki`, `Mi`, `Gi`, `Ti` binary. Bytes: `MB` = 1e6, `MiB` = 2^20.
"""
from __future__ import annotations

from decimal import Decimal

COUNT = {
    None: 1, "k": 10**3, "K": 10**3, "M": 10**6, "B": 10**9, "G": 10**9, "T": 10**12,
    "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40,
}
BYTES = {
    None: 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12,
    "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40,
}
SECONDS = {None: Decimal(1), "ms": Decimal("0.001"), "s": Decimal(1), "min": Decimal(60),
           "h": Decimal(3600)}
PERCENT = {"%": Decimal("0.01")}

# What each unit family is called in messages.
FAMILY = {**{u: "a count" for u in COUNT if u}, **{u: "a size in bytes" for u in BYTES if u},
          **{u: "a duration" for u in SECONDS if u}, "%": "a percentage"}
