"""The `recipec` command line.

Each sub-command lives in its own module under `recipec.runtime.cli` and is imported only when
it is invoked, so `recipec check` never pays for the runtime's heavy imports (design.md
section 2). Exit codes: 0 ok, 1 recipe or input errors, 2 usage errors.
"""
from __future__ import annotations

import importlib
import sys

import click

# command name -> ("module:attribute" of a click.Command, one-line help), in `--help` order.
# The help text lives here so that `recipec --help` imports no command module.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("recipec.runtime.cli.check:check", "Check a recipe and print its diagnostics."),
    "compile": ("recipec.runtime.cli.compile:compile_command", "Compile a recipe to its plan "
                "(JSON)."),
    "build": ("recipec.runtime.cli.build:build", "Build what is out of date."),
    "plan": ("recipec.runtime.cli.plan:plan", "List the steps and whether each will run, and why."),
    "show": ("recipec.runtime.cli.show:show", "Show samples a step kept and dropped."),
    "gc": ("recipec.runtime.cli.housekeeping:gc", "Remove outputs no recipe uses any more."),
    "clean": ("recipec.runtime.cli.housekeeping:clean", "Empty the workdir."),
    "graph": ("recipec.runtime.cli.graph:graph", "Print the step graph (DOT or Mermaid)."),
    "fmt": ("recipec.runtime.cli.fmt:fmt", "Format recipe files (keeps comments)."),
    "diff": ("recipec.runtime.cli.diff:diff", "Changed attributes and the steps they re-run."),
    "explain": ("recipec.runtime.cli.explain:explain", "Explain an error code."),
    "schema": ("recipec.runtime.cli.schema:schema", "Print the plan's JSON schema."),
    "sandbox": ("recipec.runtime.cli.sandbox:sandbox", "Run code in the isolated sandbox."),
    "lineage": ("recipec.runtime.cli.lineage:lineage", "Show the steps and data a checkpoint was "
                "trained from."),
}


class LazyGroup(click.Group):
    """A click group that imports each command's module on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module_name, attribute = COMMANDS[name][0].split(":")
        return getattr(importlib.import_module(module_name), attribute)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, short) for name, (_, short) in COMMANDS.items()])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="recipec")
def cli() -> None:
    """recipec: build the training data and training runs of code LLMs from .recipe files."""


def main() -> None:
    try:
        cli.main(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
