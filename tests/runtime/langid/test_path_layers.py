"""The file-name and extension layers, and how they hand ambiguous files to the content layers."""
from __future__ import annotations

import pytest

from recipec.runtime.langid import Layer, identify
from recipec.runtime.langid.filenames import by_extension, by_filename

from .conftest import fixture_files


@pytest.mark.parametrize("path, language", [
    ("Makefile", "makefile"), ("src/GNUmakefile", "makefile"), ("Makefile.in", "makefile"),
    ("docker/Dockerfile", "dockerfile"), ("Dockerfile.dev", "dockerfile"),
    ("CMakeLists.txt", "cmake"), ("Rakefile", "ruby"), ("Gemfile", "ruby"), ("Jenkinsfile", "groovy"),
    ("home/.bashrc", "shell"), ("home/.cshrc", "tcsh"), ("home/.emacs", "emacs-lisp"),
])
def test_filenames(path, language):
    assert by_filename(path) == language
    guess = identify("anything at all\n", path=path)
    assert (guess.language, guess.layer) == (language, Layer.FILENAME)


@pytest.mark.parametrize("path, language", [
    ("a/b.py", "python"), ("x.RS", "rust"), ("lib/x.hpp", "c++"), ("k.cu", "cuda"), ("q.rkt", "racket"),
    ("agda/Data/List.agda", "agda"), ("Basics.lagda.md", "literate-agda"), ("types.d.ts", "typescript"),
    ("a.tsx", "typescript"), ("t.sv", "systemverilog"), ("m.mm", "objectc++"), ("s.xsl", "xslt"),
    ("g.g4", "antlr"), ("n.ipynb", "jupyter-notebook"), ("r.Rmd", "rmarkdown"), ("w.lhs", "literate-haskell"),
    ("p.vue", "vue"), ("x.litcoffee", "literate-coffeescript"), ("C:\\src\\main.go", "go"),
])
def test_unambiguous_extensions(path, language):
    assert by_extension(path) == ("one", (language,))
    guess = identify("whatever\n", path=path)
    assert (guess.language, guess.layer) == (language, Layer.EXTENSION)


@pytest.mark.parametrize("path", ["data.xml", "notes.txt", "pyproject.toml", "fr.po", "style.scss"])
def test_formats_outside_the_92_are_not_ours(path):
    guess = identify("<a>text</a>\n", path=path)
    assert guess.language is None and guess.layer is Layer.EXTENSION


def test_no_extension_falls_through_to_content():
    assert by_extension("LICENSE") is None and by_extension(".gitignore") is None


@pytest.mark.parametrize("path, text, language", [
    ("x.h", "@interface Foo : NSObject\n@property (nonatomic) int x;\n@end\n", "objectc++"),
    ("x.h", "namespace fmt {\ntemplate <typename T> class buffer {\n public:\n  T* ptr_;\n};\n}\n", "c++"),
    ("x.h", "#ifndef X_H\n#define X_H\ntypedef struct node { int v; struct node *next; } node;\n"
            "node *node_new(int v);\n#endif\n", "c"),
    ("x.pl", ":- module(lists, [append/3]).\n\nappend([], L, L).\nappend([H|T], L, [H|R]) :-\n"
             "    append(T, L, R).\n", "prolog"),
    ("x.pl", "use strict;\nuse warnings;\nmy $x = shift;\nprint \"$x\\n\";\n", "perl"),
    ("x.m", "function y = sq(x)\n  % square\n  y = x.^2;\nendfunction\n", "matlab"),
    ("x.m", "#import <Foundation/Foundation.h>\n@implementation Foo\n- (void)bar {}\n@end\n", "objectc++"),
])
def test_ambiguous_extensions_are_settled_by_content(path, text, language):
    guess = identify(text, path=path)
    assert guess.language == language
    assert guess.layer in (Layer.CONTENT_MODEL, Layer.HEURISTIC)


def test_ambiguous_extension_can_be_not_ours():
    # A Qt Linguist translation file shares `.ts` with TypeScript.
    qt = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="de">\n'
          '<context>\n  <name>Main</name>\n  <message>\n    <source>Open</source>\n'
          '    <translation>Öffnen</translation>\n  </message>\n</context>\n</TS>\n')
    assert identify(qt, path="app_de.ts").language is None


def test_fixtures_with_their_paths():
    from recipec.runtime.langid import identify_batch

    files = fixture_files()
    guesses = identify_batch([p.read_text() for _, p in files], [p.name for _, p in files])
    wrong = [(lang, p.name, g.language) for (lang, p), g in zip(files, guesses) if g.language != lang]
    # Only headers shared by C and C++ may be read either way.
    assert all(name.endswith(".h") for _, name, _ in wrong), wrong
    assert len(wrong) <= 2, wrong
