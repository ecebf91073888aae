"""Downloads the pinned archives of sources.json with each registry's own client, and reads them.

- `pypi`: `pip download --no-deps --no-binary :all:` (the sdist); `pypi-wheel`: `--only-binary :all:`;
- `npm`: `npm pack name@version`;
- `deb`: `apt-get download name=version` (a binary package; Debian ships library sources in them).
Every archive is checked against the sha256 pinned in sources.json.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path


def _download_command(entry: dict, destination: Path) -> list[str]:
    name, version = entry["package"], entry["version"]
    origin = entry["origin"]
    if origin == "pypi":
        return [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                f"{name}=={version}", "-d", str(destination)]
    if origin == "pypi-wheel":
        return [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
                f"{name}=={version}", "-d", str(destination)]
    if origin == "npm":
        return ["npm", "pack", "--silent", f"{name}@{version}", "--pack-destination", str(destination)]
    if origin == "deb":
        return ["apt-get", "download", "-q", "-o", "APT::Sandbox::User=root", f"{name}={version}"]
    raise ValueError(f"{entry['repo']}: unknown origin {origin!r}")


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch(entry: dict, cache: Path) -> Path:
    """The local path of the entry's archive, downloaded into `cache` unless already there."""
    destination = cache / entry["origin"] / entry["repo"]
    destination.mkdir(parents=True, exist_ok=True)
    archives = sorted(p for p in destination.iterdir() if p.is_file())
    if not archives:
        subprocess.run(_download_command(entry, destination), check=True, cwd=destination)
        archives = sorted(p for p in destination.iterdir() if p.is_file())
    if len(archives) != 1:
        raise RuntimeError(f"{entry['repo']}: expected one archive in {destination}, found {archives}")
    return archives[0]


def _deb_members(path: Path) -> dict[str, bytes]:
    # dpkg-deb unpacks the data part of the .deb as a plain tar stream, whatever its compression
    tar_bytes = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(path)], check=True, capture_output=True).stdout
    return _tar_members(io.BytesIO(tar_bytes))


def _tar_members(fileobj) -> dict[str, bytes]:
    members = {}
    with tarfile.open(fileobj=fileobj, mode="r:*") as archive:
        for member in archive.getmembers():
            if member.isfile():
                members[member.name.removeprefix("./")] = archive.extractfile(member).read()
    return members


def read_archive(path: Path) -> dict[str, bytes]:
    """Every regular file of an archive (sdist, npm tarball, wheel or .deb): {path: bytes}."""
    if path.suffix == ".deb":
        return _deb_members(path)
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as archive:
            return {name: archive.read(name) for name in archive.namelist() if not name.endswith("/")}
    with path.open("rb") as stream:
        return _tar_members(stream)


def gunzip_if_needed(source_name: str, content: bytes, destination_name: str) -> bytes:
    """Debian compresses long docs (`README.md.gz`); the repository gets them as plain text."""
    if source_name.endswith(".gz") and not destination_name.endswith(".gz"):
        return gzip.decompress(content)
    return content
