"""Our content layer: the languages magika merges or lacks, told apart by their patterns."""
from __future__ import annotations

import pytest

from recipec.runtime.langid import Layer, identify
from recipec.runtime.langid.signatures import SIGNATURES, required_literals, scores


@pytest.mark.parametrize("language, text", [
    ("emacs-lisp", ";;; foo.el --- demo  -*- lexical-binding: t -*-\n(defgroup foo nil \"Foo.\")\n"
                   "(defcustom foo-level 1 \"Level.\" :type 'integer)\n(defun foo-run ()\n  (interactive)\n"
                   "  (message \"%d\" foo-level))\n(provide 'foo)\n"),
    ("racket", "#lang racket/base\n(require racket/list)\n(provide sum)\n(define (sum xs) (apply + xs))\n"),
    ("scheme", "(define-module (demo util)\n  #:export (square))\n(define (square x) (* x x))\n"
               "(define (loop-sum n)\n  (let loop ((i 0) (acc 0))\n    (if (> i n) acc (loop (+ i 1) (+ acc i)))))\n"),
    ("common-lisp", "(defpackage :demo (:use :cl) (:export #:square))\n(in-package :demo)\n"
                    "(defun square (x) (* x x))\n(defmacro twice (form) `(progn ,form ,form))\n"),
    ("cuda", "#include <cuda_runtime.h>\n__global__ void add(float *a, const float *b, int n) {\n"
             "  int i = blockIdx.x * blockDim.x + threadIdx.x;\n  if (i < n) a[i] += b[i];\n}\n"
             "void launch(float *a, float *b, int n) { add<<<(n + 255) / 256, 256>>>(a, b, n); }\n"),
    ("glsl", "#version 330 core\nlayout(location = 0) in vec3 position;\nuniform mat4 mvp;\n"
             "out vec3 color;\nvoid main() {\n  gl_Position = mvp * vec4(position, 1.0);\n  color = position;\n}\n"),
    ("xslt", '<?xml version="1.0"?>\n<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">\n'
             '  <xsl:template match="/">\n    <html><body><xsl:value-of select="title"/></body></html>\n'
             '  </xsl:template>\n</xsl:stylesheet>\n'),
    ("systemverilog", "module counter (input logic clk, input logic rst, output logic [7:0] q);\n"
                      "  always_ff @(posedge clk) begin\n    if (rst) q <= '0;\n    else q <= q + 1;\n  end\n"
                      "endmodule\n"),
    ("thrift", 'namespace py demo\ninclude "shared.thrift"\nstruct User {\n  1: required i64 id,\n'
               "  2: optional string name,\n}\nservice Users {\n  User get(1: i64 id),\n}\n"),
    ("sparql", "PREFIX foaf: <http://xmlns.com/foaf/0.1/>\nSELECT ?name ?mbox\nWHERE {\n"
               "  ?person foaf:name ?name .\n  ?person foaf:mbox ?mbox .\n}\n"),
])
def test_languages_magika_cannot_name(language, text):
    guess = identify(text)
    assert guess.language == language
    # magika's `lisp` already maps to common-lisp; the others are our layer's answers.
    assert guess.layer is (Layer.CONTENT_MODEL if language == "common-lisp" else Layer.HEURISTIC)


def test_magika_keeps_what_it_knows():
    guess = identify("package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hi\")\n}\n")
    assert (guess.language, guess.layer) == ("go", Layer.CONTENT_MODEL)
    assert guess.detail == "magika:go"


def test_code_inside_documentation_stays_documentation():
    text = ("# Usage\n\nInstall it, then call it from C++:\n\n```cpp\n#include <vector>\n"
            "template <typename T> std::vector<T> twice(const std::vector<T>& v);\n```\n\n"
            "See [the docs](https://example.org/docs) for more.\n\n- fast\n- small\n")
    assert identify(text).language == "markdown"


def test_plain_prose_is_not_code():
    text = ("The committee met on Tuesday to discuss the budget for next year. After a long debate, "
            "the members agreed to postpone the decision until the auditors had finished their report.\n") * 3
    assert identify(text).language is None


def test_required_literals_are_truly_required():
    assert required_literals(r"__global__") == ("__global__",)
    gate = required_literals(r"^\s*(struct|service)\s+\w+")   # re factors out the common "s"
    assert gate and all(any(lit in word for lit in gate) for word in ("struct", "service"))
    assert required_literals(r"^#{1,6}\s+\S") is None
    # The gate never changes a score: compare with the bare regexes on a mixed text.
    text = "(defun f () (interactive))\n__global__ void k() {}\n<xsl:template/>\nSELECT ?x WHERE {\n"
    gated = scores(text, SIGNATURES)
    bare = {lang: sum(s.weight for s in sigs if s.pattern.search(text)) for lang, sigs in SIGNATURES.items()}
    assert gated == bare


def _output(label, score, *runner_up, confident=True):
    from recipec.runtime.langid.content_model import ModelOutput

    return ModelOutput(label, score, tuple(runner_up), confident)


def test_magikas_close_second_choice_is_taken_when_its_first_is_not_ours():
    from recipec.runtime.langid.refine import decide

    css = ".imageleft {\n  float: left;\n  margin-right: 0.3em;\n}\n"
    guess = decide(css, _output("scss", 0.55, ("css", 0.45), ("javascript", 0.0)))
    assert (guess.language, guess.detail) == ("css", "magika:css")
    # A distant second is not taken.
    assert decide(css, _output("scss", 0.9, ("css", 0.1))).language is None


def test_an_unsure_restructuredtext_answer_is_prose():
    from recipec.runtime.langid.refine import decide

    prose = "Release notes\n=============\n\nThis release fixes two bugs in the parser.\n"
    assert decide(prose, _output("rst", 0.6, ("txt", 0.3), confident=False)).language is None
    assert decide(prose, _output("rst", 0.95, ("txt", 0.03))).language == "restructuredtext"


def test_within_the_lisp_family_small_evidence_decides():
    from recipec.runtime.langid.refine import decide

    scheme = "(define x 42)\n(define y 105)\n(display (gcd x y))\n(newline)\n"
    guess = decide(scheme, _output("lisp", 0.99, ("clojure", 0.01)))
    assert (guess.language, guess.layer) == ("scheme", Layer.HEURISTIC)
    # No evidence at all: the family's representative.
    assert decide("(foo bar)\n(baz)\n", _output("lisp", 0.99, ("clojure", 0.01))).language == "common-lisp"


def test_cuda_headers_and_systemverilog_ports():
    cuh = ('#pragma once\n#include "../config.cuh"\nCUB_NAMESPACE_BEGIN\ntemplate <int BINS>\nstruct H {\n'
           "    __device__ __forceinline__ H() {}\n};\nCUB_NAMESPACE_END\n")
    assert identify(cuh).language == "cuda"
    sv = ("module wrap (\n  input  logic        clk,\n  input  logic [31:0] adr,\n  output logic        rdy\n);\n"
          "  assign rdy = 1'b1;\nendmodule\n")
    assert identify(sv).language == "systemverilog"
