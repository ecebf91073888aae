"""Fill-in-the-middle and repo-level formats: file-level and context-level FIM (PSM/SPM at
character, line or AST level), the repo-level sample, and undoing FIM (docs/fim.md)."""
from recipec.runtime.fim.config import FIM_PLACEHOLDERS, QWEN25_PSM, QWEN25_SPM, SPLIT_LEVELS, FimConfig
from recipec.runtime.fim.context_level import FIM_PAD, ContextFim
from recipec.runtime.fim.errors import FimError
from recipec.runtime.fim.file_level import END_OF_DOCUMENT, FileFim, FimSample, FimSplitter
from recipec.runtime.fim.repo_level import RepoFile, RepoFormat, RepoLevel
from recipec.runtime.fim.repo_order import order_files
from recipec.runtime.fim.seeding import document_rng
from recipec.runtime.fim.segments import SentinelTemplate, encode_segments
from recipec.runtime.fim.undo import match_template, undo_fim

__all__ = [
    "END_OF_DOCUMENT", "FIM_PAD", "FIM_PLACEHOLDERS", "QWEN25_PSM", "QWEN25_SPM", "SPLIT_LEVELS",
    "ContextFim", "FileFim", "FimConfig", "FimError", "FimSample", "FimSplitter", "RepoFile", "RepoFormat",
    "RepoLevel", "SentinelTemplate", "document_rng", "encode_segments", "match_template", "order_files",
    "undo_fim",
]
