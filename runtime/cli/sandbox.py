"""`recipec sandbox`: run a program in the sandbox, check this machine's isolation, serve the
SandboxFusion-compatible HTTP API.

Exit codes: `run` 0 when the run passed, 1 otherwise; `check` 0 when every mandatory isolation
layer is available, 1 otherwise; 2 for usage errors everywhere. Heavy modules (tree-sitter,
jinja2, fastapi, uvicorn) are imported inside the commands.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click

SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kKMGT]i?B?|B)?\s*$")
UNITS = {"": 1, "B": 1, "k": 1e3, "kB": 1e3, "K": 1e3, "KB": 1e3, "M": 1e6, "MB": 1e6,
         "G": 1e9, "GB": 1e9, "T": 1e12, "TB": 1e12, "Ki": 2**10, "KiB": 2**10, "kiB": 2**10,
         "Mi": 2**20, "MiB": 2**20, "Gi": 2**30, "GiB": 2**30, "Ti": 2**40, "TiB": 2**40}
DOCS = "docs/sandbox.md"


class ByteSize(click.ParamType):
    """Bytes, with the recipe's units: 512MB = 512e6, 512MiB = 512 * 2^20."""

    name = "size"

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        match = SIZE.match(str(value))
        if not match or (match.group(2) or "") not in UNITS:
            self.fail(f"{value!r} is not a size (examples: 536870912, 512MB, 512MiB)", param, ctx)
        return int(float(match.group(1)) * UNITS[match.group(2) or ""])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def sandbox() -> None:
    """Run untrusted code in an isolated, multilingual sandbox."""


def _read_text(path: Path, what: str) -> str:
    try:
        return path.read_text()
    except (OSError, UnicodeDecodeError) as error:
        raise click.UsageError(f"cannot read {what} {path}: {getattr(error, 'strerror', error)}")


@sandbox.command("run")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--language", "-l", help="Recipe language name (python, c++, shell, ...); "
              "guessed from the file extension when omitted.")
@click.option("--stdin", "stdin_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="File given to the program on standard input.")
@click.option("--tests", "tests_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help=f"Test cases in the sandbox's JSON format ({DOCS}).")
@click.option("--json", "as_json", is_flag=True, help="Print the structured result as JSON.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=10.0,
              show_default=True, help="Wall-clock seconds per run.")
@click.option("--memory", type=ByteSize(), default="512MiB", show_default=True,
              help="Memory limit (bytes, or 512MB / 512MiB).")
@click.option("--no-static-check", is_flag=True, help="Skip the tree-sitter syntax check.")
@click.option("--unisolated", is_flag=True,
              help="Run even where namespaces, the unprivileged uid or rlimits are missing "
                   "(unsafe: never for untrusted code).")
def run_command(file: Path, language: str | None, stdin_file: Path | None,
                tests_file: Path | None, as_json: bool, timeout: float, memory: int,
                no_static_check: bool, unisolated: bool) -> None:
    """Run FILE in the sandbox; print its output, then a one-line status."""
    from recipec.runtime.sandbox import languages, testcases
    from recipec.runtime.sandbox.api import Sandbox
    from recipec.runtime.sandbox.limits import Limits

    if language is None:
        guessed = languages.by_extension(file.name)
        if guessed is None:
            raise click.UsageError(f"cannot tell the language of {file.name}; pass --language "
                                   f"(one of: {', '.join(languages.LANGUAGES)})")
        language = guessed.name
    try:
        languages.get(language)
    except languages.UnknownLanguage as error:
        raise click.UsageError(str(error))
    code = _read_text(file, "program")
    stdin = _read_text(stdin_file, "stdin file") if stdin_file else None
    tests = None
    if tests_file is not None:
        try:
            tests = testcases.load(tests_file)
        except testcases.TestCaseError as error:
            raise click.UsageError(f"{error} (the format is described in {DOCS})")
    try:
        limits = Limits(timeout=timeout, memory=memory)
    except ValueError as error:
        raise click.UsageError(str(error))
    box = Sandbox(limits=limits, static_check=not no_static_check, allow_unisolated=unisolated)
    result = box.run(code, language, tests=tests, stdin=stdin)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
    else:
        _print_human(result, file)
    sys.exit(0 if result.passed else 1)


def _print_human(result, file: Path) -> None:
    if result.compile is not None and not result.compile.ok:
        diagnostics = result.compile.stderr or result.compile.stdout  # tsc reports on stdout
        if diagnostics:
            click.echo(diagnostics.rstrip("\n"), err=True)
    if result.run is not None:
        if result.run.stdout:
            click.echo(result.run.stdout, nl=False)
        if result.run.stderr:
            click.echo(result.run.stderr, nl=False, err=True)
    for outcome in result.tests:
        if outcome.status.value == "passed":
            continue
        label = f"test {outcome.index + 1}" + (f" ({outcome.name})" if outcome.name else "")
        detail = outcome.message
        if outcome.status.value == "failed":
            detail += f": expected {json.dumps(outcome.expected)}, got {json.dumps(outcome.actual)}"
        click.echo(f"{label}: {outcome.status.value}: {detail}", err=True)
    style = "green" if result.passed else "red"
    click.echo(click.style(f"{file.name}: {result.summary()}", fg=style), err=True)


@sandbox.command("check")
@click.option("--json", "as_json", is_flag=True, help="Print the layers and toolchains as JSON.")
def check_command(as_json: bool) -> None:
    """Show which isolation layers this machine supports and which toolchains are installed."""
    from recipec.runtime.sandbox.isolation.probe import capabilities
    from recipec.runtime.sandbox.languages import CORE, LANGUAGES

    caps = capabilities()
    toolchains = {}
    for name, language in LANGUAGES.items():
        toolchain = language.toolchain
        reachable = not toolchain.hidden or (caps.unshare is not None and caps.setpriv is not None)
        toolchains[name] = {
            "available": toolchain.available and reachable,
            "core": name in CORE,
            "detail": ", ".join(toolchain.executables.values()) if toolchain.available else toolchain.missing,
        }
    if as_json:
        click.echo(json.dumps({"isolated": caps.isolated,
                               "layers": [{"name": l.name, "available": l.available,
                                           "mandatory": l.mandatory, "detail": l.detail}
                                          for l in caps.layers],
                               "toolchains": toolchains}, indent=2))
        sys.exit(0 if caps.isolated else 1)
    click.echo("Isolation layers:")
    for layer in caps.layers:
        mark = click.style("yes", fg="green") if layer.available else click.style(
            "NO ", fg="red" if layer.mandatory else "yellow")
        kind = "required" if layer.mandatory else "optional"
        click.echo(f"  {mark}  {layer.name:<36} {kind:<8}  {layer.detail}")
    click.echo("\nToolchains:")
    for name, info in toolchains.items():
        mark = click.style("yes", fg="green") if info["available"] else click.style("no ", fg="yellow")
        click.echo(f"  {mark}  {name:<12} {'core ' if info['core'] else 'extra'}  {info['detail']}")
    if caps.isolated:
        click.echo("\n" + click.style("The sandbox runs untrusted code here.", fg="green"))
    else:
        click.echo("\n" + click.style(f"Missing: {', '.join(caps.missing)}. Untrusted code is "
                                      "refused here (--unisolated overrides; unsafe).", fg="red"))
    sys.exit(0 if caps.isolated else 1)


@sandbox.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind (the default serves this machine only).")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True)
@click.option("--concurrency", type=click.IntRange(min=1), default=None,
              help="Runs at a time (default: the number of cores); more requests wait.")
@click.option("--max-request-bytes", type=ByteSize(), default="4MiB", show_default=True,
              help="Largest request body accepted.")
@click.option("--memory", type=ByteSize(), default="512MiB", show_default=True,
              help="Memory limit when a request says memory_limit_MB = -1.")
def serve_command(host: str, port: int, concurrency: int | None, max_request_bytes: int,
                  memory: int) -> None:
    """Serve SandboxFusion's /run_code and /v1/ping over HTTP."""
    import uvicorn

    from recipec.runtime.sandbox.server.app import ServerSettings, create_app

    settings = ServerSettings(concurrency=concurrency, max_request_bytes=max_request_bytes,
                              default_memory=memory)
    click.echo(f"recipec sandbox serving on http://{host}:{port} (concurrency "
               f"{settings.resolved_concurrency})", err=True)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
