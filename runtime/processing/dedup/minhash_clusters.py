"""MinHash stage 3: near-duplicate clusters; keeps the first document of each, records sizes.

datatrove's `MinhashDedupCluster` keeps whichever document ends up as the union-find root, which
depends on the order in which pairs were read. This stage reads the same `.dups` pairs and
writes the same `.remove` files for datatrove's `MinhashDedupFilter`, but the survivor of a cluster
is always its first document in (task, position) order — the same on every run and for any number
of workers — and it writes the cluster-size histogram that the build report shows.

Outputs in `output_folder`:
- `<task>.remove`: uint32 indices, ascending, of the task's documents to drop;
- `<task>.sizes` (when `save_cluster_size`): (index, cluster size) uint32 pairs for the filter's
  `load_cluster_sizes`;
- `cluster_sizes.json`: {"clusters", "documents_in_clusters", "to_remove", "largest",
  "histogram": {size: number of clusters}}.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict

import numpy as np

from datatrove.data import DocumentsPipeline
from datatrove.io import DataFolderLike, get_datafolder
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.dedup.minhash import SENTINEL
from datatrove.utils.binaryio import read_tuples_from_file

CLUSTER_SIZES_FILE = "cluster_sizes.json"

Node = tuple[int, int]  # (task, document index)


class _DisjointSets:
    """Union-find whose root is always the smallest member, so the root is the survivor."""

    def __init__(self) -> None:
        self.parent: dict[Node, Node] = {}

    def find(self, x: Node) -> Node:
        parent = self.parent
        root = parent.setdefault(x, x)
        while root != parent[root]:
            root = parent[root]
        while x != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    def union(self, a: Node, b: Node) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = (ra, rb) if ra < rb else (rb, ra)
            self.parent[hi] = lo


def cluster_histogram(sizes: list[int]) -> dict:
    """Summary of near-duplicate cluster sizes (clusters of 2 or more documents)."""
    histogram = Counter(sizes)
    return {
        "clusters": len(sizes),
        "documents_in_clusters": sum(sizes),
        "to_remove": sum(sizes) - len(sizes),
        "largest": max(sizes, default=0),
        "histogram": {str(size): histogram[size] for size in sorted(histogram)},
    }


class MinhashClustersKeepFirst(PipelineStep):
    type = "🫂 - DEDUP"
    name = "🎯 MinHash stage 3 (keep first)"

    def __init__(
        self,
        input_folder: DataFolderLike,
        output_folder: DataFolderLike,
        input_tasks: int,
        save_cluster_size: bool = True,
    ):
        """`input_tasks`: the task count of stages 1 and 4, so every task gets its (maybe empty) files."""
        super().__init__()
        self.input_folder = get_datafolder(input_folder)
        self.output_folder = get_datafolder(output_folder)
        self.input_tasks = input_tasks
        self.save_cluster_size = save_cluster_size

    def _read_pairs(self, sets: _DisjointSets) -> None:
        for path in sorted(self.input_folder.list_files(glob_pattern="*.dups")):
            with self.input_folder.open(path, "rb") as f:
                for f1, d1, f2, d2 in read_tuples_from_file(f, "4I", lines_to_buffer=4096):
                    if f1 == SENTINEL:  # a match against a prebuilt index: not produced by our stages
                        continue
                    sets.union((f1, d1), (f2, d2))

    def _write_task_files(self, clusters: list[list[Node]]) -> None:
        removals: dict[int, list[int]] = defaultdict(list)
        sizes: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for nodes in clusters:
            first = min(nodes)
            for task, doc in nodes:
                if (task, doc) != first:
                    removals[task].append(doc)
                sizes[task].append((doc, len(nodes)))
        for task in range(self.input_tasks):
            with self.output_folder.open(f"{task:06d}.remove", "wb") as f:
                f.write(np.array(sorted(removals[task]), dtype="<u4").tobytes())
            self.stat_update("to_remove", value=len(removals[task]))
            if self.save_cluster_size:
                with self.output_folder.open(f"{task:06d}.sizes", "wb") as f:
                    f.write(np.array(sorted(sizes[task]), dtype="<u4").reshape(-1, 2).tobytes())

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if world_size != 1:
            raise ValueError("MinHash clustering must run as a single task")
        with self.track_time():
            sets = _DisjointSets()
            self._read_pairs(sets)
            members: dict[Node, list[Node]] = defaultdict(list)
            for node in sets.parent:
                members[sets.find(node)].append(node)
            clusters = list(members.values())
            for nodes in clusters:
                self.stat_update("cluster_size", value=len(nodes), unit="cluster")
            self._write_task_files(clusters)
            with self.output_folder.open(CLUSTER_SIZES_FILE, "wt") as f:
                json.dump(cluster_histogram([len(nodes) for nodes in clusters]), f, indent=1, sort_keys=True)


def read_cluster_sizes(folder: DataFolderLike) -> dict:
    """The `cluster_sizes.json` summary a clustering stage wrote into `folder`."""
    with get_datafolder(folder).open(CLUSTER_SIZES_FILE, "rt") as f:
        return json.load(f)
