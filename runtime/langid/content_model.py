"""magika's shipped ONNX model, run in batches on in-memory text.

magika's public API identifies one buffer at a time and returns only the top label. The
refinement layer wants the runner-up labels too, and the pipeline gives us text rather than
files, so this module builds magika's features itself and runs the model file that ships in the
magika wheel, with one ONNX thread per worker (datatrove parallelises across tasks). The feature recipe follows magika 1.x
(`Magika._extract_features_from_seekable`): the first and last `block_size` bytes, whitespace
stripped, the first `beg_size` and last `end_size` of them, padded with `padding_token`; a test
checks that the top label equals `Magika().identify_bytes(...)` on real files.
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np


# The magika model our label mapping (magika_labels.py) and refinements were measured with.
MODEL_NAME = "standard_v3_3"


@dataclass(frozen=True)
class ModelOutput:
    label: str                          # magika content-type label, or "txt"/"empty" for tiny inputs
    score: float                        # probability of `label`
    runner_up: tuple[tuple[str, float], ...]   # the next best labels with their probabilities
    confident: bool = True              # score reaches magika's own threshold for this label


class MagikaModel:
    """Batched inference with magika's default model; `threads` ONNX threads per call."""

    def __init__(self, threads: int = 1):
        import magika
        import onnxruntime as rt

        model_dir = Path(magika.__file__).parent / "models" / MODEL_NAME
        if not (model_dir / "model.onnx").exists():
            found = sorted(p.name for p in model_dir.parent.glob("*")) if model_dir.parent.exists() else []
            raise RuntimeError(f"magika {magika.__version__} does not ship the model {MODEL_NAME} (it has: "
                               f"{', '.join(found) or 'none'}); the label mapping and the thresholds of "
                               f"recipec.runtime.langid were measured on {MODEL_NAME}: install magika 1.0.x")
        config = json.loads((model_dir / "config.min.json").read_text())
        self.model_name = model_dir.name
        self.version = magika.__version__
        self._beg = config["beg_size"]
        self._end = config["end_size"]
        self._block = config["block_size"]
        self._pad = config["padding_token"]
        self._min_size = config["min_file_size_for_dl"]
        self._labels = config["target_labels_space"]
        self._thresholds = config["thresholds"]
        self._medium = config["medium_confidence_threshold"]
        options = rt.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = rt.InferenceSession(str(model_dir / "model.onnx"), options,
                                            providers=["CPUExecutionProvider"])
        self._lock = threading.Lock()

    def features(self, data: bytes) -> np.ndarray | None:
        """magika's byte features of one file, or None when it is too short for the model."""
        if len(data) < self._min_size:
            return None
        head = data[: self._block].lstrip()[: self._beg]
        tail = data[-self._block:].rstrip()[-self._end:] if self._end else b""
        row = np.full(self._beg + self._end, self._pad, dtype=np.int32)
        row[: len(head)] = np.frombuffer(head, dtype=np.uint8)
        if tail:
            row[self._beg + self._end - len(tail):] = np.frombuffer(tail, dtype=np.uint8)
        if row[self._min_size - 1] == self._pad:
            return None
        return row

    def predict(self, contents: list[bytes], top: int = 3, batch_size: int = 1) -> list[ModelOutput]:
        """magika's top labels for each content. Rows run one at a time by default: a batched
        convolution differs from a single one in the last bits of a float, and a file's answer
        must not depend on its batch neighbours (measured: no throughput lost on CPU)."""
        outputs: list[ModelOutput | None] = [None] * len(contents)
        rows, where = [], []
        for i, data in enumerate(contents):
            row = self.features(data)
            if row is None:
                outputs[i] = ModelOutput("empty" if not data.strip() else "txt", 1.0, ())
            else:
                rows.append(row)
                where.append(i)
        for start in range(0, len(rows), batch_size):
            batch = np.stack(rows[start:start + batch_size])
            with self._lock:       # one session, used from one thread at a time
                probs = self._session.run(["target_label"], {"bytes": batch})[0]
            order = np.argsort(-probs, axis=1)[:, :top]
            for k, i in enumerate(where[start:start + batch_size]):
                best = [(self._labels[j], float(probs[k, j])) for j in order[k]]
                label, score = best[0]
                confident = score >= self._thresholds.get(label, self._medium)
                outputs[i] = ModelOutput(label, score, tuple(best[1:]), confident)
        return outputs  # type: ignore[return-value]
