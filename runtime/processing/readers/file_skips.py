"""Which files of a repository are not source code worth reading, and why.

Every rule returns a reason name; the reader counts skipped files per reason (`skipped_<reason>`). The
lists follow GitHub linguist's `vendor.yml`/`generated.rb` and The Stack's choices, kept short on purpose:
- `vcs_metadata`: inside `.git`, `.hg`, `.svn`, `.bzr`;
- `vendored`: inside a directory of third-party code (`node_modules`, `vendor`, `third_party`, ...);
- `build_cache`: inside a tool's cache or virtual environment (`__pycache__`, `.venv`, `.tox`, ...);
- `generated`: lock files, minified bundles and their source maps, protobuf/gRPC stubs and other
  code generators' outputs recognisable by name, and (by content) minified JavaScript/CSS;
- `binary`: a known binary extension, or a NUL byte in the first 8000 bytes (git's own test);
- `oversize`: over the size limit (1 MB by default, The Stack's limit), decided before reading;
- `empty`, `not_utf8`: nothing to read, or bytes that are not UTF-8 text.
"""
from __future__ import annotations

import posixpath

from recipec.runtime.processing.readers.extensions import extension_of

VCS_DIRS = frozenset({".git", ".hg", ".svn", ".bzr"})

VENDORED_DIRS = frozenset({
    "node_modules", "bower_components", "jspm_packages", "vendor", "vendors", "third_party",
    "third-party", "thirdparty", "3rdparty", "Pods", "Carthage", "site-packages",
})

CACHE_DIRS = frozenset({"__pycache__", ".venv", ".tox", ".mypy_cache", ".pytest_cache", ".ruff_cache"})

LOCK_FILES = frozenset({
    "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb",
    "cargo.lock", "gemfile.lock", "poetry.lock", "pipfile.lock", "uv.lock", "pdm.lock", "composer.lock",
    "go.sum", "mix.lock", "pubspec.lock", "flake.lock", "packages.lock.json", "podfile.lock",
})

GENERATED_SUFFIXES = (
    ".min.js", ".min.mjs", ".min.css", ".js.map", ".mjs.map", ".cjs.map", ".css.map", ".ts.map",
    ".pb.go", ".pb.gw.go", "_pb2.py", "_pb2.pyi", "_pb2_grpc.py", ".pb.cc", ".pb.h", ".pb.swift",
    "_pb.js", "_grpc_pb.js", ".pbobjc.h", ".pbobjc.m", ".designer.cs", ".g.cs", ".g.i.cs",
    ".generated.cs", ".g.dart", ".freezed.dart", ".gen.go",
)

BINARY_EXTENSIONS = frozenset({
    "png", "jpg", "jpeg", "gif", "bmp", "ico", "icns", "webp", "tif", "tiff", "psd", "pdf", "eps",
    "zip", "gz", "tgz", "bz2", "xz", "zst", "7z", "rar", "tar", "jar", "war", "ear", "class", "so",
    "dylib", "dll", "exe", "o", "a", "lib", "obj", "pyc", "pyo", "pyd", "whl", "egg", "woff", "woff2",
    "ttf", "otf", "eot", "mp3", "mp4", "wav", "ogg", "flac", "avi", "mov", "mkv", "webm", "db",
    "sqlite", "sqlite3", "npy", "npz", "pkl", "pickle", "h5", "hdf5", "parquet", "arrow", "onnx",
    "pt", "pth", "ckpt", "safetensors", "wasm", "bin", "deb", "rpm", "dmg", "iso", "lockb",
})

MINIFIABLE_EXTENSIONS = frozenset({"js", "mjs", "cjs", "css"})
SNIFF_BYTES = 8000
# Hand-written JavaScript/CSS averages well under 100 characters a line; bundlers emit one long line.
MINIFIED_MIN_CHARS = 500
MINIFIED_AVERAGE_LINE = 250


def skip_reason_for_path(relative_path: str) -> str | None:
    """Why a file is skipped judging by its path inside the repository alone, or None."""
    parts = relative_path.split("/")
    directories, name = parts[:-1], parts[-1].lower()
    if any(part in VCS_DIRS for part in directories):
        return "vcs_metadata"
    if any(part in VENDORED_DIRS for part in directories):
        return "vendored"
    if any(part in CACHE_DIRS for part in directories):
        return "build_cache"
    if name in LOCK_FILES or name.endswith(GENERATED_SUFFIXES):
        return "generated"
    if extension_of(name) in BINARY_EXTENSIONS:
        return "binary"
    return None


def skip_reason_for_bytes(content: bytes) -> str | None:
    """Why a file is skipped judging by its first bytes, or None."""
    if not content:
        return "empty"
    if b"\0" in content[:SNIFF_BYTES]:
        return "binary"
    return None


def is_minified(relative_path: str, text: str) -> bool:
    """True for a JavaScript/CSS file whose lines are far longer than anything written by hand."""
    if extension_of(posixpath.basename(relative_path)) not in MINIFIABLE_EXTENSIONS:
        return False
    if len(text) < MINIFIED_MIN_CHARS:
        return False
    lines = text.count("\n") + 1
    return len(text) / lines > MINIFIED_AVERAGE_LINE


def decode_source(content: bytes) -> str | None:
    """The file's text (UTF-8, a byte-order mark dropped), or None when it is not UTF-8."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
