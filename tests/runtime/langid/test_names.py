"""Every name any layer can return is one of the 92 languages, spelled exactly."""
from __future__ import annotations

from recipec.runtime.langid import LANGUAGES
from recipec.runtime.langid import filenames, interpreters, refine, signatures
from recipec.runtime.langid.magika_labels import MAGIKA_TO_LANGUAGE


def test_the_92_names():
    assert len(LANGUAGES) == 92
    for spelling in ("c++", "c#", "javascript", "objectc++", "literate-agda", "jupyter-notebook",
                     "protocol-buffer", "java-server-pages", "visual-basic", "f#"):
        assert spelling in LANGUAGES
    assert not {"cpp", "csharp", "js", "objective-c", "nodejs", "unknown"} & LANGUAGES


def test_every_table_names_only_our_languages():
    tables = {
        "magika": set(MAGIKA_TO_LANGUAGE.values()),
        "filenames": set(filenames.FILENAMES.values()),
        "compound extensions": set(filenames.COMPOUND.values()),
        "extensions": set(filenames.EXTENSIONS.values()),
        "ambiguous extensions": {c for cs in filenames.AMBIGUOUS.values() for c in cs if c is not None},
        "interpreters": set(interpreters.INTERPRETERS.values()),
        "modes": {m for m in interpreters.MODES.values() if m is not None},
        "signatures": set(signatures.SIGNATURES),
        "hidden behind": {c for cs in refine.HIDDEN_BEHIND.values() for c in cs},
        "decisive": set(refine.DECISIVE),
    }
    for name, values in tables.items():
        assert values <= LANGUAGES, (name, values - LANGUAGES)


def test_magika_labels_exist_in_the_model():
    from magika import Magika

    model_labels = {str(label) for label in Magika().get_model_content_types()}
    assert set(MAGIKA_TO_LANGUAGE) <= model_labels
    assert set(refine.HIDDEN_BEHIND) <= model_labels


def test_every_fixture_answer_is_one_of_the_92_or_none(identifier, samples):
    texts = [text for _, _, text in samples]
    for guesses in (identifier.identify_batch(texts), identifier.identify_batch(texts, [n for _, n, _ in samples])):
        for guess in guesses:
            assert guess.language is None or guess.language in LANGUAGES
            assert 0.0 <= guess.confidence <= 1.0
