"""Writes the two small sets the tiny Qwen2.5-Coder recipe needs beside the quickstart bundle.

Both are written for this project (Apache-2.0, like the project):
- synthetic.jsonl.gz: self-contained programs standing in for CodeQwen1.5's synthetic data.
  Some do not run (a syntax error, a runtime error, a wrong assertion), so the sandbox's
  "keep only executable code" step has something to remove.
- seed_instructions.jsonl: a few instructions per language, the multilingual agents' seeds.

    python recipes/data/qwen25_tiny/make_data.py
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path

HERE = Path(__file__).parent

PROGRAMS = [
    ("python", "fib", "def fib(n):\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n\nassert [fib(i) for i in range(8)] == [0, 1, 1, 2, 3, 5, 8, 13]\nprint(fib(30))\n"),
    ("python", "word_count", "from collections import Counter\n\ntext = 'the quick brown fox jumps over the lazy dog the end'\ncounts = Counter(text.split())\nassert counts['the'] == 3\nprint(counts.most_common(2))\n"),
    ("python", "primes", "def primes(limit):\n    sieve = [True] * (limit + 1)\n    sieve[0:2] = [False, False]\n    for i in range(2, int(limit ** 0.5) + 1):\n        if sieve[i]:\n            sieve[i * i::i] = [False] * len(sieve[i * i::i])\n    return [i for i, p in enumerate(sieve) if p]\n\nassert primes(20) == [2, 3, 5, 7, 11, 13, 17, 19]\nprint(len(primes(1000)))\n"),
    ("python", "syntax_error", "def broken(:\n    return 1\n"),
    ("python", "runtime_error", "values = [1, 2, 3]\nprint(values[10])\n"),
    ("python", "wrong_assert", "def add(a, b):\n    return a - b\n\nassert add(2, 2) == 4\n"),
    ("javascript", "reverse", "function reverse(s) {\n  return s.split('').reverse().join('');\n}\nif (reverse('abc') !== 'cba') throw new Error('reverse');\nconsole.log(reverse('recipec'));\n"),
    ("javascript", "gcd", "const gcd = (a, b) => (b === 0 ? a : gcd(b, a % b));\nif (gcd(48, 18) !== 6) throw new Error('gcd');\nconsole.log(gcd(1071, 462));\n"),
    ("javascript", "throws", "const data = JSON.parse('{not json}');\nconsole.log(data);\n"),
    ("c++", "sum", "#include <iostream>\n#include <numeric>\n#include <vector>\n\nint main() {\n  std::vector<int> v(100);\n  std::iota(v.begin(), v.end(), 1);\n  std::cout << std::accumulate(v.begin(), v.end(), 0) << std::endl;\n  return 0;\n}\n"),
    ("c++", "compile_error", "#include <iostream>\nint main() {\n  std::cout << undefined_name << std::endl;\n}\n"),
]

SEEDS = {
    "python": ["Write a function that merges two sorted lists into one sorted list.",
               "Parse a CSV line with quoted fields into a list of strings."],
    "javascript": ["Debounce a function so it runs at most once every N milliseconds.",
                   "Deep-clone a plain JSON object without using JSON.stringify."],
    "c++": ["Implement a fixed-size ring buffer class template.",
            "Count the words of a text read from standard input."],
}


def main() -> None:
    with gzip.GzipFile(HERE / "synthetic.jsonl.gz", "wb", mtime=0) as f:
        for language, name, code in PROGRAMS:
            row = {"id": f"synthetic/{language}/{name}", "text": code, "language": language}
            f.write((json.dumps(row, sort_keys=True) + "\n").encode())
    with open(HERE / "seed_instructions.jsonl", "w") as f:
        for language, instructions in SEEDS.items():
            for index, instruction in enumerate(instructions):
                row = {"id": f"seed/{language}/{index}", "text": instruction,
                       "language": language}
                f.write(json.dumps(row, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
