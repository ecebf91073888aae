"""`multi_agent`: multilingual instruction data from one agent per language.

Each agent has a memory of its last `memory` instructions (it starts with its language's seed
instructions), given to the prompt as an "avoid repeating" list. A coverage table counts, per
language, the accepted samples that exercise each tag of the taxonomy. In every round each agent
asks for `per_round` samples; sample j targets the agent's least-covered tags (three per sample,
the j-th three of its tags ordered by coverage, then taxonomy order; identical prompts of a round
are one request for as many samples) and shows `few_shot`
accepted samples of *other* agents, those sharing most target tags first, then the most recent
(among each other language's latest samples per target tag: see ExamplePool).
All prompts of a round are one batched call; every agent sees the table as it was when the round
began. Rounds stop when every language covers `coverage_target` of the tags, when `budget`
samples have been asked for, or after `rounds`.

Prompt variables: `language`, `target_tags`, `memory` (a list, oldest first), `examples`
(objects with `language`, `instruction`, `solution`, `tags`) and `seed` (a seed instruction of
the agent's language, in turn; "" when it has none). An answer must hold a JSON object with
`instruction` and `tags`, and the solution in a fenced block of the agent's language. A sample is
accepted when both parse and its instruction is not one the agent remembers.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter, deque
from dataclasses import dataclass, field

from recipec.runtime.steps.base import StepContext, register
from recipec.runtime.steps.llm_steps import LLMStep, Outputs, Prompt, StepLLM, read_rows

TAGS_PER_SAMPLE = 3


class Memory:
    """An agent's last instructions, oldest first, with a whitespace- and case-blind lookup."""

    def __init__(self, size: int, initial: list[str]):
        self.items: deque = deque(maxlen=size)
        self._order: deque = deque(maxlen=size)  # the items' normal forms, in step with them
        self._normals: Counter = Counter()
        for text in initial[-size:] if size else ():
            self.add(text)

    def add(self, text: str) -> None:
        if self.items.maxlen == 0:
            return
        if len(self.items) == self.items.maxlen:
            self._normals[self._order[0]] -= 1
        normal = _normal(text)
        self.items.append(text)
        self._order.append(normal)
        self._normals[normal] += 1

    def __contains__(self, text: str) -> bool:
        return self._normals[_normal(text)] > 0

    def __iter__(self):
        return iter(self.items)


@dataclass
class Agent:
    language: str
    memory: Memory
    seeds: list[str]
    coverage: Counter = field(default_factory=Counter)  # tag -> accepted samples
    ranked: list[str] = field(default_factory=list)  # tags by coverage, as the round began

    def rank_tags(self, taxonomy: list[str]) -> None:
        self.ranked = sorted(taxonomy, key=lambda tag: self.coverage[tag])  # stable

    def target_tags(self, index: int) -> list[str]:
        """The index-th window of TAGS_PER_SAMPLE least-covered tags; past the end, windows
        start one tag later each time round, so that a round's samples differ."""
        ranked = self.ranked
        size = min(TAGS_PER_SAMPLE, len(ranked))
        start = index * size + (index * size) // len(ranked)
        return [ranked[(start + k) % len(ranked)] for k in range(size)]

    def share_covered(self, taxonomy: list[str]) -> float:
        return round(sum(1 for tag in taxonomy if self.coverage[tag]) / len(taxonomy), 4)


def _normal(text: str) -> str:
    return _SPACES.sub(" ", text).strip().lower()


_SPACES = re.compile(r"\s+")


def round_seed(seed: int | None, round_index: int) -> int | None:
    """Round 0 samples with the recipe's seed; later rounds with seeds derived from it, so that a
    prompt that did not change between rounds still gets a new answer."""
    if seed is None or round_index == 0:
        return seed
    digest = hashlib.sha256(f"{seed}:round:{round_index}".encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF


def allocation(agents: int, per_round: int, remaining: int | None) -> list[int]:
    """Samples each agent asks for this round, within what is left of the budget."""
    if remaining is None or remaining >= agents * per_round:
        return [per_round] * agents
    return [remaining // agents + (1 if i < remaining % agents else 0) for i in range(agents)]


@register
class MultiAgent(LLMStep):
    kind = "multi_agent"

    def llms(self, ctx, dry_run):
        return {"llm": StepLLM(ctx, ctx.params["llm"], sampling=ctx.params["sampling"],
                               dry_run=dry_run)}

    def transform(self, ctx: StepContext, llms, out: Outputs | None) -> dict:
        from recipec.runtime.llm.parsing import ParseFailures

        params = ctx.params
        llm = llms["llm"]
        prompt = Prompt.of(params["prompt"])
        provenance = prompt.provenance(llm, ctx.step.id)
        taxonomy = list(dict.fromkeys(params["tags"]))
        by_key = {_normal(tag): tag for tag in taxonomy}
        seeds: dict[str, list[str]] = {}
        seed_rows = 0
        for doc in read_rows(ctx.inputs[params["seeds"]]):
            seed_rows += 1
            seeds.setdefault(doc["metadata"].get("language", ""), []).append(doc["text"])
        agents = [Agent(lang, Memory(params["memory"], seeds.get(lang, [])), seeds.get(lang, []))
                  for lang in params["languages"]]
        pool = ExamplePool(params["few_shot"])
        failures = {"instruction": ParseFailures(), "solution": ParseFailures()}
        rejected: Counter = Counter()
        rounds, asked, stopped = [], 0, "rounds"
        for round_index in range(params["rounds"]):
            remaining = None if params["budget"] is None else params["budget"] - asked
            if remaining is not None and remaining <= 0:
                stopped = "budget"
                break
            plan = [(agent, j) for agent, count in zip(agents, allocation(
                len(agents), params["per_round"], remaining)) for j in range(count)]
            for agent in agents:
                agent.rank_tags(taxonomy)
            variables = [self._variables(agent, j, round_index, pool, params)
                         for agent, j in plan]
            answers = self._ask(llm, prompt, variables, round_seed(llm.sampling.seed,
                                                                    round_index))
            asked += len(plan)
            kept = 0
            for (agent, j), values, answer in zip(plan, variables, answers):
                sample, reason = _parse(answer.text, agent, by_key, failures)
                if sample is not None and reason != "repeated":
                    agent.memory.add(sample["instruction"])
                doc = {"text": (sample or {}).get("solution", answer.text),
                       "id": f"{agent.language}/round{round_index + 1}/{j}",
                       "metadata": {"instruction": (sample or {}).get("instruction", ""),
                                    "language": agent.language,
                                    "tags": (sample or {}).get("tags", []),
                                    "target_tags": values["target_tags"],
                                    "round": round_index + 1, "response": answer.text,
                                    "provenance": {"multi_agent": provenance},
                                    "answered_by": "multi_agent"}}
                if reason:
                    rejected[reason] += 1
                    if out is not None:
                        out.drop(doc, reason)
                    continue
                kept += 1
                agent.coverage.update(sample["tags"])
                pool.add(Example(agent.language, sample["instruction"], sample["solution"],
                                 tuple(sample["tags"])))
                if out is not None:
                    out.keep(doc)
            coverage = {agent.language: agent.share_covered(taxonomy) for agent in agents}
            rounds.append({"round": round_index + 1, "asked": len(plan), "accepted": kept,
                           "coverage": coverage})
            if ctx.progress and out is not None:
                ctx.progress(round_index + 1, params["rounds"], "rounds")
            if min(coverage.values()) >= params["coverage_target"]:
                stopped = "coverage_target"
                break
        if out is not None:
            out.docs_in = seed_rows
        return {"rounds": rounds, "stopped": stopped, "asked": asked,
                "accepted": len(pool.samples), "rejected": dict(sorted(rejected.items())),
                "parse": {name: f.to_dict() for name, f in failures.items()},
                "tag_counts": {agent.language: {t: agent.coverage[t] for t in taxonomy
                                                if agent.coverage[t]} for agent in agents}}

    @staticmethod
    def _ask(llm: StepLLM, prompt: Prompt, variables: list[dict], seed) -> list:
        """One completion per sample. Identical prompts in a round are one request asking for
        as many samples, so that each gets its own answer rather than a copy of the first."""
        requests = [prompt.request(**v) for v in variables]
        positions: dict = {}
        for index, request in enumerate(requests):
            positions.setdefault(request, []).append(index)
        by_count: dict[int, list] = {}
        for request, where in positions.items():
            by_count.setdefault(len(where), []).append(request)
        answers: list = [None] * len(requests)
        for count, distinct in sorted(by_count.items()):
            for request, samples in zip(distinct, llm.generate(
                    distinct, llm.params(n=count, seed=seed))):
                for index, sample in zip(positions[request], samples):
                    answers[index] = sample
        return answers

    @staticmethod
    def _variables(agent: Agent, j: int, round_index: int, pool: ExamplePool,
                   params: dict) -> dict:
        targets = agent.target_tags(j)
        turn = round_index * params["per_round"] + j
        return {"language": agent.language, "target_tags": targets,
                "memory": list(agent.memory),
                "examples": pool.examples(agent.language, targets, params["few_shot"]),
                "seed": agent.seeds[turn % len(agent.seeds)] if agent.seeds else ""}


@dataclass(frozen=True)
class Example:
    """An accepted sample as the prompt's `examples` show it (attributes: jinja2 reads
    `example.language` faster than a dict's key)."""

    language: str
    instruction: str
    solution: str
    tags: tuple[str, ...]


class ExamplePool:
    """Accepted samples, indexed for few-shot choice in constant time per prompt.

    The candidates for an agent are, in every other language, the k most recent samples that
    carry each of its target tags and the k most recent overall; they are ranked by how many
    target tags they share, then by recency. (Ranking every sample ever accepted would make a
    round quadratic in the samples, which a run of 10k calls cannot afford.)"""

    def __init__(self, k: int):
        self.samples: list[Example] = []
        self._by_tag: dict[tuple[str, str], deque] = {}
        self._latest: dict[str, deque] = {}
        self.k = k

    def add(self, sample: Example) -> None:
        position = len(self.samples)
        self.samples.append(sample)
        language = sample.language
        self._latest.setdefault(language, deque(maxlen=self.k)).append(position)
        for tag in sample.tags:
            self._by_tag.setdefault((language, tag), deque(maxlen=self.k)).append(position)

    def examples(self, language: str, targets: list[str], k: int) -> list[Example]:
        if not k:
            return []
        wanted = set(targets)
        candidates = set()
        for other, latest in self._latest.items():
            if other != language:
                candidates.update(latest)
                for tag in targets:
                    candidates.update(self._by_tag.get((other, tag), ()))
        ranked = sorted(candidates, key=lambda p: (-len(wanted.intersection(
            self.samples[p].tags)), -p))
        return [self.samples[p] for p in ranked[:k]]


def _parse(answer: str, agent: Agent, by_key: dict, failures) -> tuple[dict | None, str]:
    """(sample, "") when accepted; else (what could be parsed, the reason)."""
    from recipec.runtime.llm.parsing import Parsed, extract_code, extract_json_object

    found = extract_json_object(answer)
    instruction = found.value.get("instruction") if found.ok else None
    if found.ok and not (isinstance(instruction, str) and instruction.strip()):
        found = Parsed.fail("no_instruction")
    failures["instruction"].record(found)
    if not found.ok:
        return None, f"instruction_{found.failure}"
    tags = found.value.get("tags")
    tags = [by_key[key] for t in tags if isinstance(t, str) and (key := _normal(t)) in by_key] \
        if isinstance(tags, list) else []
    sample = {"instruction": instruction.strip(), "tags": list(dict.fromkeys(tags))}
    code = failures["solution"].record(extract_code(answer, agent.language))
    if not code.ok:
        return sample, f"solution_{code.failure}"
    sample["solution"] = code.value
    if sample["instruction"] in agent.memory:
        return sample, "repeated"
    return sample, ""
