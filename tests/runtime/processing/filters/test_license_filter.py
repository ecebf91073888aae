"""License allow-list filtering on SPDX ids and expressions."""
from __future__ import annotations

from pathlib import Path

import pytest
from datatrove.data import Document

from recipec.runtime.processing.filters import LicenseFilter
from recipec.runtime.processing.filters.license import PERMISSIVE_LICENSES, license_allowed
from recipec.runtime.processing.readers import RepoFolderReader

QUICKSTART = Path(__file__).resolve().parents[4] / "recipes" / "data" / "quickstart"

ALLOWED = frozenset(spdx.upper() for spdx in PERMISSIVE_LICENSES)


@pytest.mark.parametrize("expression, verdict", [
    ("MIT", True),
    ("mit", True),
    ("Apache-2.0 OR MIT", True),
    ("GPL-3.0 OR MIT", True),           # the user may choose MIT
    ("GPL-3.0 AND MIT", False),         # both apply
    ("(MIT OR GPL-2.0) AND BSD-3-Clause", True),
    ("Apache-2.0 WITH LLVM-exception", True),
    ("GPL-2.0+", False),
    ("GPL-3.0-or-later", False),
    ("MPL-2.0", False),                 # weak copyleft: not on the permissive list
    ("LicenseRef-debian-custom", False),
    ("MIT OR", None),
    ("(MIT", None),
])
def test_expressions(expression, verdict):
    assert license_allowed(expression, ALLOWED) == verdict


def test_filter_reasons_and_counts():
    documents = [Document("a", "mit", metadata={"license": "MIT"}),
                 Document("b", "gpl", metadata={"license": "GPL-3.0"}),
                 Document("c", "none", metadata={"license": None}),
                 Document("d", "absent", metadata={})]
    step = LicenseFilter()
    assert [d.id for d in step.run(iter(documents))] == ["mit"]
    assert documents[1].metadata["filter_reason"] == "license_not_allowed"
    assert documents[2].metadata["filter_reason"] == "license_unknown"
    assert step.stats["dropped_license_unknown"].total == 2
    assert step.stats["license_MIT"].total == 1


def test_custom_allow_list_and_keep_unknown():
    documents = [Document("a", "gpl", metadata={"spdx": "GPL-3.0"}), Document("b", "x", metadata={})]
    step = LicenseFilter(allowed=["GPL-3.0"], metadata_key="spdx", keep_unknown=True)
    assert [d.id for d in step.run(iter(documents))] == ["gpl", "x"]


def test_every_bundled_file_has_a_permissive_license():
    step = LicenseFilter()
    documents = list(RepoFolderReader(str(QUICKSTART / "repos")).run())
    assert len(list(step.run(iter(documents)))) == len(documents)
