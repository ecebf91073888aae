"""Pass 1-3: parse the root recipe and, depth first, every module it imports or extends.

Module keys name modules in block ids: the root by its path, stdlib modules `std/<name>`,
relative modules by their path from the root's folder without `.recipe`. A cycle is reported
with its whole import chain.
"""
from __future__ import annotations

import os

from recipec.compiler.ast import Extends, Import
from recipec.compiler.context import STD_PREFIX, STDLIB_DIR, CompileContext
from recipec.compiler.diagnostics.diagnostic import Note
from recipec.compiler.diagnostics.suggest import did_you_mean
from recipec.compiler.parse import parse

EXTENSION = ".recipe"


def load_imports(ctx: CompileContext) -> None:
    root_file = ctx.root_path
    ctx.root = _strip(os.path.basename(root_file))
    _load(ctx, ctx.root, root_file, root_file, chain=())


def _load(ctx: CompileContext, key: str, path: str, display: str, chain: tuple) -> None:
    try:
        source = ctx.read_source(path)
    except (OSError, UnicodeDecodeError) as error:
        reason = "not valid UTF-8" if isinstance(error, UnicodeDecodeError) else \
            (error.strerror or str(error)).lower()
        ctx.sink.error("E0303", None, f"cannot read `{display}`: {reason}")
        return
    ctx.sources[display] = source
    module = parse(source, display, ctx.sink)
    ctx.module_paths[key] = path
    ctx.module_dirs[display] = os.path.dirname(path) or "."
    ctx.imports_of[key] = {}
    if module is None:
        return
    ctx.modules[key] = module

    extends = [d for d in module.declarations if isinstance(d, Extends)]
    for extra in extends[1:]:
        ctx.sink.error("E0304", extra.span, "a module can extend only one other module",
                       label="second `extends`", notes=(Note(extends[0].span, "first here"),))
    for declaration in module.declarations:
        if not isinstance(declaration, (Import, Extends)):
            continue
        target = _locate(ctx, declaration, path)
        if target is None:
            continue
        target_key, target_path, target_display = target
        link = chain + ((key, declaration.path_span),)
        if target_key == key or any(k == target_key for k, _ in chain):
            _report_cycle(ctx, link, target_key, declaration)
            continue
        if isinstance(declaration, Import):
            ctx.imports_of[key][declaration.alias] = target_key
        elif declaration is extends[0]:
            ctx.base_of[key] = target_key
        if target_key not in ctx.module_paths:
            _load(ctx, target_key, target_path, target_display, link)


def _locate(ctx: CompileContext, declaration, importer_path: str):
    """(key, path on disk, display name) of an imported module, or None after an error."""
    written = declaration.path
    if written.startswith(STD_PREFIX):
        name = _strip(written[len(STD_PREFIX):])
        path = str(STDLIB_DIR / (name + EXTENSION))
        key, display = STD_PREFIX + name, STD_PREFIX + name + EXTENSION
        known = sorted(STD_PREFIX + p.stem for p in STDLIB_DIR.glob("*" + EXTENSION))
    else:
        folder = os.path.dirname(importer_path)
        path = os.path.normpath(os.path.join(folder, written))
        if not path.endswith(EXTENSION):
            path += EXTENSION
        root_dir = os.path.dirname(os.path.normpath(ctx.root_path)) or "."
        key = _strip(os.path.relpath(path, root_dir))
        display = path
        known = []
    if not os.path.isfile(path):
        hint = did_you_mean(STD_PREFIX + _strip(written[len(STD_PREFIX):]), known, quote='"') \
            if known else "paths are relative to the file that imports them"
        ctx.sink.error("E0301", declaration.path_span, f'module "{written}" not found',
                       label="no such module", help=hint)
        return None
    return key, path, display


def _report_cycle(ctx: CompileContext, link: tuple, target_key: str, declaration) -> None:
    start = next(i for i, (k, _) in enumerate(link) if k == target_key)
    cycle = [k for k, _ in link[start:]] + [target_key]
    notes = tuple(Note(span, f"`{k}` imports the next module here") for k, span in link[start:-1])
    ctx.sink.error("E0302", declaration.path_span, "import cycle: " + " -> ".join(cycle),
                   label="this import closes the cycle", notes=notes,
                   help="move what both modules need into a third module that both import")


def _strip(path: str) -> str:
    return path[: -len(EXTENSION)] if path.endswith(EXTENSION) else path
