"""The batched magika model: the same answers as magika's own API, in batches."""
from __future__ import annotations

import pytest

from recipec.runtime.langid.content_model import MagikaModel


@pytest.fixture(scope="module")
def model():
    return MagikaModel(threads=1)


def test_top_label_equals_magika_identify_bytes(model, samples):
    from magika import Magika

    reference = Magika()
    contents = [text.encode() for _, _, text in samples[::3]]
    ours = model.predict(contents)
    for content, output in zip(contents, ours):
        expected = reference.identify_bytes(content).prediction
        if str(expected.dl.label) == "undefined":          # too short for the model
            assert output.label in ("txt", "empty")
        else:
            assert output.label == str(expected.dl.label)
            assert output.score == pytest.approx(expected.score, abs=1e-3)


def test_a_files_answer_does_not_depend_on_its_neighbours(model, samples):
    contents = [text.encode() for _, _, text in samples[:40]]
    one_by_one = [model.predict([c])[0] for c in contents]
    assert model.predict(contents) == one_by_one
    # Real batches agree on the label; their floats may differ in the last bits.
    batched = model.predict(contents, batch_size=16)
    assert [o.label for o in one_by_one] == [o.label for o in batched]


def test_short_inputs_skip_the_model(model):
    assert model.features(b"x = 1") is None
    assert model.features(b"          \n\n  ab  \n") is None
    out = model.predict([b"", b"hi", b"   "])
    assert [o.label for o in out] == ["empty", "txt", "empty"]


def test_runner_up_labels_are_given(model):
    out = model.predict([b"def f(x):\n    return x + 1\n\nprint(f(2))\n"])[0]
    assert out.label == "python"
    assert len(out.runner_up) == 2 and all(0.0 <= p <= out.score for _, p in out.runner_up)
