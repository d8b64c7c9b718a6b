"""The layout docs/architecture.md describes holds: imports between apps point one way, and no
import hides inside a function to dodge a cycle.

Read from the source with `ast`, so a new module is checked as soon as it exists."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# What each app may import. rallying/ is the project's wiring: its conventions import no app;
# only its URL maps (urls.py, api_urls.py) mount the apps' views.
MAY_IMPORT = {
    "rallying": set(),
    "history": {"rallying"},
    "cases": {"rallying", "history"},
    "findings": {"rallying", "history", "cases"},
    "edge": {"rallying", "cases"},
    "search": {"rallying", "cases", "findings"},
    "pages": {"rallying", "cases", "findings"},
    "downloads": {"rallying", "cases", "findings", "releases"},
    # Dataset releases: they freeze /download/'s files through its URLs, not its code, so that
    # downloads (and citations) may name the latest release.
    "releases": {"rallying", "history", "cases"},
    # Readers' suggestions: they make draft cases and record decisions; nothing imports them.
    "contributions": {"rallying", "history", "cases"},
    "replica": set(),
    # Citations of every level, in four formats; the pages below load its template tags.
    "citations": {"rallying", "history", "cases", "findings", "releases"},
    # Evidence packs: a feature over cases, findings and the release they rest on.
    "packs": {"rallying", "cases", "findings", "releases", "citations"},
}
URL_MAPS = {"rallying/urls.py", "rallying/api_urls.py"}
# Django's documented place to connect signals once the models are loaded.
READY_HOOKS = {"cases/apps.py", "history/apps.py"}


def modules():
    for app in MAY_IMPORT:
        for path in sorted((ROOT / app).rglob("*.py")):
            # Tests may import whatever they check; migrations must not import app code.
            if "migrations" not in path.parts and "tests" not in path.parts:
                yield app, path.relative_to(ROOT).as_posix(), ast.parse(path.read_text())


def project_imports(tree, *, nested: bool):
    """(line, top-level package) of each import of a project package, at module level or, with
    `nested`, inside functions and classes."""
    top_level = set(tree.body)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        if (node not in top_level) != nested:
            continue
        for name in names:
            package = name.split(".")[0]
            if package in MAY_IMPORT:
                yield node.lineno, package


MODULES = list(modules())


def test_every_app_is_checked():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps - {"rallying"} <= set(MAY_IMPORT)


@pytest.mark.parametrize(("app", "path", "tree"), MODULES, ids=[m[1] for m in MODULES])
def test_imports_point_one_way(app, path, tree):
    if path in URL_MAPS:
        return
    wrong = [
        f"{path}:{line} imports {package}"
        for line, package in project_imports(tree, nested=False)
        if package != app and package not in MAY_IMPORT[app]
    ]
    assert wrong == []


@pytest.mark.parametrize(("app", "path", "tree"), MODULES, ids=[m[1] for m in MODULES])
def test_no_import_hides_inside_a_function(app, path, tree):
    if path in READY_HOOKS:
        return
    assert [f"{path}:{line}" for line, _ in project_imports(tree, nested=True)] == []


def test_the_allowed_imports_have_no_cycle():
    visiting, done = set(), set()

    def visit(app, trail):
        assert app not in visiting, " → ".join([*trail, app])
        if app in done:
            return
        visiting.add(app)
        for other in MAY_IMPORT[app]:
            visit(other, [*trail, app])
        visiting.discard(app)
        done.add(app)

    for app in MAY_IMPORT:
        visit(app, [])
