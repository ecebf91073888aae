"""The HTML build report, opened in a real headless browser: not blank, every plot drawn, no
console errors."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from recipec.runtime.report.html import render
from tests.runtime.build.helpers import build, code_rows, plan_of, write_jsonl_gz

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0"]

RECIPE = """
build { tasks = 2 }
source code { kind = code, path = "data/*.jsonl.gz", metadata = ["path"] }
pipeline clean {
  input = source.code
  steps = [language_id(), max_line_length(1000), dedup.exact(), dedup.minhash(ngram = 3)]
}
"""

PROBE = """
<script>
window.addEventListener("load", () => {
  const svgs = [...document.querySelectorAll("figure.plot svg")];
  const drawn = svgs.filter(s => s.getBoundingClientRect().width > 0 &&
                                 s.querySelectorAll("rect.bar").length > 0);
  document.body.setAttribute("data-plots", svgs.length);
  document.body.setAttribute("data-drawn", drawn.length);
  document.body.setAttribute("data-text", document.body.innerText.length);
});
</script>
"""


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is installed by .ci/setup")
def test_report_renders_in_chromium(tmp_path):
    write_jsonl_gz(tmp_path / "data" / "a.jsonl.gz", code_rows(50))
    result = build(tmp_path, RECIPE)
    page = render(plan_of(tmp_path, RECIPE), result.manifests, result.seconds)
    (tmp_path / "report.html").write_text(page.replace("</body>", PROBE + "</body>"))
    profile = tmp_path / "profile"
    dom = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}",
                          "--virtual-time-budget=5000", "--dump-dom",
                          f"file://{tmp_path}/report.html"],
                         capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    body = dom.stdout[dom.stdout.index("<body"):dom.stdout.index(">", dom.stdout.index("<body"))]
    attributes = dict(part.split("=", 1) for part in body.split()[1:] if "=" in part)
    plots = int(json.loads(attributes["data-plots"]))
    assert plots >= 3  # funnel, languages, near-duplicate clusters
    assert int(json.loads(attributes["data-drawn"])) == plots
    assert int(json.loads(attributes["data-text"])) > 200
    console_errors = [line for line in dom.stderr.splitlines()
                      if "CONSOLE" in line and ("Error" in line or "Uncaught" in line)]
    assert console_errors == []
