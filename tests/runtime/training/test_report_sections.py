"""Training sections of the HTML build report: loss and learning-rate plots per phase, the
evaluation's scores. Built from manifests alone."""
from __future__ import annotations

import re

from recipec.runtime.report.charts import line_chart
from recipec.runtime.report.facts import BuildFacts
from recipec.runtime.report.training_sections import sections
from tests.runtime.training.helpers import make_plan, phase_params

PHASE_COUNTS = {
    "objective": "next_token", "steps": 3, "tokens": 768, "loss_first": 6.1, "loss_final": 4.2,
    "processes": 2, "micro_batch": 2, "grad_accum": 4, "seq_len": 64,
    "curve": {"step": [1, 2, 3], "loss": [6.1, 5.0, 4.2], "lr": [0.001, 0.002, 0.0015]},
    "rope": {"theta": 1e6, "max_positions": 512, "yarn_factor": 4.0, "original_max": 128},
}
EVAL_COUNTS = {
    "held_out": {"mixture.m/pipeline.code": {"loss": 1.5, "perplexity": 4.48}},
    "humaneval": {"problems": 4, "pass@1": 0.25}, "fim": {"samples": 10, "exact": 3,
                                                         "exact_match": 0.3},
}


def facts(with_training=True):
    plan = make_plan([("phase.p", "phase", phase_params("m"), []),
                      ("evaluate.e", "evaluate", {"phase": "phase.p"}, ["phase.p"])])
    manifests = {"phase.p": {"counts": PHASE_COUNTS}, "evaluate.e": {"counts": EVAL_COUNTS}} \
        if with_training else {}
    return BuildFacts(plan, manifests)


def test_each_phase_gets_a_loss_and_a_learning_rate_plot():
    page = "\n".join(sections(facts()))
    assert "phase.p: training loss" in page and "phase.p: learning rate" in page
    lines = re.findall(r"<polyline[^>]*points='([^']*)'", page)
    assert len(lines) == 2 and all(len(points.split()) == 3 for points in lines)
    assert "YaRN x4 from 128" in page and "2 x 2 x 4" in page


def test_the_evaluation_scores_are_shown():
    page = "\n".join(sections(facts()))
    assert "held-out loss per component" in page and "mixture.m/pipeline.code" in page
    assert "HumanEval pass@1 (4 problems)" in page and "0.25" in page
    assert "FIM exact match (10 held-out samples)" in page


def test_nothing_is_shown_for_a_build_without_training():
    assert sections(facts(with_training=False)) == []


def test_the_loss_curve_falls_on_the_plot():
    svg = line_chart("t", {"loss": [(1, 6.0), (2, 3.0), (3, 1.0)]}, "step", "loss")
    ys = [float(p.split(",")[1]) for p in
          re.search(r"points='([^']*)'", svg).group(1).split()]
    assert ys[0] < ys[1] < ys[2]  # SVG y grows downwards: a falling loss goes down the page
    assert line_chart("empty", {}, "x", "y") == ""
