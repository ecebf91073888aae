"""Folders of source repositories on disk (or any fsspec URL): each file becomes one document.

Layout: `<root>/<repo>/<path>`; with `single_repo=True`, `<root>` itself is the one repository. A document
has id `<repo>/<path>` and metadata `repo`, `path`, `language` (a first guess from the file name, see
`extensions.py`), `license` (SPDX, from the repository's top-level license files, None when unknown) and
`size_bytes`. Files that are not source worth reading are skipped and counted per reason
(`skipped_<reason>`, see `file_skips.py`); with a `skips_writer`, each skipped file is also written out
with its reason.

Tasks split the work by repository, never inside one (repo-level steps need a repository's files
together), in sorted order, so any number of tasks yields the same documents. Only one file is held in
memory at a time, and no file over `max_file_bytes` is read at all.
"""
from __future__ import annotations

import posixpath

from datatrove.io import DataFolderLike
from datatrove.pipeline.readers.base import BaseDiskReader
from datatrove.pipeline.writers.disk_base import DiskWriter

from recipec.runtime.processing.readers import file_skips
from recipec.runtime.processing.readers.errors import InputSourceError
from recipec.runtime.processing.readers.extensions import language_from_path
from recipec.runtime.processing.readers.license_detect import LICENSE_FILE, license_of_files
from recipec.runtime.processing.readers.rejects import RejectTracker

DEFAULT_MAX_FILE_BYTES = 1_000_000
# License texts are a few KB; a bigger "LICENSE" file is something else and is not parsed.
_LICENSE_READ_BYTES = 200_000


class RepoFolderReader(BaseDiskReader):
    """Reads every source file of every repository under `data_folder`."""

    name = "📁 Repository folders"

    def __init__(
        self,
        data_folder: DataFolderLike,
        single_repo: bool = False,
        max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
        skip_vendored: bool = True,
        skip_generated: bool = True,
        detect_license: bool = True,
        limit: int = -1,
        skip: int = 0,
        default_metadata: dict | None = None,
        skips_writer: DiskWriter | None = None,
    ):
        super().__init__(data_folder, limit=limit, skip=skip, default_metadata=default_metadata,
                         add_file_path=False)
        self.single_repo = single_repo
        self.max_file_bytes = max_file_bytes
        self.skip_vendored = skip_vendored
        self.skip_generated = skip_generated
        self.detect_license = detect_license
        self.skips = RejectTracker(self, skips_writer, stat_prefix="skipped", log=False)

    # -- listing --------------------------------------------------------------------------------------
    def list_repos(self) -> tuple[list[tuple[str, str]], list[str]]:
        """(repository name, folder relative to `data_folder`) of every repository, sorted; and the loose
        files lying beside the repositories, which belong to none."""
        if self.single_repo:
            name = posixpath.basename(self.data_folder.path.rstrip("/")) or "repo"
            return [(name, "")], []
        entries = self.data_folder.find("", maxdepth=1, withdirs=True, detail=True)
        repos, loose_files = [], []
        for path, info in sorted(entries.items()):
            if info["type"] == "directory":
                if path:
                    repos.append((path, path))
            else:
                loose_files.append(path)
        return repos, loose_files

    def _repo_files(self, folder: str) -> list[tuple[str, dict]]:
        listing = self.data_folder.find(folder, detail=True)
        prefix = f"{folder}/" if folder else ""
        return [(path[len(prefix):], info) for path, info in sorted(listing.items())]

    def _repo_license(self, folder: str, files: list[tuple[str, dict]]) -> str | None:
        texts = {}
        for relative, info in files:
            if "/" not in relative and LICENSE_FILE.match(relative) and info.get("size", 0) <= _LICENSE_READ_BYTES:
                with self.data_folder.open(posixpath.join(folder, relative) if folder else relative, "rb") as f:
                    texts[relative] = f.read().decode("utf-8", errors="replace")
        return license_of_files(texts)

    # -- one file -------------------------------------------------------------------------------------
    def _skip(self, reason: str, repo: str, relative: str, content: bytes | None = None) -> None:
        self.skips.reject(reason, repo, relative, raw=content)

    def _reason_before_reading(self, relative: str, info: dict) -> str | None:
        reason = file_skips.skip_reason_for_path(relative)
        if (reason == "vendored" and not self.skip_vendored) or (reason == "generated" and not self.skip_generated):
            reason = None
        if reason is None and info.get("islink"):
            reason = "symlink"
        if reason is None and info.get("size", 0) > self.max_file_bytes:
            reason = "oversize"
        return reason

    def _reason_after_reading(self, relative: str, content: bytes, text: str | None) -> str | None:
        if len(content) > self.max_file_bytes:  # the listing's size was stale or missing
            return "oversize"
        reason = file_skips.skip_reason_for_bytes(content)
        if reason is None and text is None:
            reason = "not_utf8"
        if reason is None and self.skip_generated and file_skips.is_minified(relative, text):
            reason = "generated"
        return reason

    def _read_document(self, repo: str, folder: str, relative: str, info: dict, license_id: str | None):
        reason = self._reason_before_reading(relative, info)
        if reason:
            self._skip(reason, repo, relative)
            return None
        with self.data_folder.open(posixpath.join(folder, relative) if folder else relative, "rb") as f:
            content = f.read(self.max_file_bytes + 1)
        text = file_skips.decode_source(content) if b"\0" not in content[:file_skips.SNIFF_BYTES] else None
        reason = self._reason_after_reading(relative, content, text)
        if reason:
            # the beginning of a generated or undecodable file is worth seeing; of a binary one, not
            self._skip(reason, repo, relative, content if reason in ("generated", "not_utf8") else None)
            return None
        document = self.get_document_from_dict(
            {
                "text": text,
                "id": f"{repo}/{relative}",
                "repo": repo,
                "path": relative,
                "language": language_from_path(relative),
                "license": license_id,
                "size_bytes": len(content),
            },
            repo,
            relative,
        )
        return document

    def read_repo(self, repo: str, folder: str):
        """Yields the documents of one repository, in path order."""
        self.stat_update("repos")
        files = self._repo_files(folder)
        license_id = self._repo_license(folder, files) if self.detect_license else None
        self.stat_update("repos_with_license" if license_id else "repos_without_license")
        for relative, info in files:
            self.stat_update("files_seen")
            with self.track_time():
                document = self._read_document(repo, folder, relative, info, license_id)
            if document is not None:
                yield document

    def read_file(self, filepath: str):  # the abstract hook of BaseDiskReader; repositories replace files
        raise NotImplementedError("RepoFolderReader reads whole repositories; see read_repo")

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        if data:
            yield from data
        if not self.data_folder.isdir(""):
            raise InputSourceError(f"{self.data_folder.path}: no such folder; hint: check the source's path")
        repos, loose_files = self.list_repos()
        emitted = skipped = 0
        with self.skips.session(rank):
            if rank == 0:  # counted once, not once per task
                for path in loose_files:
                    self._skip("outside_repo", path, "")
            for repo, folder in repos[rank::world_size]:
                for document in self.read_repo(repo, folder):
                    if skipped < self.skip:
                        skipped += 1
                        continue
                    if self.limit != -1 and emitted >= self.limit:
                        return
                    emitted += 1
                    self.update_doc_stats(document)
                    yield document
