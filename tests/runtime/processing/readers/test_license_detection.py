"""License detection from license files: the texts of the bundled repositories and typical variants."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from recipec.runtime.processing.readers.license_detect import LICENSE_FILE, license_of_files, license_of_text

BUNDLE = Path(__file__).resolve().parents[4] / "recipes" / "data" / "quickstart"

MIT = "Permission is hereby granted, free of charge, to any person obtaining a copy of this software"
BSD2 = "Redistribution and use in source and binary forms, with or without modification, are permitted"
BSD3 = BSD2 + " ... Neither the name of the copyright holder nor the names of its contributors may be used"
ISC = ("Permission to use, copy, modify, and/or distribute this software for any purpose with or without fee "
       "is hereby granted, provided that the above copyright notice and this permission notice appear in all copies.")


@pytest.mark.parametrize("text, expected", [
    (MIT, "MIT"),
    (BSD2, "BSD-2-Clause"),
    (BSD3, "BSD-3-Clause"),
    (ISC, "ISC"),
    (ISC.split(", provided")[0], "0BSD"),
    ("                                 Apache License\n                           Version 2.0, January 2004", "Apache-2.0"),
    ("GNU GENERAL PUBLIC LICENSE\n Version 3, 29 June 2007", "GPL-3.0"),
    ("GNU LESSER GENERAL PUBLIC LICENSE\n Version 2.1, February 1999", "LGPL-2.1"),
    ("Boost Software License - Version 1.0 - August 17th, 2003", "BSL-1.0"),
    ("This is free and unencumbered software released into the public domain.", "Unlicense"),
    ("Just some words about the project.", None),
])
def test_license_texts(text, expected):
    assert license_of_text(text) == expected


def test_debian_copyright_files_give_the_upstream_license():
    text = ("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: x\n\n"
            "Files: *\nCopyright: 2015 Someone\nLicense: MIT or Apache-2.0\n\n"
            "Files: debian/*\nCopyright: 2018 Debian\nLicense: GPL-2+\n")
    assert license_of_text(text) == "MIT OR Apache-2.0"
    assert license_of_text(text.replace("MIT or Apache-2.0", "BSD-3-clause~Google")) == "BSD-3-Clause"


def test_dual_license_files_offer_a_choice_other_sets_all_apply():
    assert license_of_files({"LICENSE-MIT": MIT, "LICENSE-APACHE": "Apache License Version 2.0"}) == "Apache-2.0 OR MIT"
    assert license_of_files({"LICENSE": MIT, "COPYING": "GNU GENERAL PUBLIC LICENSE Version 3"}) == "GPL-3.0 AND MIT"
    assert license_of_files({"LICENSE": "unrecognised"}) is None


@pytest.mark.parametrize("name, is_license", [("LICENSE", True), ("LICENSE.txt", True), ("license.md", True),
                                              ("LICENSE-MIT", True), ("COPYING", True), ("licenses.py", False),
                                              ("README.md", False)])
def test_license_file_names(name, is_license):
    assert bool(LICENSE_FILE.match(name)) == is_license


def test_every_bundled_repository_license_is_detected_as_declared():
    declared = [json.loads(line) for line in (BUNDLE / "repos.jsonl").read_text().splitlines()]
    assert len(declared) >= 10
    for record in declared:
        repo = BUNDLE / "repos" / record["repo"]
        files = {path.name: path.read_text(errors="replace") for path in repo.iterdir()
                 if path.is_file() and LICENSE_FILE.match(path.name)}
        detected = license_of_files(files)
        # SPDX `OR` is commutative: compare the sets of alternatives
        assert set(detected.split(" OR ")) == set(record["license"].split(" OR ")), record["repo"]
