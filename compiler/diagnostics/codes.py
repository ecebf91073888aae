"""Every diagnostic code: what it means, why it matters, an example, and the fix.

One table feeds `recipec explain CODE` and `docs/errors.md` (`recipec explain --all
--markdown`). A test compiles every example and checks it reports its own code. Codes are stable:
never reuse a retired one. E01 syntax, E02 names, E03 modules, E04 params and overrides,
E05 schemas, E06 domain checks, W warnings.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    title: str
    summary: str
    example: str
    fix: str
    params: tuple[tuple[str, str], ...] = ()   # -p values the example is compiled with


CODES: dict[str, Code] = {
    # ------------------------------------------------------------------ E01 syntax
    "E0101": Code(
        "unexpected token",
        "The parser met a token that cannot continue what came before it. The label lists what "
        "could have come instead.",
        'source github { kind = code path = "a.jsonl" ) }',
        "Remove the stray token or add what is missing before it."),
    "E0102": Code(
        "unexpected end of file",
        "The file ended while a block, list, call or string was still open.",
        'source github { kind = code, path = "a.jsonl"',
        "Close every `{`, `[` and `(`; the opener that is not closed is usually the last one "
        "before the end."),
    "E0103": Code(
        "unexpected character",
        "A character that no token of the language starts with, such as a single quote.",
        "source github { kind = code, path = 'a.jsonl' }",
        'Strings use double quotes: `"a.jsonl"`. Names are letters, digits and `_`.'),
    "E0104": Code(
        "`=` expected after an attribute name",
        "Attributes are written `name = value`; a colon (YAML, JSON) is not accepted.",
        'source github { kind: code }',
        "Write `kind = code`."),
    "E0105": Code(
        "invalid escape in a string",
        'Inside "..." strings a backslash starts an escape (`\\n`, `\\t`, `\\"`, `\\\\`, '
        "`\\uXXXX`); anything else is an error rather than a silent change of the text.",
        'source github { kind = code, path = "C:\\data\\a.jsonl" }',
        'Double the backslash (`"C:\\\\data"`), or use a """long string""" which keeps '
        "backslashes as written."),
    "E0106": Code(
        "a value is expected",
        "An attribute, argument or list item has no value.",
        'source github { kind = , path = "a.jsonl" }',
        "Write the value: a string, a number with an optional unit, a reference, a call, a list "
        "or an object."),
    # ------------------------------------------------------------------ E02 names
    "E0201": Code(
        "unknown reference",
        "A name that is not declared in this recipe or its imports. References to blocks are "
        "`kind.label`, to values of another module `alias.name`, to params `param.name`.",
        'source github { kind = code, path = "a.jsonl" }\n'
        "pipeline clean { input = source.githb, steps = [] }",
        "Fix the spelling (the help suggests the closest name) or declare what is referenced."),
    "E0202": Code(
        "declared twice",
        "Two declarations share a name in one module: two blocks with the same kind and label, "
        "two `let`s or `param`s, or an import alias used twice. Declarations are "
        "order-independent, so the second cannot silently replace the first.",
        'fim f { psm = "{prefix}{suffix}{middle}", spm_rate = 0 }\n'
        'fim f { psm = "{prefix}{suffix}{middle}", spm_rate = 0 }',
        "Rename one of them. To change a block of a base module, write `override kind label "
        "{ ... }`."),
    "E0203": Code(
        "unknown block kind",
        "The first word of a top-level block is not one of the language's block kinds.",
        'sauce github { kind = code, path = "a.jsonl" }',
        "Use one of the block kinds of docs/language.md (the help suggests the closest)."),
    "E0204": Code(
        "`let` values refer to each other in a cycle",
        "A `let` value that, through other lets, refers to itself has no value.",
        "let a = b\nlet b = [a]",
        "Break the cycle: one of the values must be written out."),
    "E0208": Code(
        "nothing to override",
        "`override` replaces (for blocks: merges into) a declaration of the module named by "
        "`extends`; this module's base declares nothing by that name.",
        'override fim f { rate = 10% }',
        "Check the name against the base module, or drop `override` to declare something new."),
    "E0209": Code(
        "block label missing or not allowed",
        "Most blocks have a label (`source github { ... }`); singletons such as `build` have "
        "none.",
        "source { kind = code }",
        "Add a label, or remove it from a singleton block."),
    # ------------------------------------------------------------------ E03 modules
    "E0301": Code(
        "module not found",
        'An `import` or `extends` names a file that does not exist. `"std/<name>"` is a module '
        "of the standard library; other paths are relative to the importing file.",
        'import "std/qwen25_codr" as qwen',
        "Fix the path; `recipec explain E0301` and the help list the closest stdlib module."),
    "E0302": Code(
        "import cycle",
        "Modules that import each other (directly or through others) cannot be loaded in any "
        "order. The message shows the whole chain.",
        'import "./E0302_import_cycle.recipe" as me',
        "Move what both modules need into a third module that both import."),
    "E0303": Code(
        "file cannot be read",
        "The recipe file (or a module it imports) does not exist, is unreadable, or is not "
        "UTF-8.",
        "",
        "Check the path and the file's encoding."),
    "E0304": Code(
        "more than one `extends`",
        "A module is its base module plus its own declarations, so it has one base.",
        'extends "std/benchmarks"\nextends "std/checklist"',
        "Extend one module and import the others."),
    # ------------------------------------------------------------------ E04 params, overrides
    "E0401": Code(
        "unknown param on the command line",
        "`-p name=value` names a param the root recipe does not declare.",
        "param seed: int = 1",
        "Declare the param, or fix its name (the help lists the recipe's params).",
        params=(("sed", "7"),)),
    "E0402": Code(
        "param without a value",
        "A param has no default and no `-p` value was given.",
        "param budget: quantity",
        "Give it a default (`param budget: quantity = 1B`) or pass `-p budget=...`."),
    "E0403": Code(
        "param value of the wrong type",
        "A param declared with a type received a value of another type.",
        'param seed: int = "1234"',
        "Pass a value of the declared type."),
    "E0404": Code(
        "`-p` value does not parse",
        "Values on the command line are written as in a recipe: `7`, `300B`, `50%`, `\"text\"`, "
        "`true`.",
        "param seed: int = 1",
        "Quote strings that contain spaces or symbols.",
        params=(("seed", "7 8"),)),
    "E0405": Code(
        "`extends` not allowed here",
        "Only some block kinds can extend another block (mixtures, checklists), and only one of "
        "the same kind.",
        'source a { kind = code, path = "a.jsonl" }\n'
        'source b extends source.a { kind = code, path = "b.jsonl" }',
        "Extend a block of the same, extendable kind, or write the block out."),
    "E0406": Code(
        "unknown param type",
        "Param types are int, float, string, bool, quantity, list and any.",
        "param seed: integer = 1",
        "Use one of the param types."),
    "E0407": Code(
        "blocks extend each other in a cycle",
        "A block that extends itself, directly or through others, has no base to start from.",
        "checklist a extends checklist.b { item x { weight = 100%, question = \"?\" } }\n"
        "checklist b extends checklist.a { }",
        "Break the cycle: one of the blocks must be written out."),
    # ------------------------------------------------------------------ E05 schemas
    "E0501": Code(
        "unknown attribute",
        "No block kind accepts arbitrary attributes: a misspelt one would otherwise be ignored "
        "silently.",
        'fim f { psm = "{prefix}{suffix}{middle}", spm_rate = 0, rat = 50% }',
        "Fix the name (the help suggests the closest attribute); docs/blocks.md lists them all."),
    "E0502": Code(
        "missing attribute",
        "A required attribute (or argument, or nested block) is not given.",
        'source github { path = "a.jsonl" }',
        "Add it; the help says what it is for."),
    "E0503": Code(
        "wrong type",
        "A value of one type where another is expected, e.g. a list where a string belongs.",
        'source github { kind = code, path = ["a.jsonl"], text = 3 }',
        "Write a value of the expected type."),
    "E0504": Code(
        "wrong unit",
        "A quantity with a unit that does not fit: bytes where a duration is expected, `M` "
        "(million) where a size in bytes (`MB`) is expected, a unit on a plain number.",
        'source s { kind = code, path = "a.jsonl" }\nverify v { input = source.s, memory = 512M }',
        "Use a unit of the right family: counts k/M/B/T (decimal) and Ki/Mi (binary), sizes "
        "KB/MB/GB and KiB/MiB/GiB, durations ms/s/min/h, shares %."),
    "E0505": Code(
        "not a valid choice",
        "An attribute that takes one of a fixed set of names got another name.",
        'fim f { psm = "{prefix}{suffix}{middle}", spm_rate = 0, split = character }',
        "Use one of the listed names (the help suggests the closest)."),
    "E0506": Code(
        "reference to the wrong kind of block",
        "An attribute that references a block of some kinds got a reference to another kind.",
        'fim f { psm = "{prefix}{suffix}{middle}", spm_rate = 0 }\n'
        'pipeline p { input = fim.f, steps = [] }',
        "Reference a block of an accepted kind."),
    "E0507": Code(
        "unknown pipeline step or value constructor",
        "A call names no known pipeline step (or value such as `token(...)`).",
        'source s { kind = code, path = "a.jsonl" }\n'
        'pipeline p { input = source.s, steps = [dedup.minhsh()] }',
        "Fix the name; docs/blocks.md lists every step."),
    "E0508": Code(
        "call with wrong arguments",
        "Too many positional arguments, or a step used without `()`.",
        'source s { kind = code, path = "a.jsonl" }\n'
        'pipeline p { input = source.s, steps = [max_line_length(1000, 2)] }',
        "Name the extra arguments, or add `()`."),
    "E0509": Code(
        "value out of range",
        "A number outside its allowed range, such as a share above 100%.",
        'fim f { psm = "{prefix}{suffix}{middle}", spm_rate = 0, rate = 150% }',
        "Use a value in range; a share is between 0% and 100% (or 0 and 1)."),
    "E0510": Code(
        "exactly one of several attributes",
        "Some blocks take exactly one of a group of attributes, e.g. a tokenizer comes from "
        "`hub`, `path`, `ranks` or `train`.",
        'tokenizer t { hub = "Qwen/Qwen2.5-Coder-7B", path = "tokenizer.json" }',
        "Keep exactly one of them."),
    "E0511": Code(
        "unknown language",
        "Languages are named as in the 92-language list of design.md section 4 (`python`, "
        '`"c++"`, `"c#"`, `javascript`, `shell`).',
        'source s { kind = code, path = "a.jsonl" }\n'
        'pipeline p { input = source.s, steps = [language_id(keep = [python, cpp])] }',
        "Use the recipe name of the language (the help maps common aliases)."),
    "E0512": Code(
        "set twice",
        "One attribute (or argument) given twice in the same block or call.",
        'source s { kind = code, kind = text, path = "a.jsonl" }',
        "Keep one."),
    # ------------------------------------------------------------------ E06 domain checks
    "E0601": Code(
        "weights do not sum to 100%",
        "Mixture component weights and checklist item weights are shares of a whole.",
        'source a { kind = code, path = "a.jsonl" }\nsource b { kind = text, path = "b.jsonl" }\n'
        'tokenizer t { path = "tokenizer.json" }\n'
        "mixture m { tokenizer = tokenizer.t, seq_len = 8Ki, budget = 1B tokens\n"
        "  component source.a { weight = 70% }\n  component source.b { weight = 20% } }",
        "Make the weights add up to 100% (or to 1)."),
    "E0602": Code(
        "template placeholder missing, repeated or unknown",
        "FIM templates use {prefix}, {suffix} and {middle} once each; repo templates use "
        "{repo_name}, {path} and {content}.",
        'fim f { psm = "<|fim_prefix|>{prefix}<|fim_middle|>{middle}", spm_rate = 0 }',
        "Use each placeholder of the template's role exactly once."),
    "E0603": Code(
        "token not declared",
        "A tokenizer's `eos` must be one of its declared special tokens.",
        'tokenizer t { path = "tokenizer.json", eos = "</s>" }',
        "Declare the token in `special`, or name one that is."),
    "E0604": Code(
        "template uses a token its tokenizer does not declare",
        "A FIM or repo template's sentinels must be declared special tokens of the tokenizer of "
        "every mixture that applies it; otherwise they would be split into ordinary pieces. The "
        "compiler checks the declared table; the build checks the real vocabulary.",
        'source a { kind = code, path = "a.jsonl" }\n'
        'tokenizer t { path = "tokenizer.json", special = [token("<|endoftext|>", 0)] }\n'
        'fim f { psm = "<|fim_prefix|>{prefix}<|fim_suffix|>{suffix}<|fim_middle|>{middle}", '
        'spm_rate = 0, pad = "<|endoftext|>" }\n'
        "mixture m { tokenizer = tokenizer.t, seq_len = 8Ki, budget = 1B tokens\n"
        "  component source.a { weight = 100%, fim = fim.f } }",
        "Declare the tokens in the tokenizer's `special` list (the stdlib's "
        "`qwen.special_tokens` has Qwen2.5's), or use a tokenizer that has them."),
    "E0605": Code(
        "phase restates its mixture's seq_len or budget differently",
        "A mixture owns what is packed (tokenizer, seq_len, budget); a phase may restate them "
        "but not change them.",
        'source a { kind = code, path = "a.jsonl" }\ntokenizer t { path = "tokenizer.json" }\n'
        "mixture m { tokenizer = tokenizer.t, seq_len = 8Ki, budget = 1B tokens\n"
        "  component source.a { weight = 100% } }\n"
        "model x { tokenizer = tokenizer.t, path = \"ckpt\" }\n"
        "phase p { model = model.x, data = mixture.m, seq_len = 32Ki }",
        "Drop the attribute from the phase, or change it in the mixture."),
    "E0606": Code(
        "phases follow each other in a cycle",
        "Each phase starts from the checkpoint of its `after`; a cycle has no first phase.",
        'source a { kind = code, path = "a.jsonl" }\ntokenizer t { path = "tokenizer.json" }\n'
        "mixture m { tokenizer = tokenizer.t, seq_len = 8Ki, budget = 1B tokens\n"
        "  component source.a { weight = 100% } }\n"
        "phase p1 { after = phase.p2, data = mixture.m }\n"
        "phase p2 { after = phase.p1, data = mixture.m }",
        "The first phase names a `model`; the others name the phase they continue."),
    "E0607": Code(
        "sequences longer than the model's positions",
        "A phase trains at its mixture's seq_len, which must fit the model's "
        "`max_position_embeddings`, or `original_max * factor` when YaRN is set.",
        'source a { kind = code, path = "a.jsonl" }\ntokenizer t { path = "tokenizer.json" }\n'
        "mixture m { tokenizer = tokenizer.t, seq_len = 32Ki, budget = 1B tokens\n"
        "  component source.a { weight = 100% } }\n"
        "model x { tokenizer = tokenizer.t, config = { hidden_size = 64, intermediate_size = "
        "128, num_hidden_layers = 2, num_attention_heads = 4, num_key_value_heads = 2, "
        "max_position_embeddings = 8Ki } }\n"
        "phase p { model = model.x, data = mixture.m }",
        "Raise `max_position_embeddings`, or add `yarn = { factor = 4, original_max = 8Ki }`."),
    "E0608": Code(
        "token budget the data cannot supply",
        "A component must supply weight x budget tokens; with declared source sizes the compiler "
        "knows it cannot, even repeating each document `max_epochs` times.",
        'source a { kind = code, path = "a.jsonl", tokens = 100B tokens }\n'
        'tokenizer t { path = "tokenizer.json" }\n'
        "mixture m { tokenizer = tokenizer.t, seq_len = 8Ki, budget = 1T tokens\n"
        "  component source.a { weight = 100% } }",
        "Lower the weight or the budget, raise `max_epochs`, or add data."),
    "E0609": Code(
        "a file the recipe names cannot be read",
        "Prompt templates and chat templates are read at compile time: they are checked, and "
        "their text goes into the plan (and its cache keys).",
        'prompt p { file = "prompts/missing.j2" }',
        "Fix the path; it is relative to the recipe that writes it."),
    "E0610": Code(
        "prompt uses a variable its step does not provide",
        "Prompts are rendered with StrictUndefined: a variable the step does not provide would "
        "fail at build time, after paying for earlier calls.",
        'llm g { backend = transformers, model = "m" }\n'
        'source s { kind = code, path = "a.jsonl" }\ntokenizer t { path = "tokenizer.json" }\n'
        "snippets sn { input = source.s, tokenizer = tokenizer.t }\n"
        'prompt p { text = "Write an instruction for {{ code }}" }\n'
        "instruction_synthesis i { input = snippets.sn, llm = llm.g, instruction = prompt.p,\n"
        "  solution = prompt.p, languages = [python] }",
        "Use the variables the step provides (listed in the help)."),
    "E0612": Code(
        "special token declared twice",
        "Two special tokens share a text or an id.",
        'tokenizer t { path = "tokenizer.json", special = [token("<a>", 1), token("<b>", 1)] }',
        "Give each token its own text and id."),
    "E0614": Code(
        "special token without an id",
        "A tokenizer loaded from the hub, a file or ranks has fixed ids; only a tokenizer trained "
        "by the recipe can place tokens itself.",
        'tokenizer t { path = "tokenizer.json", special = [token("<|endoftext|>")] }',
        'Write the id: `token("<|endoftext|>", 151643)`.'),
    "E0615": Code(
        "phase start unclear",
        "The first phase names a `model`; every later phase names the phase it continues with "
        "`after`, and trains that phase's model.",
        'source a { kind = code, path = "a.jsonl" }\ntokenizer t { path = "tokenizer.json" }\n'
        "mixture m { tokenizer = tokenizer.t, seq_len = 8Ki, budget = 1B tokens\n"
        "  component source.a { weight = 100% } }\nphase p { data = mixture.m }",
        "Give the first phase a `model`, later ones an `after`."),
    "E0616": Code(
        "objective and data do not match",
        "Pretraining objectives read a mixture's packed shards; SFT objectives read sft_data; "
        "mixed FIM + SFT needs both streams.",
        'source a { kind = code, path = "a.jsonl" }\ntokenizer t { path = "tokenizer.json" }\n'
        "mixture m { tokenizer = tokenizer.t, seq_len = 8Ki, budget = 1B tokens\n"
        "  component source.a { weight = 100% } }\n"
        "model x { tokenizer = tokenizer.t, path = \"ckpt\" }\n"
        "phase p { model = model.x, data = mixture.m, objective = sft }",
        "Give the phase data of the kind its objective reads."),
    "E0617": Code(
        "prompt template does not parse",
        "A jinja2 syntax error in a prompt template.",
        'prompt p { text = "{% for x in items %}{{ x }}" }',
        "Fix the template (the message gives jinja2's line and reason)."),
    "E0618": Code(
        "setting required by another setting",
        "Some settings need others: the openai backend needs `base_url`; `format = hf_dataset` "
        "needs `hf`; `rank_by = score` needs a judge, a checklist and a judge prompt.",
        'llm j { backend = openai, model = "qwen" }',
        "Add the setting the message names."),
    "E0619": Code(
        "`api_key_env` does not name an environment variable",
        "API keys never go in a recipe (recipes live in git); `api_key_env` names the variable "
        "that holds the key.",
        'llm j { backend = openai, model = "m", base_url = "http://127.0.0.1:8000/v1",\n'
        '  api_key_env = "sk-12345-secret" }',
        'Write the variable name (`api_key_env = "OPENAI_API_KEY"`); revoke a key that was '
        "committed."),
    "E0620": Code(
        "source format cannot be inferred",
        "A source's format is taken from its path's extension (.jsonl, .jsonl.gz, .jsonl.zst, "
        ".parquet) unless given.",
        'source s { kind = code, path = "data/repos" }',
        "Add `format = repos` (a folder of repositories), `jsonl` or `parquet`."),
    # ------------------------------------------------------------------ warnings
    "W0101": Code(
        "sequence length not a multiple of 64",
        "Sequence lengths are nearly always powers of two; `2k` is 2,000 (decimal) while `2Ki` "
        "is 2,048.",
        'source a { kind = code, path = "a.jsonl" }\ntokenizer t { path = "tokenizer.json" }\n'
        "mixture m { tokenizer = tokenizer.t, seq_len = 2k, budget = 1B tokens\n"
        "  component source.a { weight = 100% } }",
        "Write `2Ki` (2,048) if that is what you meant."),
}


def explain(code: str) -> str | None:
    entry = CODES.get(code.upper())
    if entry is None:
        return None
    lines = [f"{code.upper()}: {entry.title}", "", entry.summary, ""]
    if entry.example:
        lines += ["Example:", ""] + ["    " + line for line in entry.example.split("\n")] + [""]
    lines += [f"Fix: {entry.fix}"]
    return "\n".join(lines)


def markdown() -> str:
    """docs/errors.md."""
    out = ["# Error index", "",
           "Every diagnostic `recipec` prints has a stable code; `recipec explain CODE` prints "
           "its entry. Generated from `compiler/diagnostics/codes.py` by "
           "`recipec explain --all --markdown`.", ""]
    for code, entry in CODES.items():
        out += [f"## {code}: {entry.title}", "", entry.summary, ""]
        if entry.example:
            out += ["```", entry.example, "```", ""]
        if entry.params:
            out += ["Compiled with " + " ".join(f"`-p {n}={v}`" for n, v in entry.params) + ".",
                    ""]
        out += [f"**Fix.** {entry.fix}", ""]
    return "\n".join(out)
