"""Fold a migration's AddIndex/AddConstraint operations into the CreateModel they follow.

    .venv/bin/python scripts/fold_migrations.py src/gonghui/<app>/migrations/00NN_name.py ...

``makemigrations`` writes a new model's indexes and constraints as operations of their own
after all the CreateModels, and Django's optimizer cannot move them back through the
CreateModels in between. Every operation makes ``migrate`` render again every model related
to the one it touches, and here every model reaches the union and the member: 128 such
operations were a fifth of a fresh SQLite migrate and a third of a PostgreSQL one. Folded
into ``CreateModel(options={"indexes": [...], "constraints": [...]})`` the schema is the
same (checked with ``pg_dump --schema-only``). Run it on a new migration before it is
applied anywhere. An operation stays where it is when the file also adds, alters, removes
or renames a field of that model, changes its options, or runs code (RunPython, RunSQL).
"""

import ast
import sys
from pathlib import Path

FIELD_OPS = {"AddField", "AlterField", "RemoveField", "RenameField", "AlterModelOptions"}
CODE_OPS = {"RunPython", "RunSQL", "SeparateDatabaseAndState"}


def _name(node) -> str | None:
    if not isinstance(node, ast.Call):
        return None
    f = node.func
    return f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)


def _kw(call: ast.Call, name: str):
    return next((k.value for k in call.keywords if k.arg == name), None)


def _model(call: ast.Call) -> str:
    return ast.literal_eval(_kw(call, "model_name") or _kw(call, "name")).lower()


def fold(path: Path) -> int:
    src = path.read_text()
    tree = ast.parse(src)
    ops_list = next(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(getattr(t, "id", None) == "operations" for t in node.targets)
    )
    ops = ops_list.elts
    touched = {_model(op) for op in ops if _name(op) in FIELD_OPS}
    creates: dict[str, int] = {}
    moves: dict[int, dict[str, list[str]]] = {}
    drop: list[int] = []
    for i, op in enumerate(ops):
        name = _name(op)
        if name == "CreateModel":
            creates[_model(op)] = i
            continue
        if name not in ("AddIndex", "AddConstraint"):
            continue
        model = _model(op)
        if model not in creates or model in touched:
            continue
        if any(_name(b) in CODE_OPS for b in ops[creates[model] + 1 : i]):
            continue
        key, arg = ("indexes", "index") if name == "AddIndex" else ("constraints", "constraint")
        moves.setdefault(creates[model], {"indexes": [], "constraints": []})[key].append(
            ast.get_source_segment(src, _kw(op, arg))
        )
        drop.append(i)
    if not drop:
        return 0
    starts = [0]
    for line in src.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))

    def at(line: int, col: int) -> int:
        return starts[line - 1] + col

    edits = []
    for c, found in moves.items():
        create = ops[c]
        options = _kw(create, "options")
        entries = "".join(
            f"                '{k}': [{', '.join(v)}],\n" for k, v in found.items() if v
        )
        if options is None:
            head = src[: at(create.end_lineno, create.end_col_offset) - 1].rstrip()
            comma = "" if head.endswith(",") else ","
            text = f"{comma}\n            options={{\n{entries}            }},"
        else:
            if not isinstance(options, ast.Dict) or any(
                isinstance(k, ast.Constant) and k.value in found for k in options.keys
            ):
                raise SystemExit(f"{path}: CreateModel options already name indexes/constraints")
            head = src[: at(options.end_lineno, options.end_col_offset) - 1].rstrip()
            comma = "" if head.endswith((",", "{")) else ","
            text = f"{comma}\n{entries.rstrip()}"
        edits.append((len(head), len(head), text))
    for i in drop:
        op = ops[i]
        end = at(op.end_lineno, op.end_col_offset)
        rest = src[end:]
        skip = len(rest) - len(rest.lstrip(" ,"))
        if rest[skip : skip + 1] == "\n":
            skip += 1
        edits.append((at(op.lineno, 0), end + skip, ""))
    for start, end, text in sorted(edits, reverse=True):
        src = src[:start] + text + src[end:]
    ast.parse(src)
    path.write_text(src)
    return len(drop)


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(f"{arg}: {fold(Path(arg))} folded")
