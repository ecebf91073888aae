"""Repo-level samples: a repository's files in one sequence, FIM on the last file.

Qwen2.5-Coder's format (design.md section 5):

    <|repo_name|>{repo_name}
    <|file_sep|>{path1}
    {content1}
    <|file_sep|>{path2}
    ...
    <|file_sep|>{pathN}
    <|fim_prefix|>{pre}<|fim_suffix|>{suf}<|fim_middle|>{mid}<|endoftext|>

As the recipe's `repo_format` block declares it: `header` (with {repo_name}), then each file by
the `file` template (with {path} and {content}), `separator` between files. Without FIM (drawn
at the FIM rate, per repository) `end` closes the sample; with FIM, the last file's {content}
is the PSM or SPM rendering of its content, which already ends the sample. Text between
sentinels (a path, its newline and the content) is encoded as one piece, the FIM pieces each
on their own. Files are ordered by `repo_order.order_files`; `max_files` keeps the first ones.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from recipec.runtime.fim.config import FimConfig
from recipec.runtime.fim.errors import FimError
from recipec.runtime.fim.file_level import FileFim, FimSplitter
from recipec.runtime.fim.repo_order import ORDERS, order_files
from recipec.runtime.fim.segments import Segment, SentinelTemplate, added_token_ids, encode_segments

QWEN25_REPO_HEADER = "<|repo_name|>{repo_name}\n"
QWEN25_REPO_FILE = "<|file_sep|>{path}\n{content}"
QWEN25_REPO_SEPARATOR = "\n"
QWEN25_REPO_END = "<|endoftext|>"


@dataclass(frozen=True)
class RepoFile:
    path: str
    content: str
    language: str | None = None


@dataclass(frozen=True)
class RepoFormat:
    header: str = QWEN25_REPO_HEADER
    file: str = QWEN25_REPO_FILE
    separator: str = QWEN25_REPO_SEPARATOR
    end: str = QWEN25_REPO_END
    order: str = "path"  # path | dependency
    max_files: int | None = None

    def __post_init__(self) -> None:
        if self.order not in ORDERS:
            raise FimError(f"repo file order `{self.order}` is unknown", f"use one of {', '.join(ORDERS)}")
        if self.max_files is not None and self.max_files < 1:
            raise FimError(f"max_files {self.max_files} must be at least 1")


class RepoLevel:
    """Repositories -> token ids in the repo-level format, FIM on the last file at `fim.rate`."""

    def __init__(self, encoder, repo_format: RepoFormat = RepoFormat(), fim: FimConfig | None = None) -> None:
        self.encoder = encoder
        self.format = repo_format
        sentinels = added_token_ids(encoder.tokenizer)

        def template(text: str, names: tuple[str, ...], what: str) -> SentinelTemplate:
            return SentinelTemplate(text, names, sentinels, what=f"repo-level {what} template")

        self.header = template(repo_format.header, ("repo_name",), "header")
        self.file = template(repo_format.file, ("path", "content"), "file")
        self.separator = template(repo_format.separator, (), "separator")
        self.end = template(repo_format.end, (), "end")
        self.file_fim = FileFim(encoder, fim) if fim is not None else None
        self.splitter = FimSplitter(fim) if fim is not None and fim.rate > 0 else None
        self.stats: Counter[str] = Counter()

    def ordered(self, files: Sequence[RepoFile]) -> list[RepoFile]:
        paths = [f.path for f in files]
        if len(set(paths)) != len(paths):
            duplicate = next(p for p in paths if paths.count(p) > 1)
            raise FimError(f"a repository lists the file `{duplicate}` twice")
        ordered = order_files(files, self.format.order)
        if self.format.max_files is not None and len(ordered) > self.format.max_files:
            self.stats["files_over_max_files"] += len(ordered) - self.format.max_files
            ordered = ordered[:self.format.max_files]
        return ordered

    def segments(self, name: str, files: Sequence[RepoFile], repo_id: str | int) -> list[Segment]:
        files = [RepoFile(f.path, self.encoder.normalise(f.content), f.language) for f in self.ordered(files)]
        segments = self.header.render({"repo_name": name}, join_text=True)
        self.stats["repositories"] += 1
        self.stats["files"] += len(files)
        sample = None
        if files and self.splitter is not None:
            last = files[-1]
            sample = self.splitter.sample(last.content, repo_id, last.language)
            if sample.mode is None:
                sample = None
        for index, file in enumerate(files):
            if index:
                _extend(segments, self.separator.render({}, join_text=True))
            content: str | list[Segment] = file.content
            if sample is not None and index == len(files) - 1:
                self.stats["fim_last_file"] += 1
                content = self.file_fim.sample_segments(sample)
            _extend(segments, self.file.render({"path": file.path, "content": content}, join_text=True))
        if sample is None:
            _extend(segments, self.end.render({}, join_text=True))
        return segments

    def encode(self, repositories: Sequence[tuple[str, Sequence[RepoFile]]],
               repo_ids: Sequence[str | int]) -> list[np.ndarray]:
        """Ids of each repository sample; all text of the batch encoded together."""
        return encode_segments(self.encoder, [self.segments(name, files, repo_id)
                                              for (name, files), repo_id in zip(repositories, repo_ids)])

    def text(self, name: str, files: Sequence[RepoFile], repo_id: str | int) -> str:
        """The sample as text (sentinels spelled out), to show a person."""
        return "".join(s if isinstance(s, str) else self.encoder.decode([s])
                       for s in self.segments(name, files, repo_id))


def _extend(segments: list[Segment], more: list[Segment]) -> None:
    """Appends one template's segments, joining its leading text to trailing text before it
    (so a separator and the next path are one piece), and nothing else."""
    if more and segments and isinstance(more[0], str) and isinstance(segments[-1], str):
        segments[-1] += more[0]
        more = more[1:]
    segments.extend(more)
