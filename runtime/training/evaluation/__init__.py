"""Evaluation of a checkpoint: held-out loss per component, HumanEval pass@k with completions
run in the sandbox, FIM exact match on held-out FIM samples (docs/training.md)."""
