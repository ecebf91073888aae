"""Processing blocks of the data runtime, each a datatrove `PipelineStep` with plain constructor arguments.

- `readers`: jsonl / parquet / local Hugging Face datasets / folders of repositories, which count every
  malformed row or skipped file by reason instead of failing or dropping it silently.
- `filters`: StarCoder-style rule filters for code, license filtering, offline text-quality filters.
- `redaction`: e-mail, IP-address and secret redaction, counted per kind.

This package imports nothing itself, so that one subpackage can be used without loading the others.
"""
