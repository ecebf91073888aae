"""Where a document is cut into prefix | middle | suffix: character or line level.

Character level follows BigCode's Megatron `permute`: two points drawn uniformly from
0..len(text) (code points), sorted. Line level draws them among line starts (and the end), so
the middle is a run of whole lines. The AST level lives in `ast_spans`.
"""
from __future__ import annotations

import random
from itertools import accumulate


def char_split(text: str, rng: random.Random) -> tuple[int, int]:
    first, second = rng.randint(0, len(text)), rng.randint(0, len(text))
    return (first, second) if first <= second else (second, first)


def line_split(text: str, rng: random.Random) -> tuple[int, int]:
    # Line starts: 0 and the position after each "\n"; plus the end of the text.
    starts = [0, *accumulate(len(line) + 1 for line in text.split("\n")[:-1])]
    if starts[-1] != len(text):
        starts.append(len(text))
    first, second = rng.choice(starts), rng.choice(starts)
    return (first, second) if first <= second else (second, first)
