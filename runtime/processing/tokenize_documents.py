"""Documents -> token ids, one datatrove rank at a time: the body of a mixture's tokenize step.

Each document is encoded piece by piece with added-token matching off (a file holding the text
`<|endoftext|>` stays ordinary text); document-level FIM or the repo-level format is applied
first when the component asks for it. A deterministic share of documents (by id) goes to the
held-out split instead, and, for FIM components, also as a FIM sample to `held_out_fim/` for
the FIM exact-match evaluation.
"""
from __future__ import annotations

from datatrove.pipeline.base import PipelineStep

BATCH = 256


class TokenizeDocuments(PipelineStep):
    name = "🔢 Tokenize documents"
    type = "TOKENIZE"

    def __init__(self, output: str, tokenizer_json: str, *, fim: dict | None = None,
                 repo: dict | None = None, held_out: float = 0.0, seed: int = 0,
                 end_of_document: str = "<|endoftext|>"):
        super().__init__()
        self.output = output
        self.tokenizer_json = tokenizer_json
        self.fim = fim
        self.repo = repo
        self.held_out = held_out
        self.seed = seed
        self.end_of_document = end_of_document

    # ------------------------------------------------------------------ setup
    def _encoder(self):
        from tokenizers import Tokenizer

        from recipec.runtime.tokenization import TextEncoder

        return TextEncoder(Tokenizer.from_file(self.tokenizer_json))

    def _fim_config(self, fim: dict | None, *, evaluation: bool = False):
        from recipec.runtime.fim import FimConfig

        if fim is None:
            return None
        if evaluation:  # every held-out document as a PSM sample
            return FimConfig(psm=fim["psm"], spm=None, rate=1.0, spm_rate=0.0,
                             split=fim["split"], ast_share=fim["ast_share"], seed=self.seed)
        return FimConfig(psm=fim["psm"], spm=fim["spm"], rate=fim["rate"],
                         spm_rate=fim["spm_rate"] if fim["spm"] else 0.0, split=fim["split"],
                         ast_share=fim["ast_share"], seed=self.seed)

    # ------------------------------------------------------------------ run
    def run(self, data, rank: int = 0, world_size: int = 1):
        from recipec.runtime.fim import FileFim, FimError
        from recipec.runtime.packing import HeldOutSplitter
        from recipec.runtime.packing.token_documents import TokenDocumentsWriter

        encoder = self._encoder()
        document_fim = self.fim if self.fim and self.fim["level"] == "document" else None
        try:
            train_fim = FileFim(encoder, self._fim_config(document_fim),
                                end_of_document=self.end_of_document)
            eval_fim = FileFim(encoder, self._fim_config(self.fim, evaluation=True),
                               end_of_document=self.end_of_document) if self.fim else None
        except FimError as error:
            raise ValueError(str(error)) from None
        splitter = HeldOutSplitter(self.held_out, self.seed)
        writers = {name: TokenDocumentsWriter(f"{self.output}/{name}", rank)
                   for name in ("documents", "held_out") + (("held_out_fim",) if eval_fim else ())}
        try:
            if self.repo is not None:
                self._repositories(data, encoder, splitter, writers)
            else:
                self._files(data, train_fim, eval_fim, splitter, writers)
        finally:
            for writer in writers.values():
                writer.close()
            for key, value in train_fim.stats.items():
                self.stat_update(key, value=value)
        yield from ()

    def _files(self, data, train_fim, eval_fim, splitter, writers) -> None:
        batch = []
        for doc in data:
            batch.append(doc)
            if len(batch) == BATCH:
                self._encode_batch(batch, train_fim, eval_fim, splitter, writers)
                batch = []
        if batch:
            self._encode_batch(batch, train_fim, eval_fim, splitter, writers)

    def _encode_batch(self, batch, train_fim, eval_fim, splitter, writers) -> None:
        held = [splitter.is_held_out(doc.id) for doc in batch]
        languages = [doc.metadata.get("language") for doc in batch]
        with self.track_time(unit="batch"):
            encoded = train_fim.encode([d.text for d in batch], [d.id for d in batch], languages)
        for doc, ids, is_held in zip(batch, encoded, held):
            self.stat_update(f"language_{doc.metadata.get('language') or 'unknown'}")
            if is_held:
                writers["held_out"].write(ids)
                self.stat_update("held_out_documents")
                self.stat_update("held_out_tokens", value=len(ids))
            else:
                writers["documents"].write(ids)
                self.stat_update("documents")
                self.stat_update("tokens", value=len(ids))
        if eval_fim is not None:
            chosen = [d for d, h in zip(batch, held) if h]
            if chosen:
                for ids in eval_fim.encode([d.text for d in chosen], [d.id for d in chosen],
                                           [d.metadata.get("language") for d in chosen]):
                    writers["held_out_fim"].write(ids)

    def _repositories(self, data, encoder, splitter, writers) -> None:
        from recipec.runtime.fim import RepoFile, RepoFormat, RepoLevel

        repo = self.repo
        level = RepoLevel(encoder, RepoFormat(
            header=repo["header"], file=repo["file"], separator=repo["separator"],
            end=repo["end"], order=repo["order"], max_files=repo["max_files"]),
            self._fim_config(repo["fim"]))
        name, files = None, []

        def flush() -> None:
            if not files:
                return
            target = "held_out" if splitter.is_held_out(name) else "documents"
            (ids,) = level.encode([(name, files)], [name])
            writers[target].write(ids)
            self.stat_update("repositories" if target == "documents" else "held_out_documents")
            self.stat_update("documents" if target == "documents" else "held_out_files",
                             value=len(files))
            self.stat_update("tokens" if target == "documents" else "held_out_tokens",
                             value=len(ids))

        for doc in data:
            repo_name = doc.metadata.get("repo") or doc.id.split("/", 1)[0]
            if repo_name != name:
                flush()
                name, files = repo_name, []
            self.stat_update(f"language_{doc.metadata.get('language') or 'unknown'}")
            files.append(RepoFile(doc.metadata.get("path") or doc.id, doc.text,
                                  doc.metadata.get("language")))
        flush()
