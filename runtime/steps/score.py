"""`score`: a judge model scores every row against a checklist; a threshold filters.

Each item gets an integer from 0 to the checklist's `scale`; the row's score is the weighted
sum, on the same scale (weights sum to 1: the compiler checks it). `mode = single_call` asks one
call for all items and parses one JSON object (the default); `per_item` asks one call per item.
The judge prompt is rendered with `instruction`, `response` (the row's answer), `language`,
`items` (objects with `name` and `question`: all of them, or the one item in per_item mode),
`item` (that item, or None in single_call mode) and `scale`.

A row whose answer cannot be parsed has no score: it is dropped (`unscored`) unless the step says
`keep_unscored = true`. When rows were verified upstream, the counts join scores with sandbox
outcomes (`score_by_status`) for the report.
"""
from __future__ import annotations

from dataclasses import dataclass

from recipec.runtime.steps.base import StepContext, register
from recipec.runtime.steps.llm_steps import LLMStep, Outputs, Prompt, StepLLM, answer_of, chunks


@dataclass(frozen=True)
class PromptItem:
    name: str
    question: str


@dataclass(frozen=True)
class Checklist:
    items: tuple[dict, ...]  # {"name", "weight", "question"}
    scale: int

    @classmethod
    def of(cls, value: dict) -> Checklist:
        return cls(tuple(value["items"]), int(value["scale"]))

    @property
    def names(self) -> list[str]:
        return [item["name"] for item in self.items]

    def weighted(self, scores: dict[str, int]) -> float:
        """sum(weight_i * score_i), on the items' own 0..scale."""
        return round(sum(item["weight"] * scores[item["name"]] for item in self.items), 6)


class Judge:
    """Scores (instruction, answer) pairs with one judge, prompt and checklist."""

    def __init__(self, llm: StepLLM, prompt: Prompt, checklist: Checklist, mode: str,
                 step_id: str):
        from recipec.runtime.llm.parsing import ParseFailures

        self.llm, self.prompt, self.checklist, self.mode = llm, prompt, checklist, mode
        self.failures = ParseFailures()
        self.provenance = prompt.provenance(llm, step_id)
        # Items as objects: templates read `item.name`, which jinja2 finds faster on attributes.
        every = [PromptItem(i["name"], i["question"]) for i in checklist.items]
        self._items = {None: every, **{i.name: [i] for i in every}}

    def _variables(self, instruction: str, response: str, language: str, item: dict | None):
        items = self._items[item["name"]] if item is not None else self._items[None]
        return {"instruction": instruction, "response": response, "language": language,
                "items": items, "item": items[0] if item is not None else None,
                "scale": self.checklist.scale}

    def score(self, pairs: list[tuple[str, str, str]]) -> list[tuple[dict | None, str]]:
        """(scores by item or None, failure reason or "") for each (instruction, response,
        language), in one batched call (per item mode: one call per pair and item)."""
        from recipec.runtime.llm.parsing import parse_scores

        items = [None] if self.mode == "single_call" else list(self.checklist.items)
        requests = [self.prompt.request(**self._variables(*pair, item))
                    for pair in pairs for item in items]
        answers = self.llm.generate(requests, self.llm.params(n=1))
        results = []
        for start in range(0, len(answers), len(items)):
            scores: dict[str, int] = {}
            failure = ""
            for item, (answer,) in zip(items, answers[start:start + len(items)]):
                names = self.checklist.names if item is None else [item["name"]]
                parsed = self.failures.record(parse_scores(answer.text, names,
                                                           high=self.checklist.scale))
                if parsed.ok:
                    scores.update(parsed.value)
                elif not failure:
                    failure = parsed.failure
            results.append((None if failure else scores, failure))
        return results


def judge_of(ctx: StepContext, llm: StepLLM, prompt_key: str, checklist_key: str,
             mode: str = "single_call") -> Judge:
    return Judge(llm, Prompt.of(ctx.params[prompt_key]), Checklist.of(ctx.params[checklist_key]),
                 mode, ctx.step.id)


@register
class Score(LLMStep):
    kind = "score"

    def llms(self, ctx, dry_run):
        return {"judge": StepLLM(ctx, ctx.params["judge"], role="judge",
                                 sampling=ctx.params["sampling"], dry_run=dry_run)}

    def transform(self, ctx: StepContext, llms, out: Outputs | None) -> dict:
        params = ctx.params
        judge = judge_of(ctx, llms["judge"], "prompt", "checklist", params["mode"])
        keep_unscored = params.get("keep_unscored", False)
        tally = ScoreTally(judge.checklist)
        for chunk in chunks(self.input_rows(ctx)):
            results = judge.score([(doc["metadata"].get("instruction", ""), answer_of(doc),
                                    doc["metadata"].get("language", "")) for doc in chunk])
            if out is None:
                continue
            out.docs_in += len(chunk)
            for doc, (scores, failure) in zip(chunk, results):
                score = judge.checklist.weighted(scores) if scores is not None else None
                doc = {**doc, "metadata": {**doc["metadata"], "scores": scores, "score": score,
                                           "judge": judge.provenance}}
                tally.add(doc["metadata"])
                if score is None and not keep_unscored:
                    out.drop(doc, "unscored")
                elif score is not None and score < params["threshold"]:
                    out.drop(doc, "below_threshold")
                else:
                    out.keep(doc)
            if ctx.progress:
                ctx.progress(out.docs_in, None, "rows")
        return {"parse": {"judge": judge.failures.to_dict()}, "scores": tally.to_dict()}


class ScoreTally:
    """Score statistics for the report: a histogram on the checklist's scale, mean per item, and
    the join with sandbox outcomes when rows carry a verification."""

    def __init__(self, checklist: Checklist):
        self.checklist = checklist
        self.histogram = [0] * (checklist.scale + 1)
        self.sums = {name: 0 for name in checklist.names}
        self.scored = 0
        self.unscored = 0
        self.total = 0.0
        self.by_status: dict[str, list[float]] = {}

    def add(self, metadata: dict) -> None:
        score = metadata.get("score")
        if score is None:
            self.unscored += 1
            return
        self.scored += 1
        self.total += score
        self.histogram[min(int(score), self.checklist.scale)] += 1
        for name, value in (metadata.get("scores") or {}).items():
            self.sums[name] = self.sums.get(name, 0) + value
        status = (metadata.get("verification") or {}).get("status")
        if status:
            self.by_status.setdefault(status, []).append(score)

    def to_dict(self) -> dict:
        scored = self.scored or 1
        return {"scale": self.checklist.scale, "scored": self.scored, "unscored": self.unscored,
                "mean": round(self.total / scored, 4) if self.scored else None,
                "histogram": {str(i): n for i, n in enumerate(self.histogram)},
                "item_means": {name: round(total / scored, 4) if self.scored else None
                               for name, total in self.sums.items()},
                "score_by_status": score_by_status(self.by_status)}


def score_by_status(by_status: dict[str, list[float]]) -> dict:
    return {status: {"rows": len(scores), "mean_score": round(sum(scores) / len(scores), 4)}
            for status, scores in sorted(by_status.items()) if scores}
