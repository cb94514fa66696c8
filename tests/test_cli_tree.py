"""The shape of the command line (issue 9): every command and group has a help text,
``coop --version`` prints the package's version, the modules of ``cli/`` import each
other without a cycle, and every command that prints data takes its output options
from ``cli.options.output_options``. No database is needed."""

from __future__ import annotations

import ast
import importlib.metadata
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cli.app import PACKAGE
from cli.main import cli, run

ROOT = Path(__file__).resolve().parent.parent


def tree() -> list[tuple[list[str], click.Command]]:
    """Every command and group under ``coop`` (the root included), with its path."""
    out: list[tuple[list[str], click.Command]] = [([], cli)]

    def walk(group: click.Group, path: list[str]) -> None:
        for name, command in sorted(group.commands.items()):
            out.append(([*path, name], command))
            if isinstance(command, click.Group):
                walk(command, [*path, name])

    walk(cli, [])
    return out


TREE = tree()


def in_process(argv: list[str]) -> tuple[int, str, str]:
    with CliRunner().isolation() as (out, err, _mixed):
        code = run(argv)
    return code, out.getvalue().decode(), err.getvalue().decode()


def test_the_tree_holds_every_group_and_a_command_of_each_module() -> None:
    names = {" ".join(path) for path, _ in TREE}
    # one command or group from each command module: registering is the module's own job
    assert {"init", "member", "distribute", "head", "db"} <= names
    assert {"report member-accounts", "report balance-sheet", "member settle"} <= names
    assert len(names) > 60


@pytest.mark.parametrize(
    "command", [c for _, c in TREE], ids=[" ".join(p) or "coop" for p, _ in TREE]
)
def test_every_command_and_group_has_a_help_text(command: click.Command) -> None:
    assert command.help and command.help.strip(), f"{command.name} has no help text"
    assert command.get_short_help_str().strip()


def test_coop_help_of_every_command_shows_its_description() -> None:
    for path, command in TREE:
        code, out, err = in_process(["--lang", "en", *path, "--help"])
        assert code == 0, err
        assert out.startswith(f"Usage: coop {' '.join(path)}".rstrip()), out
        first = (command.help or "").strip().splitlines()[0]
        words = first.split()[:3]
        assert words and " ".join(words) in " ".join(out.split()), (path, out)


def test_version_prints_the_installed_package_version() -> None:
    version = importlib.metadata.version(PACKAGE)
    code, out, _ = in_process(["--version"])
    assert code == 0
    assert out == f"coop, version {version}\n"
    assert "--version" in in_process(["--help"])[1]


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            if node.module == "cli":  # from cli import books
                found |= {f"cli.{a.name}" for a in node.names}
    return {m for m in found if m.split(".")[0] == "cli"}


def cli_graph() -> dict[str, set[str]]:
    return {
        f"cli.{p.stem}": _imports(p)
        for p in sorted((ROOT / "cli").glob("*.py"))
        if p.stem != "__init__"
    }


def test_cli_modules_import_each_other_without_a_cycle() -> None:
    graph = cli_graph()
    assert "cli.app" in graph and "cli.main" in graph
    nobody_imports_main = [m for m, deps in graph.items() if "cli.main" in deps]
    assert nobody_imports_main == [], "only the entry point may be cli.main"
    done: set[str] = set()

    def visit(module: str, stack: list[str]) -> None:
        assert module not in stack, "import cycle: " + " → ".join([*stack, module])
        if module in done:
            return
        for dep in sorted(graph.get(module, set())):
            visit(dep, [*stack, module])
        done.add(module)

    for module in graph:
        visit(module, [])


def test_app_imports_no_command_module() -> None:
    graph = cli_graph()
    commands = {"cli.books", "cli.members", "cli.distribute", "cli.trust", "cli.db"}
    assert not graph["cli.app"] & commands
    assert commands <= graph["cli.main"]


def test_every_output_option_comes_from_the_one_decorator() -> None:
    """No command module spells --format, -o or --force itself."""
    for name in ("books", "members", "distribute", "trust", "db"):
        source = (ROOT / "cli" / f"{name}.py").read_text(encoding="utf-8")
        for spelled in ('"--format"', '"-o"', '"--force"'):
            assert spelled not in source, f"cli/{name}.py spells {spelled}"
    formats = {" ".join(p): c for p, c in TREE if any(o.name == "fmt" for o in c.params)}
    assert len(formats) >= 20
    for path, command in formats.items():
        fmt = next(o for o in command.params if o.name == "fmt")
        assert fmt.opts == ["--format"] and isinstance(fmt.type, click.Choice), path
        assert fmt.default == next(iter(fmt.type.choices)), path
        has_o = any(o.name == "output" for o in command.params)
        assert has_o == any(o.name == "force" for o in command.params), path


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "balance-sheet", "--year", "2020", "--format", "pdf"],
        ["report", "member-accounts", "--year", "2020", "--format", "pdf"],
        ["voucher", "show", "2020-1", "--format", "pdf"],
    ],
)
def test_a_pdf_without_o_is_bad_usage_before_any_database_is_opened(
    argv: list[str], tmp_path: Path
) -> None:
    code, out, err = in_process(["--db", str(tmp_path / "none.db"), "--lang", "en", *argv])
    assert code == 2
    assert "--format pdf needs -o FILE" in err
    assert out == ""
    assert not (tmp_path / "none.db").exists()
