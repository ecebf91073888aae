"""A gzip JSONL writer whose bytes depend only on the documents: isal speed, no timestamp.

datatrove's JsonlWriter compresses through fsspec's "gzip", which python-isal replaces when it is
importable (~7x faster than the standard library's level-9 gzip, see design.md 6b). Both write
the current time into the gzip header, so the same documents give different files on every run,
and a content-addressed cache would see a change that is not there. This module registers an
fsspec compression "gzip_stable" (isal when present, else the standard library, mtime fixed at 0)
and a writer that uses it. Files still end in ".gz" and read back as ordinary gzip.

The registration runs on import; importing this module is what unpickling `StableGzipJsonlWriter`
does in a worker process, so spawned workers have it too.
"""
from __future__ import annotations

import io

from datatrove.pipeline.writers import JsonlWriter
from fsspec.compression import compr, register_compression

COMPRESSION = "gzip_stable"


# Writers hand over one small JSON line at a time; deflating each on its own runs isal at less
# than half its speed, so writes are gathered into 1 MiB blocks first.
_WRITE_BLOCK = 1 << 20
# isal's fastest level. On real source code, in CPU time per read + write of gzip JSONL: level 0
# costs 1.22x an uncompressed write, level 2 (isal's default) 1.35x; files are ~6% larger
# (27.1% of the input vs 25.5%). The design target is <= 1.2x.
ISAL_LEVEL = 0


def _open_stable_gzip(infile, mode: str = "rb", **kwargs):
    try:
        from isal.igzip import IGzipFile

        gz = IGzipFile(fileobj=infile, mode=mode, mtime=0, compresslevel=ISAL_LEVEL, **kwargs)
    except ImportError:  # pragma: no cover - isal is a runtime dependency
        from gzip import GzipFile

        gz = GzipFile(fileobj=infile, mode=mode, mtime=0, compresslevel=1, **kwargs)
    return io.BufferedWriter(gz, buffer_size=_WRITE_BLOCK) if mode.startswith(("w", "a")) else gz


if COMPRESSION not in compr:
    # no extensions: ".gz" keeps inferring plain "gzip" for readers
    register_compression(COMPRESSION, _open_stable_gzip, [])


class StableGzipJsonlWriter(JsonlWriter):
    """JsonlWriter to `<rank>.jsonl.gz` files that are byte-identical for identical documents."""

    def __init__(self, output_folder, output_filename: str = "${rank}.jsonl.gz", **kwargs):
        if not output_filename.endswith(".gz"):
            output_filename += ".gz"
        super().__init__(output_folder, output_filename=output_filename, compression=COMPRESSION, **kwargs)
