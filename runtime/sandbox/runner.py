"""One sandboxed request from start to finish: check, compile, run, judge.

    refuse (isolation missing) -> unavailable (no toolchain) -> static check -> build programs
    (the user's code; a harness around it for function-call tests) -> compile (cached) ->
    run (once; once per stdin/stdout case; once for all call cases) -> judge -> RunResult
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from recipec.runtime.sandbox import evaluate, languages, testcases
from recipec.runtime.sandbox.build import compile_program
from recipec.runtime.sandbox.compile_cache import CompileCache
from recipec.runtime.sandbox.execute import Executor, SandboxFault, command_status
from recipec.runtime.sandbox.isolation.probe import Capabilities, capabilities
from recipec.runtime.sandbox.languages.base import Language, Program
from recipec.runtime.sandbox.limits import Limits
from recipec.runtime.sandbox.results import (CommandResult, RunResult, Status, TestOutcome,
                                             TestStatus)


# Languages whose values are mostly strings (a shell function prints its result; Perl and PHP
# turn numbers into strings freely): "3" matches 3 there.
LOOSE_RESULTS = ("shell", "perl", "php")


@dataclass
class RunOptions:
    static_check: bool = True
    allow_unisolated: bool = False  # the explicit opt-out of issue 4
    use_cgroups: bool = True
    cache: CompileCache = field(default_factory=CompileCache)


def _unavailable(language: str, message: str, isolation: dict) -> RunResult:
    return RunResult(Status.UNAVAILABLE, language, message, isolation=isolation)


def isolation_summary(caps: Capabilities, options: RunOptions, isolated: bool) -> dict[str, Any]:
    layers = caps.summary()
    if not options.use_cgroups:
        layers = {name: (on and not name.startswith("cgroup")) for name, on in layers.items()}
    return {"isolated": isolated, "layers": layers}


def run_request(code: str, language: str, tests: Any, stdin: str | bytes | None, limits: Limits,
                options: RunOptions, files: dict[str, bytes] | None = None) -> RunResult:
    start = time.monotonic()
    result = _run(code, language, tests, stdin, limits, options, files or {})
    result.wall_time = round(time.monotonic() - start, 4)
    return result


def _run(code: str, language_name: str, tests: Any, stdin: str | bytes | None, limits: Limits,
         options: RunOptions, files: dict[str, bytes]) -> RunResult:
    caps = capabilities()
    isolated = caps.isolated
    isolation = isolation_summary(caps, options, isolated)
    if not isolated and not options.allow_unisolated:
        return _unavailable(language_name, "refusing to run untrusted code: this machine lacks "
                            f"{', '.join(caps.missing)} (see `recipec sandbox check`; opting out "
                            "with allow_unisolated / --unisolated runs it unprotected)", isolation)
    try:
        language = languages.get(language_name)
    except languages.UnknownLanguage as error:
        return _unavailable(language_name, str(error), isolation)
    try:
        cases = testcases.parse(tests) if tests is not None else []
    except testcases.TestCaseError as error:
        return _unavailable(language.name, str(error), isolation)
    toolchain = language.toolchain
    if not toolchain.available:
        return _unavailable(language.name, f"{language.name} is unavailable: {toolchain.missing}",
                            isolation)
    if toolchain.hidden and (not isolated or caps.unshare is None or caps.setpriv is None):
        return _unavailable(language.name, f"{language.name} is unavailable: its toolchain under "
                            f"{', '.join(toolchain.hidden.values())} is unreachable by the sandbox "
                            "uid (install it system-wide: .ci/install-toolchains.sh)", isolation)
    if options.static_check and language.tree_sitter:
        from recipec.runtime.sandbox.static_check import check

        issues = check(code, language.tree_sitter)
        if issues:
            first = issues[0]
            return RunResult(Status.SYNTAX_ERROR, language.name,
                             f"syntax error at line {first.line}, column {first.column}: "
                             f"{first.message}", isolation=isolation)
    executor = Executor(caps, isolated=isolated, use_cgroups=options.use_cgroups)
    stdin_bytes = stdin.encode() if isinstance(stdin, str) else stdin
    try:
        return _execute(executor, options.cache, language, code, cases, stdin_bytes, limits,
                        isolation, files)
    except SandboxFault as error:
        return _unavailable(language.name, f"sandbox fault: {error}", isolation)


def _execute(executor: Executor, cache: CompileCache, language: Language, code: str,
             cases: list, stdin: bytes | None, limits: Limits, isolation: dict,
             files: dict[str, bytes]) -> RunResult:
    """`files` are extra input files for the work folder (data, headers): every compile and run
    sees them."""
    calls = [(i, c) for i, c in enumerate(cases) if isinstance(c, testcases.CallCase)]
    stdio = [(i, c) for i, c in enumerate(cases) if isinstance(c, testcases.StdioCase)]
    result = RunResult(Status.PASSED, language.name, isolation=isolation)
    outcomes: list[TestOutcome] = []
    runs: list[CommandResult] = []

    if stdio or not calls:
        program = _with_files(language.prepare(code), files)
        compiled, build = _compile(executor, cache, language, program, limits, result)
        if compiled is None:
            return result
        if not stdio:
            run = _run_program(executor, language, program, build, limits, stdin)
            result.run = run
            problem = command_status(run)
            result.status = problem or Status.PASSED
            result.message = _problem_message(problem, run, limits)
            return result
        first_failure = None
        for index, case in stdio:
            run = _run_program(executor, language, program, build, limits, case.stdin.encode())
            runs.append(run)
            outcome = evaluate.stdio_outcome(index, case, run)
            outcomes.append(outcome)
            if outcome.status is not TestStatus.PASSED and first_failure is None:
                first_failure = run
            if command_status(run) in (Status.TIMEOUT, Status.MEMORY_LIMIT):
                break  # the next inputs would most likely burn the same limit again
        result.run = first_failure or runs[-1]
        ran = {o.index for o in outcomes}
        outcomes += [TestOutcome(index=i, name=c.name, status=TestStatus.NOT_RUN,
                                 message="not run") for i, c in stdio if i not in ran]

    if calls:
        from recipec.runtime.sandbox.harness import HarnessError, build_harness

        try:
            harness = build_harness(language, code, [case for _, case in calls])
        except HarnessError as error:
            return _unavailable(language.name, str(error), isolation)
        channel = b""
        if harness.program is not None:
            harness.program = _with_files(harness.program, files)
            compiled, build = _compile(executor, cache, language, harness.program, limits, result)
            if compiled is None:
                return result
            run, channel = _run_program(executor, language, harness.program, build, limits, None,
                                        result_channel=True)
            runs.append(run)
            result.run = run
        else:
            run = CommandResult(exit_code=0)
        outcomes += evaluate.call_outcomes(calls, run, channel, missing=harness.missing,
                                           loose=language.name in LOOSE_RESULTS)

    result.tests = sorted(outcomes, key=lambda o: o.index)
    result.status, result.message = evaluate.overall_status(result.tests, runs)
    return result


def _compile(executor: Executor, cache: CompileCache, language: Language, program: Program,
             limits: Limits, result: RunResult) -> tuple[CommandResult | None, str | None]:
    """Compile if the language needs it; on failure, fill `result` and return (None, None)."""
    if not language.compiled:
        return CommandResult(exit_code=0), None
    compiled, build = compile_program(executor, cache, language, program, limits)
    result.compile = compiled
    if build is None:
        result.status = Status.COMPILE_ERROR
        if compiled.timed_out:
            result.message = f"the compiler timed out after {limits.compile_timeout:g}s"
        elif compiled.memory_exceeded:
            result.message = "the compiler ran out of memory"
        else:
            # Most compilers report on stderr; tsc on stdout.
            lines = [line for line in (compiled.stderr or compiled.stdout).splitlines() if line.strip()]
            result.message = evaluate.clip(lines[0], 300) if lines else "compilation failed"
        return None, None
    return compiled, str(build)


def _with_files(program: Program, files: dict[str, bytes]) -> Program:
    if files:
        program.extra_files = dict(files)
        program.files = {**files, **program.files}  # the program's own sources win
    return program


def _run_program(executor: Executor, language: Language, program: Program, build: str | None,
                 limits: Limits, stdin: bytes | None, *, result_channel: bool = False):
    # A compiled program runs from its build; it needs its sources no more, its inputs still.
    files = program.extra_files if language.compiled else program.files
    binds = {"build": build} if build is not None else {}
    run, channel = executor.run(language, language.run_command(program, limits), files=files,
                                limits=limits, env=language.env(limits), stdin=stdin,
                                ro_binds=binds, result_channel=result_channel)
    return (run, channel) if result_channel else run


def _problem_message(problem: Status | None, run: CommandResult, limits: Limits) -> str:
    if problem is None:
        return ""
    if problem is Status.TIMEOUT:
        return f"timed out after {limits.timeout:g}s" if run.timed_out else "CPU time limit exceeded"
    if problem is Status.MEMORY_LIMIT:
        return f"memory limit of {limits.memory / 2**20:g} MiB exceeded"
    if problem is Status.OUTPUT_LIMIT:
        return (f"output exceeded {limits.output} bytes" if run.output_exceeded else
                f"file size limit of {limits.file_size} bytes exceeded")  # file_size_exceeded
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    tail = evaluate.clip(lines[-1], 300) if lines else ""
    code = f"exit code {run.exit_code}" if run.exit_code is not None else f"signal {run.signal}"
    return f"{code}: {tail}" if tail else code
