"""Lets mutmut mutate the functions it would skip: used by scripts/mutation.sh on its own copy of the code.

mutmut 3 does not mutate a decorated function (its trampoline has to wrap the bare function), and every
service here is `@transaction.atomic`, every computed field of a retention rule a `@property`. In the copy
mutation.sh works on, `@transaction.atomic def f(...)` becomes `def f(...)` followed by
`f = transaction.atomic(f)`, which is what the decorator means: the code under test is unchanged, and mutmut
sees a plain function. Only the decorators below are rewritten; a function with any other is left to be
skipped. The line count is kept (one decorator line out, one assignment line in), so the line numbers after
each function are those of the real file.

    python scripts/mutation_prepare.py FILE...
"""

from __future__ import annotations

import sys
from pathlib import Path

import libcst as cst

REWRITTEN = {"transaction.atomic", "property"}


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


def _unwrap(statements: list[cst.BaseStatement]) -> list[cst.BaseStatement]:
    out: list[cst.BaseStatement] = []
    for statement in statements:
        names = [_dotted(d.decorator) for d in statement.decorators] if isinstance(statement, cst.FunctionDef) else []
        if not names or not set(names) <= REWRITTEN:
            out.append(statement)
            continue
        assert isinstance(statement, cst.FunctionDef)
        name = statement.name.value
        value: cst.BaseExpression = cst.Name(name)
        for decorator in reversed(statement.decorators):  # the one nearest the def applies first
            value = cst.Call(func=decorator.decorator, args=[cst.Arg(value)])
        leading = statement.decorators[0].leading_lines
        out.append(statement.with_changes(decorators=[], leading_lines=[*statement.leading_lines, *leading]))
        out.append(cst.SimpleStatementLine(body=[cst.Assign(targets=[cst.AssignTarget(cst.Name(name))], value=value)]))
    return out


class Unwrap(cst.CSTTransformer):
    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:  # noqa: N802 - libcst names the hook
        return updated.with_changes(body=_unwrap(list(updated.body)))

    def leave_IndentedBlock(self, original: cst.IndentedBlock, updated: cst.IndentedBlock) -> cst.IndentedBlock:  # noqa: N802
        return updated.with_changes(body=_unwrap(list(updated.body)))


def main(paths: list[str]) -> None:
    for path in map(Path, paths):
        source = path.read_text()
        rewritten = cst.parse_module(source).visit(Unwrap()).code
        assert rewritten.count("\n") == source.count("\n"), f"{path}: line count changed"
        path.write_text(rewritten)


if __name__ == "__main__":
    main(sys.argv[1:])
