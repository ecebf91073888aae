"""FIM + tokenize + pack against raw tiktoken, HF tokenizers and datatrove's DocumentTokenizer.

Corpus: the first `--mb` MB of the running Python's standard library `.py` files (path order),
real source code that every machine running this has. Tokenizer: the Qwen2.5 vocabulary built
offline from dashscope's ranks. Every variant encodes the same texts with the same vocabulary
on the same cores; rounds are interleaved (the variant order rotates each round) and each
variant's median over `--runs` rounds is reported, in MB/s of UTF-8 input.

    .venv/bin/python benchmarks/bench_fim_tokenize_pack.py [--mb 20] [--runs 5] [--threads 2]

Writes benchmarks/results/fim_tokenize_pack.md.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TOKENIZERS_PARALLELISM", "true")  # HF rows get both cores: their best case

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from machine import machine_line  # noqa: E402

from recipec.runtime.fim import ContextFim, FileFim, FimConfig  # noqa: E402
from recipec.runtime.packing import SequencePacker, ShardWriter, pack_documents  # noqa: E402
from recipec.runtime.tokenization import (  # noqa: E402
    QWEN25_ADDED_TOKENS,
    TextEncoder,
    build_qwen25_tokenizer,
    derive_merges,
    load_tiktoken_ranks,
    locate_qwen_ranks,
)

SEQ_LEN = 8192
BATCH = 256  # documents per encode call in the recipec pipelines
RESULT = ROOT / "benchmarks" / "results" / "fim_tokenize_pack.md"


def load_corpus(megabytes: float) -> list[str]:
    root = Path(sysconfig.get_paths()["stdlib"])
    texts, size = [], 0
    for path in sorted(p for p in root.rglob("*.py") if "site-packages" not in p.parts):
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        texts.append(text)
        size += len(text.encode("utf-8"))
        if size >= megabytes * 1e6:
            break
    return texts


def recipec_pipeline(encoder: TextEncoder, texts: list[str], out: Path, *, fim: FimConfig | None,
                     context: bool = False) -> None:
    """What a build step does: encode (FIM'd) documents in batches, pack to 8Ki, write shards."""
    file_fim = FileFim(encoder, None if context else fim)
    writer = ShardWriter(out, seq_len=SEQ_LEN, vocab_size=encoder.vocab_size,
                         pad_id=encoder.added_token_id("<|fim_pad|>"), eos_id=file_fim.end_id)
    transform = ContextFim(encoder, fim, key="bench") if context else None
    packer = SequencePacker(writer, transform=transform)
    pack_documents(packer, file_fim.encode, ((text, i, "python") for i, text in enumerate(texts)), batch_size=BATCH)
    writer.close(dict(packer.close()))


def datatrove_stock(tokenizer_json: Path, texts: list[str], out: Path) -> None:
    from datatrove.data import Document
    from datatrove.pipeline.tokens.tokenizer import DocumentTokenizer

    step = DocumentTokenizer(str(out), tokenizer_name_or_path=str(tokenizer_json), eos_token="<|endoftext|>",
                             shuffle_documents=False, save_final_metadata=False)
    documents = (Document(text=text, id=str(i)) for i, text in enumerate(texts))
    result = step.run(documents, rank=0, world_size=1)
    if result is not None:
        for _ in result:
            pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--skip-slow", action="store_true", help="leave out the HF and datatrove rows")
    parser.add_argument("--no-write", action="store_true", help="print the tables, keep the result file")
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    scratch = Path(tempfile.mkdtemp(prefix="bench-fim-"))
    try:
        build_times, merge_times, init_times = [], [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            tokenizer = build_qwen25_tokenizer(QWEN25_ADDED_TOKENS, save_to=scratch / "tokenizer.json")
            build_times.append(time.perf_counter() - start)
            ranks = load_tiktoken_ranks(locate_qwen_ranks())
            start = time.perf_counter()
            derive_merges(ranks)
            merge_times.append(time.perf_counter() - start)
            from recipec.runtime.tokenization import tiktoken_backend
            tiktoken_backend._CACHE.clear()  # measure a first encoder, not a cached one
            start = time.perf_counter()
            TextEncoder(tokenizer, threads=args.threads)
            init_times.append(time.perf_counter() - start)

        encoder = TextEncoder(tokenizer, threads=args.threads)
        hf_encoder = TextEncoder(tokenizer, backend="hf")
        raw = encoder._tiktoken  # the same Encoding: Qwen2.5 ranks and regex
        texts = load_corpus(args.mb)
        megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        file_fim = FimConfig(rate=0.5, spm_rate=0.5, split="char", seed=1)

        def out(name: str) -> Path:
            folder = scratch / name
            shutil.rmtree(folder, ignore_errors=True)
            return folder

        variants = {
            "raw tiktoken `encode_batch` (baseline)":
                lambda: raw.encode_batch(texts, num_threads=args.threads, disallowed_special=()),
            "raw tiktoken `encode_ordinary_batch`":
                lambda: raw.encode_ordinary_batch(texts, num_threads=args.threads),
            "recipec: file-level FIM 50% (PSM/SPM, char) + tokenize + pack 8Ki + write":
                lambda: recipec_pipeline(encoder, texts, out("fim"), fim=file_fim),
            "recipec: tokenize + pack 8Ki + write (no FIM)":
                lambda: recipec_pipeline(encoder, texts, out("plain"), fim=None),
            "recipec: context-level FIM 50% + pack 8Ki + write":
                lambda: recipec_pipeline(encoder, texts, out("context"), fim=file_fim, context=True),
        }
        if not args.skip_slow:
            variants["HF tokenizers `encode_batch_fast`"] = lambda: hf_encoder.encode_batch_lists(texts)
            variants["datatrove 0.10.1 stock `DocumentTokenizer` (1 task)"] = \
                lambda: datatrove_stock(scratch / "tokenizer.json", texts, out("datatrove"))
        times: dict[str, list[float]] = {name: [] for name in variants}
        cpu: dict[str, list[float]] = {name: [] for name in variants}
        names = list(variants)
        for round_number in range(args.runs):
            shift = round_number % len(names)
            for name in names[shift:] + names[:shift]:
                start, start_cpu = time.perf_counter(), time.process_time()
                variants[name]()
                times[name].append(time.perf_counter() - start)
                cpu[name].append(time.process_time() - start_cpu)
            print(f"round {round_number + 1}/{args.runs} done", file=sys.stderr)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    baseline = statistics.median(times[names[0]])
    baseline_cpu = statistics.median(cpu[names[0]])
    rows = []
    for name in names:
        median, median_cpu = statistics.median(times[name]), statistics.median(cpu[name])
        rows.append(f"| {name} | {megabytes / median:.2f} | {median:.2f} | {baseline / median:.2f}x "
                    f"| {median_cpu:.2f} | {baseline_cpu / median_cpu:.2f}x |")
    fim_name = next(n for n in names if n.startswith("recipec: file-level"))
    fim_ratio = baseline / statistics.median(times[fim_name])
    fim_cpu_ratio = baseline_cpu / statistics.median(cpu[fim_name])
    dt_name = next((n for n in names if n.startswith("datatrove")), None)
    vs_datatrove = (statistics.median(times[dt_name]) / statistics.median(times[fim_name])) if dt_name else None

    text = f"""## FIM, tokenize and pack

What: `benchmarks/bench_fim_tokenize_pack.py` on {len(texts):,} real source files ({megabytes:.1f} MB of the
Python standard library's `.py` files), Qwen2.5 vocabulary built offline from dashscope's ranks, {args.threads}
encoding threads. Each recipec row is what a build step does: encode documents in batches of {BATCH} (FIM pieces
and sentinel ids, added-token matching off, NFC), pack into {SEQ_LEN}-token sequences with document boundaries and
write the shard set (docs/shards.md) to local disk. Raw tiktoken and HF rows only encode (no NFC, no FIM, no
packing, no writing). MB/s of UTF-8 input (wall clock) and CPU seconds of the process (all threads; this
tells the cost apart from how busy the shared machine was); median of {args.runs} interleaved runs.

| pipeline | MB/s | median s | vs raw tiktoken | CPU s | vs raw tiktoken, CPU |
|---|---|---|---|---|---|
{chr(10).join(rows)}

- File-level FIM + tokenize + pack runs at **{fim_ratio:.2f}x** raw tiktoken `encode_batch` in wall time
  ({fim_cpu_ratio:.2f}x in CPU time; target >= 0.7x)"""
    if vs_datatrove:
        text += f" and **{vs_datatrove:.1f}x** datatrove's stock `DocumentTokenizer` (target about 4x)"
    text += f""".

Building the Qwen2.5 tokenizer (a cached build step): median of {args.runs} runs.

| step | median s |
|---|---|
| read 151,643 ranks + derive 151,387 merges + build HF tokenizer + save tokenizer.json | {statistics.median(build_times):.2f} |
| derive the 151,387 merges alone | {statistics.median(merge_times):.2f} |
| first `TextEncoder` for it (tiktoken equivalence check; later ones are cached) | {statistics.median(init_times):.2f} |

{machine_line()} Load average (1 min) {load_before:.1f} at the start and {os.getloadavg()[0]:.1f} at
the end of the run: other work shared the cores, so wall times are pessimistic; the CPU columns are not.
"""
    print(text)
    if not args.no_write:
        RESULT.write_text(text)


if __name__ == "__main__":
    main()
