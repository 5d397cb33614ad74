"""Refresh resources/i18n/*.ts from the sources with pyside6-lupdate (``make i18n-update``).

lupdate reads ``self.tr("…")``, ``QCoreApplication.translate("ctx", "…")`` and
``QT_TRANSLATE_NOOP("ctx", "…")`` with literal arguments. It cannot see two kinds of text, so
this script writes them into a generated stub, ``resources/i18n/_core_strings.py``, first:

* texts of the Qt-free core that the GUI translates: every ``N_("…")`` of
  ``smmdesk.servicetypes`` (``translatable_strings()``) and of ``smmdesk.massorder`` (both shown
  through ``st_tr``, context "servicetypes"), of ``smmdesk.recovery`` (context "recovery"), of
  ``smmdesk.compare`` (context "compare"), of ``smmdesk.rates`` (context "rates"), of
  ``smmdesk.outcomes`` (context "outcomes") and of ``smmdesk.schedules`` and
  ``smmdesk.automation`` (context "schedules");
* literals passed to a module's own translation helper, e.g. ``_tr("…")`` in ui/format.py or
  ``ntr("ServicesView", "%n service(s)", n)``: a helper is any function that hands one of its
  parameters to ``.translate(context, text[, disambiguation[, n]])``; the context is a literal,
  a module constant or the caller's argument, and a call that passes ``n`` is a plural.

Existing translations are kept (lupdate merges); strings no longer in the sources stay in the
.ts as "vanished" unless ``--drop-obsolete``. Run ``make i18n`` afterwards to compile.
"""

from __future__ import annotations

import argparse
import ast
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
STUB = I18N / "_core_strings.py"
LANGUAGES = ("tr",)
SOURCES = ("main.py", "ui/**/*.py")

# Qt-free modules whose N_("…") literals the GUI translates, and the context it uses.
CORE_MODULES = (
    ("smmdesk/servicetypes.py", "servicetypes"),
    ("smmdesk/massorder.py", "servicetypes"),  # its problems are servicetypes.Text (st_tr)
    ("smmdesk/recovery.py", "recovery"),
    ("smmdesk/compare.py", "compare"),  # link warnings (ui/compare: compare_tr)
    ("smmdesk/rates.py", "rates"),  # why the rates could not be updated (rates_error_text)
    ("smmdesk/outcomes.py", "outcomes"),  # a placement's outcome (ui.core_text.outcome_text)
    ("smmdesk/schedules.py", "schedules"),  # a schedule's problems (ui/schedules: core_problem)
    ("smmdesk/automation.py", "schedules"),
)


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    disambiguation: str = ""
    plural: bool = False


@dataclass(frozen=True)
class Helper:
    """A function passing its parameters on to ``.translate()``: where each one goes."""

    params: tuple[str, ...]
    context: str | None  # a fixed context, or None when ``context_param`` gives it
    context_param: int | None
    text_param: int
    disambiguation_param: int | None
    n_param: int | None


def _tool(name: str) -> str:
    exe = Path(sys.executable).parent / name
    if exe.exists():
        return str(exe)
    found = shutil.which(name)
    if not found:
        sys.exit(f"{name} not found: install the dev extra (make)")
    return found


def _str_constants(tree: ast.Module) -> dict[str, str]:
    out: dict[str, str] = {}
    for node in tree.body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
            out[node.targets[0].id] = node.value.value
    return out


def _helpers(tree: ast.Module) -> dict[str, Helper]:
    """Module-level functions that forward a parameter to ``….translate(ctx, text, …)``."""
    constants = _str_constants(tree)
    found: dict[str, Helper] = {}
    for fn in tree.body:
        if not isinstance(fn, ast.FunctionDef):
            continue
        params = tuple(a.arg for a in fn.args.args)
        for node in ast.walk(fn):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "translate" and len(node.args) >= 2):
                continue
            args = node.args

            def param(i: int, args: list[ast.expr] = args, params: tuple[str, ...] = params
                      ) -> int | None:
                if i < len(args) and isinstance(args[i], ast.Name) and args[i].id in params:
                    return params.index(args[i].id)
                return None

            text_param = param(1)
            if text_param is None:
                continue
            ctx_node = args[0]
            context: str | None = None
            if isinstance(ctx_node, ast.Constant) and isinstance(ctx_node.value, str):
                context = ctx_node.value
            elif isinstance(ctx_node, ast.Name) and ctx_node.id in constants:
                context = constants[ctx_node.id]
            context_param = param(0)
            if context is None and context_param is None:
                continue
            found[fn.name] = Helper(params, context, context_param, text_param, param(2),
                                    param(3))
    return found


def _arg(call: ast.Call, helper: Helper, index: int | None) -> ast.expr | None:
    if index is None:
        return None
    if index < len(call.args):
        return call.args[index]
    name = helper.params[index]
    return next((k.value for k in call.keywords if k.arg == name), None)


def _literal(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def helper_messages(files: list[Path]) -> list[Message]:
    """Literal texts given to translation helpers (which lupdate cannot follow)."""
    trees = {_module(f): ast.parse(f.read_text(encoding="utf-8"), str(f)) for f in files}
    by_module = {name: _helpers(tree) for name, tree in trees.items()}
    out: list[Message] = []
    for name, tree in trees.items():
        visible = dict(by_module[name])
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module in by_module:
                for alias in node.names:
                    helper = by_module[node.module].get(alias.name)
                    if helper is not None:
                        visible[alias.asname or alias.name] = helper
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in visible):
                continue
            helper = visible[node.func.id]
            text = _literal(_arg(node, helper, helper.text_param))
            context = helper.context or _literal(_arg(node, helper, helper.context_param))
            if text is None or context is None:
                continue
            n = _arg(node, helper, helper.n_param)
            plural = n is not None and not (isinstance(n, ast.Constant) and n.value == -1)
            disambiguation = _literal(_arg(node, helper, helper.disambiguation_param)) or ""
            out.append(Message(context, text, disambiguation, plural))
    return out


def n_literals(path: Path) -> list[str]:
    """Every ``N_("…")`` literal of a module, in order."""
    if path.name == "servicetypes.py":
        sys.path.insert(0, str(ROOT))
        from smmdesk.servicetypes import translatable_strings

        return translatable_strings()
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "N_" and node.args):
            text = _literal(node.args[0])
            if text is not None:
                found.append(text)
    return list(dict.fromkeys(found))


def core_messages() -> list[Message]:
    return [Message(context, text) for rel, context in CORE_MODULES
            for text in n_literals(ROOT / rel)]


def render_stub(messages: list[Message]) -> str:
    lines = [
        "# ruff: noqa: E501",
        '"""GENERATED by scripts/update_i18n.py: do not edit, never imported.',
        "",
        "Texts lupdate cannot find by itself (Qt-free core literals, arguments of translation",
        'helpers), written as calls it understands."""',
        "",
        "from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication",
        "",
        "",
        "def _messages() -> None:",
    ]
    seen: set[Message] = set()
    for m in messages:
        if m in seen:
            continue
        seen.add(m)
        ctx, text = json.dumps(m.context, ensure_ascii=False), json.dumps(m.source,
                                                                          ensure_ascii=False)
        if m.plural or m.disambiguation:
            disamb = (json.dumps(m.disambiguation, ensure_ascii=False) if m.disambiguation
                      else "None")
            n = ", 1" if m.plural else ""
            call = f"QCoreApplication.translate({ctx}, {text}, {disamb}{n})"
        else:
            call = f"QT_TRANSLATE_NOOP({ctx}, {text})"
        lines.append(f"    {call}")
    return "\n".join(lines) + "\n"


def source_files() -> list[Path]:
    files: list[Path] = []
    for pattern in SOURCES:
        files.extend(sorted(ROOT.glob(pattern)))
    return files


def write_stub() -> int:
    messages = core_messages() + helper_messages(source_files())
    STUB.parent.mkdir(parents=True, exist_ok=True)
    STUB.write_text(render_stub(messages), encoding="utf-8")
    return len(set(messages))


def run_lupdate(*, drop_obsolete: bool) -> None:
    files = [str(f.relative_to(ROOT)) for f in [*source_files(), STUB]]
    for lang in LANGUAGES:
        ts = I18N / f"smmdesk_{lang}.ts"
        cmd = [_tool("pyside6-lupdate"), "-locations", "relative", "-source-language", "en",
               "-target-language", lang, *files, "-ts", str(ts.relative_to(ROOT))]
        if drop_obsolete:
            cmd.insert(1, "-no-obsolete")
        subprocess.run(cmd, check=True, cwd=ROOT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drop-obsolete", action="store_true",
                        help="remove translations whose source text is gone")
    parser.add_argument("--stub-only", action="store_true",
                        help="only regenerate resources/i18n/_core_strings.py")
    args = parser.parse_args(argv)
    count = write_stub()
    print(f"wrote {STUB.relative_to(ROOT)} ({count} texts)")
    if not args.stub_only:
        run_lupdate(drop_obsolete=args.drop_obsolete)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
