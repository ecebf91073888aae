"""Our own content layer: where magika merges languages or does not know them, weigh patterns.

magika names one Lisp, calls CUDA and GLSL C or C++, SystemVerilog Verilog, tcsh shell,
XSLT XML, Standard ML OCaml, and has no label at all for about thirty of the 92 languages. For
each magika label this module knows which of our languages hide behind it (`HIDDEN_BEHIND`);
the signatures of those candidates (`signatures.py`) are scored, magika's own answer gets a
prior in proportion to its probability, and a candidate wins over magika's answer only with
clear evidence (`MIN_OVERRIDE`). When magika says "not code" (text, XML, an unknown format) or
is unsure, every language with signatures is a candidate, and a stronger bar applies; if its
second choice is one of ours and close (`RUNNER_UP`), that one stands in for its first. The
numbers were tuned on the evaluation set of benchmarks/langid (docs/language-id.md).
"""
from __future__ import annotations

from .content_model import ModelOutput
from .guess import Layer, LanguageGuess
from .magika_labels import language_of_magika_label
from .signatures import SIGNATURES, scores

_LISPS = ("common-lisp", "emacs-lisp", "scheme", "racket", "clojure")
_C_LIKE = ("c", "c++", "cuda", "glsl", "objectc++", "yacc", "stan")
_LITERATE = ("rmarkdown", "literate-haskell", "literate-agda", "literate-coffeescript")

# magika label -> our languages it is known to absorb (besides its own mapping).
HIDDEN_BEHIND: dict[str, tuple[str, ...]] = {
    "lisp": _LISPS, "clojure": _LISPS,
    "c": _C_LIKE, "cpp": _C_LIKE, "objectivec": ("objectc++", "c", "c++"),
    "verilog": ("verilog", "systemverilog", "bluespec"),
    "shell": ("shell", "tcsh"),
    "xml": ("xslt",), "html": ("java-server-pages", "vue", "xslt"), "vue": ("vue",),
    "markdown": _LITERATE + ("restructuredtext", "matlab"), "rst": ("markdown", "fortran"),
    "latex": ("tex", "literate-haskell", "literate-agda"),
    "haskell": ("haskell", "agda", "idris", "elm", "literate-haskell", "lean"),
    "ocaml": ("ocaml", "standard-ml", "f#", "augeas", "alloy"),
    "perl": ("perl", "prolog"), "prolog": ("prolog", "perl"),
    "matlab": ("matlab", "mathematica", "maple", "objectc++"),
    "sql": ("sql", "sparql", "sas"),
    "java": ("java", "java-server-pages"),
    "python": ("python", "sparql"),
    "typescript": ("antlr",),
    "pascal": ("ada", "pascal"),
    "r": ("r", "stan", "rmarkdown"),
    "proto": ("thrift",),
    "vba": ("visual-basic", "applescript"),
    "tcl": ("tcl", "tcsh"),
    "vhdl": ("vhdl", "ada"), "julia": ("matlab",), "solidity": ("thrift",),
    "dart": ("stan",), "javascript": ("antlr", "stan"),
    "jinja": ("html", "java-server-pages"), "twig": ("html",), "handlebars": ("html",),
    "erb": ("html", "java-server-pages"), "asp": ("html", "java-server-pages"),
}

PRIOR_WEIGHT = 4        # magika's answer starts with PRIOR_WEIGHT * its probability
MIN_OVERRIDE = 3        # a candidate needs at least this much pattern evidence to win
MIN_FROM_NOTHING = 4    # ... and this much when magika found no language of ours
MIN_IN_FAMILY = 2       # within a family label (below), any real evidence picks the member
# magika labels that stand for a family: their mapped language gets no head start.
FAMILY_LABELS = frozenset({"lisp"})
# Languages whose own constructs are proof enough, whatever evidence magika's answer also has:
# most extend it (CUDA over C++, SystemVerilog over Verilog, R Markdown over Markdown); Elm's
# `module X exposing (..)` header exists in no other language.
DECISIVE: dict[str, int] = {
    "cuda": 4, "objectc++": 3, "systemverilog": 5, "rmarkdown": 3, "java-server-pages": 3,
    "vue": 3, "glsl": 5, "stan": 3, "yacc": 4, "xslt": 3, "racket": 3, "literate-haskell": 3,
    "literate-agda": 3, "elm": 3,
}
# magika labels whose own confidence threshold we apply (below it: not ours). magika turns
# low-confidence answers into "text"; for reStructuredText that keeps prose out, while for the
# other labels it cost more real code than it saved prose (measured on the evaluation set).
TRUST_THRESHOLDS = {"rst"}
RUNNER_UP = 0.3         # magika's second choice stands in when its first is not ours
UNSURE = 0.5            # below this magika probability, every signature language competes


def _confidence_from_score(points: float) -> float:
    return points / (points + 2.0)


def decide(text: str, output: ModelOutput, candidates: tuple | None = None) -> LanguageGuess:
    """Pick the language of `text` from magika's output and our patterns.

    `candidates`, when given (an ambiguous extension), restricts the answer to those languages
    (None among them allows "not ours").
    """
    base = language_of_magika_label(output.label)
    if candidates is not None:
        return _decide_among(text, output, base, candidates)

    if not output.confident and output.label in TRUST_THRESHOLDS:
        base = None
    label, probability = output.label, output.score
    if base is None and output.runner_up:
        # magika's second choice, when it is one of ours and close: CSS read as SCSS at 0.55/0.45.
        second, p2 = output.runner_up[0]
        if language_of_magika_label(second) and p2 >= RUNNER_UP and second not in TRUST_THRESHOLDS:
            base, label, probability = language_of_magika_label(second), second, p2
    pool = set(HIDDEN_BEHIND.get(label, ()))
    if base is None or probability < UNSURE:
        pool |= set(SIGNATURES)
    pool.discard(base)
    bar = MIN_FROM_NOTHING if base is None else MIN_IN_FAMILY if label in FAMILY_LABELS else MIN_OVERRIDE
    evidence = {lang: pts for lang, pts in scores(text, pool).items() if pts >= bar}
    prior = 0.0 if base is None or label in FAMILY_LABELS else PRIOR_WEIGHT * probability
    base_points = prior + (scores(text, [base]).get(base, 0) if base else 0)
    decisive = {lang: pts for lang, pts in evidence.items() if lang in DECISIVE and pts >= DECISIVE[lang]}
    if decisive:
        evidence = decisive
        base_points = 0.0
    if evidence:
        best = max(sorted(evidence), key=evidence.get)
        if evidence[best] > base_points:
            return LanguageGuess(best, round(_confidence_from_score(evidence[best] - base_points / 2), 3),
                                 Layer.HEURISTIC, f"patterns:{evidence[best]} over magika:{label}")
    return LanguageGuess(base, round(probability, 3), Layer.CONTENT_MODEL, f"magika:{label}")


def _decide_among(text: str, output: ModelOutput, base: str | None, candidates: tuple) -> LanguageGuess:
    languages = [c for c in candidates if c is not None]
    evidence = scores(text, languages)
    # Where the extension is also used outside the 92 (None among the candidates), an unsure
    # magika is no evidence (a Qt `.ts` translation reads to magika as TypeScript at 0.48).
    trusted = None not in candidates or output.score >= UNSURE
    if base in languages and trusted:
        evidence[base] = evidence.get(base, 0) + PRIOR_WEIGHT * output.score
    if evidence and max(evidence.values()) > 0:
        best = max(sorted(evidence), key=evidence.get)
        layer = Layer.CONTENT_MODEL if best == base and evidence[best] - PRIOR_WEIGHT * output.score <= 0 \
            else Layer.HEURISTIC
        return LanguageGuess(best, round(min(0.99, _confidence_from_score(evidence[best])), 3), layer,
                             f"among {'/'.join(map(str, candidates))}; magika:{output.label}")
    if None in candidates:
        return LanguageGuess(None, 0.5, Layer.HEURISTIC, f"no evidence for {'/'.join(languages)}")
    # No evidence either way: the extension's most common meaning, at low confidence.
    return LanguageGuess(languages[0], 0.5, Layer.EXTENSION, f"default of {'/'.join(languages)}")
