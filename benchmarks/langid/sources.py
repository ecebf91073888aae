"""The pinned packages the language-ID evaluation set is built from.

Every entry is (kind, name, version): `deb` is a Debian bookworm source package (`apt-get source
--download-only name=version`), `debbin` a binary package (`apt-get download name=version`), `npm` a tarball from `npm pack name@version`, `pypi` an sdist
from `pip download --no-binary :all: --no-deps name==version`. Packages were chosen for the
languages they carry (noted beside each); the labels come from each file's path in its package
(see `labels.py`), never from the classifier under test.
"""
from __future__ import annotations

from typing import NamedTuple


class Source(NamedTuple):
    kind: str       # deb | debbin | npm | pypi
    name: str
    version: str


DEBIAN = [
    ("antlr4", "4.7.2-5"),                                # antlr, java
    ("antlr3", "3.5.3-1"),                                # antlr, java
    ("nasm", "2.16.01-1"),                                # assembly, c
    ("augeas", "1.14.0-1+deb12u1"),                       # augeas, c
    ("gawk", "1:5.2.1-2"),                                # awk, c
    ("zlib", "1:1.2.13.dfsg-1"),                          # c, assembly, cmake
    ("jq", "1.6-2.1+deb12u2"),                            # c, yacc
    ("lua5.4", "5.4.4-3+deb12u1"),                        # c, lua
    ("fmtlib", "9.1.0+ds1-2"),                            # c++, cmake
    ("yaml-cpp", "0.7.0+dfsg-8"),                         # c++
    ("tinyxml2", "9.0.0+dfsg-3.1"),                       # c++
    ("elixir-lang", "1.14.0.dfsg-2"),                     # elixir
    ("lapack", "3.11.0-2"),                               # fortran
    ("glslang", "12.0.0-2"),                              # glsl, c++
    ("golang-github-spf13-cobra", "1.6.1-1"),             # go
    ("golang-testify", "1.8.1-1"),                        # go
    ("golang-github-pkg-errors", "0.9.1-2"),              # go
    ("groovy", "2.4.21-8"),                               # groovy, java
    ("haskell-quickcheck", "2.14.2-1"),                   # haskell
    ("haskell-aeson", "2.0.3.0-1"),                       # haskell
    ("libcommons-lang3-java", "3.12.0-2+deb12u1"),                # java
    ("junit4", "4.13.2-3"),                               # java
    ("tomcat10", "10.1.55-1~deb12u1"),                    # java, java-server-pages, xml
    ("kotlin", "1.3.31+ds1-1"),                           # kotlin
    ("menhir", "20220210+ds-2"),                          # ocaml
    ("ocamlgraph", "2.0.0-3"),                            # ocaml
    ("ocaml-re", "1.10.4-1"),                             # ocaml
    ("swi-prolog", "9.0.4+dfsg-2"),                       # prolog, c
    ("protobuf", "3.21.12-3+deb12u1"),                    # protocol-buffer, c++
    ("r-cran-ggplot2", "3.4.1+dfsg-1"),                   # r, rmarkdown
    ("racket", "8.7+dfsg1-1"),                            # racket, scheme, c
    ("scala", "2.11.12-5"),                               # scala
    ("polyml", "5.7.1-5"),                                # standard-ml
    ("verilator", "5.006-3"),                             # systemverilog, verilog, c++
    ("yosys", "0.23-6"),                                  # verilog, c++
    ("tcllib", "1.21+dfsg-1"),                            # tcl
    ("thrift", "0.17.0-2"),                               # thrift
    ("ghdl", "2.0.0+dfsg-6.2"),                           # vhdl, ada
    ("bison", "2:3.8.2+dfsg-1"),                          # yacc, c
    ("libmoose-perl", "2.2203-1"),                        # perl
    ("libtry-tiny-perl", "0.31-2"),                       # perl
    ("libjson-perl", "4.10000-1"),                        # perl
    ("php-twig", "3.5.1-1+deb12u3"),                      # php
    ("composer", "2.5.5-1+deb12u5"),                      # php
    ("wxwidgets3.2", "3.2.2+dfsg-2"),                     # objectc++, c++
    ("dart", "6.12.1+dfsg4-12"),                                  # (DART, a Fortran code base)
]

# Binary packages that ship their sources or scripts as files (`apt-get download`); used where
# the source package's upstream tarball is not on the reachable mirror.
DEBIAN_BINARY = [
    ("libahven11-dev", "2.8-7"),                          # ada
    ("libxmlada-sax12-dev", "23.0.0-3"),                  # ada
    ("agda-stdlib", "1.7.1-1"),                           # agda, literate-agda
    ("libclojure-java", "1.11.1-2"),                      # clojure (inside the jar)
    ("libtools-reader-clojure", "1.3.6-1"),               # clojure (inside the jar)
    ("cl-alexandria", "20211025.gita67c3a6-1"),           # common-lisp
    ("cl-ppcre", "20220126.gitb4056c5-1"),                # common-lisp
    ("cl-babel", "20200719.gitf892d05-2"),                # common-lisp
    ("cl-iterate", "20210519.gitb0f9a9c-1"),              # common-lisp
    ("elpa-magit", "3.3.0-2"),                            # emacs-lisp
    ("elpa-dash", "2.19.1+git20220608.1.0ac1ecf+dfsg-1"), # emacs-lisp
    ("elpa-s", "1.12.0-5"),                               # emacs-lisp
    ("elpa-haskell-mode", "17.2-5"),                      # emacs-lisp
    ("erlang-src", "1:25.2.3+dfsg-1+deb12u4"),                    # erlang
    ("lua-penlight", "1.13.1-3"),                         # lua
    ("octave-signal", "1.4.3-1"),                         # matlab
    ("octave-statistics", "1.5.3-2"),                     # matlab
    ("fpc-source-3.2.2", "3.2.2+dfsg-20"),                # pascal
    ("r-cran-dplyr", "1.0.10-1"),                         # r, rmarkdown
    ("r-cran-knitr", "1.42+dfsg-1"),                      # r, rmarkdown
    ("ruby-rack", "2.2.22-0+deb12u1"),                    # ruby
    ("ruby-thor", "1.2.1-2"),                             # ruby
    ("librust-regex-dev", "1.7.1-1"),                     # rust
    ("librust-serde-dev", "1.0.152-2"),                   # rust
    ("slib", "3b6-3"),                                    # scheme
    ("guile-3.0-libs", "3.0.8-2"),                        # scheme
    ("tcsh", "6.24.07-1"),                                # tcsh
    ("docbook-xsl", "1.79.2+dfsg-2"),                     # xslt
    ("bash-completion", "1:2.11-6"),                      # shell
    ("swig4.0-examples", "4.1.0-0.2"),                      # many: c#, d, go, java, lua, octave, ...
    ("r-cran-brms", "2.18.0-1"),                          # stan
    ("r-cran-rstanarm", "2.21.3-2"),                      # stan
    ("postgresql-15", "15.18-0+deb12u1"),                 # sql
    ("libcub-dev", "1.17.2-2"),                           # cuda
]

NPM = [
    ("lodash", "4.17.21"),                # javascript
    ("express", "4.18.2"),                # javascript
    ("@openzeppelin/contracts", "4.9.3"), # solidity
    ("rxjs", "7.8.1"),                    # typescript
    ("primevue", "3.50.0"),               # vue
    ("@capacitor/ios", "5.7.0"),          # swift, objectc++
    ("bootstrap", "5.3.2"),               # css, javascript
    ("jquery", "3.7.1"),                  # javascript
    ("zod", "3.22.4"),                    # typescript
    ("marked", "11.0.0"),                 # javascript, markdown
    ("expo-modules-core", "1.11.8"),      # swift, kotlin, objectc++
    ("hubot-scripts", "2.17.2"),          # coffeescript
    ("elm-test", "0.19.1"),               # elm
    ("elm-review", "2.13.5"),             # elm
    ("elm-spa", "6.0.6"),                 # elm
]

PYPI = [
    ("requests", "2.31.0"),       # python, restructuredtext
    ("flask", "3.0.0"),           # python, html
    ("ansible-core", "2.16.0"),   # powershell, python, yaml
    ("virtualenv", "20.25.0"),    # powershell, batchfile, tcsh
    ("sqlfluff", "2.3.5"),        # sql, yaml
    ("cmdstanpy", "1.2.0"),       # stan
    ("prophet", "1.1.5"),         # stan
    ("pythonnet", "3.0.3"),       # c#
    ("rdflib", "7.0.0"),          # sparql
    ("nbconvert", "7.12.0"),      # jupyter-notebook, html
    ("nbformat", "5.9.2"),        # jupyter-notebook
    ("sphinx", "7.2.6"),          # restructuredtext, batchfile, html
    ("django", "4.2.7"),          # python, html, javascript, css
    ("docutils", "0.20.1"),       # restructuredtext
    ("mkdocs", "1.5.3"),          # markdown
    ("black", "23.11.0"),         # python
]

SOURCES: list[Source] = (
    [Source("deb", n, v) for n, v in DEBIAN]
    + [Source("debbin", n, v) for n, v in DEBIAN_BINARY]
    + [Source("npm", n, v) for n, v in NPM]
    + [Source("pypi", n, v) for n, v in PYPI]
)
