"""What the report shows, read from the manifests' counts (never counted again)."""
from __future__ import annotations


class BuildFacts:
    def __init__(self, plan, manifests: dict[str, dict]):
        self.plan = plan
        self.manifests = manifests

    def counts(self, step_id: str) -> dict:
        return self.manifests.get(step_id, {}).get("counts", {})

    def pipelines(self) -> dict[str, list[tuple[str, dict]]]:
        """Pipeline block -> its steps' counts, in order (only steps that were built)."""
        blocks: dict[str, list[tuple[str, dict]]] = {}
        for step in self.plan.steps:
            counts = self.counts(step.id)
            if step.block.startswith("pipeline.") and "docs_out" in counts:
                blocks.setdefault(step.block, []).append((step.id, counts))
        return blocks

    def reasons(self) -> dict[str, dict[str, int]]:
        return {step.id: self.counts(step.id)["reasons"] for step in self.plan.steps
                if self.counts(step.id).get("reasons")}

    def languages(self) -> list[tuple[str, dict[str, int]]]:
        charts = []
        for step in self.plan.steps:
            counts = self.counts(step.id)
            if step.kind == "language_id" and counts.get("languages"):
                charts.append((f"{step.id}: languages identified (before filtering)",
                               counts["languages"]))
            if step.kind == "mixture.tokenize" and counts.get("languages"):
                charts.append((f"{step.id}: languages of the documents mixed (after cleaning)",
                               counts["languages"]))
        return charts

    def mixtures(self) -> list[tuple[str, dict]]:
        return [(step.id, self.counts(step.id)) for step in self.plan.steps
                if step.kind == "mixture.pack" and self.counts(step.id)]

    def cluster_sizes(self) -> list[tuple[str, dict]]:
        return [(step.id, self.counts(step.id)["cluster_sizes"]) for step in self.plan.steps
                if self.counts(step.id).get("cluster_sizes")]
