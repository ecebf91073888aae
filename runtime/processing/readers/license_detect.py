"""The SPDX id of a repository's license, read from its license files.

The Stack used go-license-detector; this keeps to phrases that identify the common licenses' texts
unambiguously (each license's own operative sentence), plus Debian's machine-readable `copyright` files
(DEP-5), whose `Files: *` stanza names the upstream license. A text that matches nothing gives None, which
the license filter treats as "unknown", never as permissive.
"""
from __future__ import annotations

import re

LICENSE_FILE = re.compile(r"^(licen[cs]e|copying|copyright|unlicense)([-_.][\w.-]*)?$", re.IGNORECASE)
# `LICENSE-MIT` + `LICENSE-APACHE` is the Rust convention for a choice between licenses.
DUAL_LICENSE_FILE = re.compile(r"^licen[cs]e-", re.IGNORECASE)

# (SPDX id, phrases that must all appear), most specific first: copyleft texts before the permissive
# ones they may quote, ISC before 0BSD (0BSD is ISC without the notice condition).
_FINGERPRINTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("AGPL-3.0", ("gnu affero general public license",)),
    ("LGPL-3.0", ("gnu lesser general public license", "version 3")),
    ("LGPL-2.1", ("gnu lesser general public license", "version 2.1")),
    ("GPL-3.0", ("gnu general public license", "version 3")),
    ("GPL-2.0", ("gnu general public license", "version 2")),
    ("MPL-2.0", ("mozilla public license", "2.0")),
    ("Apache-2.0", ("apache license", "version 2.0")),
    ("BSL-1.0", ("boost software license - version 1.0",)),
    ("Unlicense", ("this is free and unencumbered software released into the public domain",)),
    ("CC0-1.0", ("cc0 1.0 universal",)),
    ("PSF-2.0", ("python software foundation license",)),
    ("Zlib", ("this software is provided 'as-is'", "altered source versions must be plainly marked")),
    ("MIT", ("permission is hereby granted, free of charge, to any person obtaining a copy",)),
    ("BSD-3-Clause", ("redistribution and use in source and binary forms", "neither the name")),
    ("BSD-3-Clause", ("redistribution and use in source and binary forms", "names of its contributors")),
    ("BSD-2-Clause", ("redistribution and use in source and binary forms",)),
    ("ISC", ("permission to use, copy, modify", "distribute this software for any purpose",
             "copyright notice and this permission notice appear in all copies")),
    ("0BSD", ("permission to use, copy, modify", "distribute this software for any purpose")),
)

# Debian's short license names (DEP-5) that differ from SPDX ids.
_DEBIAN_NAMES = {
    "expat": "MIT", "mit": "MIT", "bsd-2-clause": "BSD-2-Clause", "bsd-3-clause": "BSD-3-Clause",
    "apache-2.0": "Apache-2.0", "isc": "ISC", "zlib": "Zlib", "bsl-1.0": "BSL-1.0", "boost-1.0": "BSL-1.0",
    "unlicense": "Unlicense", "cc0-1.0": "CC0-1.0", "psf-2.0": "PSF-2.0", "mpl-2.0": "MPL-2.0",
    "gpl-2": "GPL-2.0", "gpl-2+": "GPL-2.0-or-later", "gpl-3": "GPL-3.0", "gpl-3+": "GPL-3.0-or-later",
    "lgpl-2.1": "LGPL-2.1", "lgpl-2.1+": "LGPL-2.1-or-later", "lgpl-3": "LGPL-3.0",
    "lgpl-3+": "LGPL-3.0-or-later", "artistic": "Artistic-1.0", "artistic-2.0": "Artistic-2.0",
    "0bsd": "0BSD", "public-domain": "LicenseRef-public-domain",
}


def _normalise(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").split())


def _debian_license_expression(text: str) -> str | None:
    """The upstream license of a DEP-5 `copyright` file: the `License:` of its `Files: *` stanza."""
    for stanza in re.split(r"\n\s*\n", text):
        if re.search(r"^Files:\s*\*\s*$", stanza, re.MULTILINE):
            match = re.search(r"^License:\s*(.+)$", stanza, re.MULTILINE)
            if not match:
                return None
            words = []
            for word in match.group(1).split():
                lowered = word.lower()
                if lowered in ("or", "and"):
                    words.append(lowered.upper())
                else:
                    # `BSD-3-clause~Google` names a variant of the same license
                    base = lowered.split("~")[0]
                    words.append(_DEBIAN_NAMES.get(base, f"LicenseRef-debian-{base}"))
            return " ".join(words)
    return None


def license_of_text(text: str) -> str | None:
    """The SPDX id (or expression, for a Debian copyright file) of one license text, or None."""
    if text.lstrip().startswith("Format:") and "copyright-format" in text[:300]:
        return _debian_license_expression(text)
    normalised = _normalise(text)
    for spdx_id, phrases in _FINGERPRINTS:
        if all(phrase in normalised for phrase in phrases):
            return spdx_id
    return None


def license_of_files(files: dict[str, str]) -> str | None:
    """Combines the licenses of a repository's top-level license files ({file name: text}).

    Several `LICENSE-<X>` files offer a choice (`MIT OR Apache-2.0`); otherwise several different
    licenses all apply (`AND`). Files whose text is not recognised are ignored.
    """
    found = {name: license_of_text(text) for name, text in sorted(files.items())}
    ids = sorted({spdx for spdx in found.values() if spdx})
    if not ids:
        return None
    if len(ids) == 1:
        return ids[0]
    dual = all(DUAL_LICENSE_FILE.match(name) for name, spdx in found.items() if spdx)
    return (" OR " if dual else " AND ").join(ids)
