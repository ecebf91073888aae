"""The one error a reader raises for a problem the user can fix (a wrong path, a missing split)."""
from __future__ import annotations


class InputSourceError(ValueError):
    """An input source cannot be read as configured. The message is one line: what, where, and a hint."""


def require_input_files(reader) -> None:
    """Raises `InputSourceError` when a disk reader's folder holds no file it would read.

    datatrove raises a bare `RuntimeError("No files found on ...")` deep in the pipeline instead; the
    build turns this error into a one-line message naming the step.
    """
    if getattr(reader, "paths_file", None):
        return
    folder = reader.data_folder
    where = folder.path
    if not folder.isdir(""):
        raise InputSourceError(f"{where}: no such folder; hint: check the source's path")
    if not folder.list_files(recursive=reader.recursive, glob_pattern=reader.glob_pattern):
        pattern = f" matching `{reader.glob_pattern}`" if reader.glob_pattern else ""
        raise InputSourceError(f"{where}: no input files{pattern}; hint: check the source's path and pattern")
