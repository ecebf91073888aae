"""The error type of packing and shard reading: bad settings or a damaged shard set."""
from __future__ import annotations

from recipec.runtime.hinted_error import HintedError


class ShardError(HintedError):
    pass
