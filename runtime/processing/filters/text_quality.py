"""datatrove's Gopher / FineWeb / C4 quality filters for text and math sources, made to run offline.

datatrove splits English words with spaCy (`spacy.blank("en")`), which is not installed here and not in
datatrove's `processing` extra; its fallback `WhitespaceTokenizer` needs spaCy too. NLTK, which *is* in
that extra, has a word tokenizer that needs no downloaded data (`NLTKWordTokenizer`, the Treebank rules
that `nltk.word_tokenize` applies after its punkt sentence split, which does need data). So these
subclasses pass datatrove's filters an offline word tokenizer; the rules and their thresholds are
datatrove's own. Sentence splitting (C4 only) uses datatrove's regex splitter.

What does not work offline, and is not offered: `LanguageFilter` and the fastText quality filters (models
downloaded at first use), `C4BadWordsFilter`, `URLFilter` and `UnigramLogProbFilter` (word lists
downloaded at first use).
"""
from __future__ import annotations

from datatrove.data import Document
from datatrove.pipeline.filters.c4_filters import C4QualityFilter
from datatrove.pipeline.filters.fineweb_quality_filter import FineWebQualityFilter
from datatrove.pipeline.filters.gopher_quality_filter import GopherQualityFilter
from datatrove.pipeline.filters.gopher_repetition_filter import GopherRepetitionFilter
from datatrove.utils.word_tokenizers import WhitespaceTokenizer, strip_strings


class OfflineEnglishWordTokenizer(WhitespaceTokenizer):
    """English words by NLTK's data-free Treebank tokenizer; sentences by datatrove's regex splitter."""

    def __init__(self):
        super().__init__()
        from nltk.tokenize import NLTKWordTokenizer

        self._words = NLTKWordTokenizer()

    def word_tokenize(self, text: str) -> list[str]:
        return strip_strings(self._words.tokenize(text))


# One shared instance: datatrove caches word tokenizers by identity.
OFFLINE_ENGLISH = OfflineEnglishWordTokenizer()


class _ReasonInMetadata:
    """Puts the drop reason into the document's metadata even without an exclusion writer, as our rule
    filters do, so a dropped document always says why."""

    def filter(self, doc: Document):
        result = super().filter(doc)
        if isinstance(result, tuple) and not result[0]:
            doc.metadata["filter_reason"] = result[1]
        return result


class OfflineGopherQualityFilter(_ReasonInMetadata, GopherQualityFilter):
    """Gopher's quality rules (word counts and lengths, symbols, bullets, stop words), offline."""

    name = "🥇 Gopher Quality (offline)"

    def __init__(self, **options):
        options.setdefault("language", OFFLINE_ENGLISH)
        super().__init__(**options)


class OfflineGopherRepetitionFilter(_ReasonInMetadata, GopherRepetitionFilter):
    """Gopher's repetition rules (duplicate lines, paragraphs and n-grams), offline."""

    name = "👯 Gopher Repetition (offline)"

    def __init__(self, **options):
        options.setdefault("language", OFFLINE_ENGLISH)
        super().__init__(**options)


class OfflineFineWebQualityFilter(_ReasonInMetadata, FineWebQualityFilter):
    """FineWeb's line-level rules (terminal punctuation, short lines, duplicated lines), offline."""

    name = "🍷 FineWeb Quality (offline)"

    def __init__(self, **options):
        options.setdefault("language", OFFLINE_ENGLISH)
        super().__init__(**options)


class OfflineC4QualityFilter(_ReasonInMetadata, C4QualityFilter):
    """C4's line rules, offline. Note that it drops any document with a curly bracket: web text only."""

    name = "⛰ C4 Quality (offline)"

    def __init__(self, **options):
        options.setdefault("language", OFFLINE_ENGLISH)
        super().__init__(**options)
