"""R77: protected characteristics are never used in decisions or matching. Nothing that decides about a customer,
matches a name or shows a case may import the equality app; pyproject.toml has the same rule as an import-linter
contract (`make lint`), and this test makes it fail in the test run too."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
# The apps that decide, match, check or show a customer's case and entries.
MUST_NOT_IMPORT = ("people", "matching", "incidents", "cases", "register", "checks", "letters", "appeals", "reviews", "api")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_nothing_that_decides_or_matches_imports_equality_monitoring():
    offenders = [f"{path.relative_to(PACKAGE)} imports {name}" for app in MUST_NOT_IMPORT for path in (PACKAGE / app).rglob("*.py")
                 for name in _imports(path) if name == "safecontact.equality" or name.startswith("safecontact.equality.")]
    assert offenders == []


def test_templates_of_people_and_cases_never_reach_the_answers():
    """(The cases' own "equality screen" of a decision is another thing: it is about the decision, not the customer.)"""
    templates = PACKAGE / "templates"
    offenders = [str(p.relative_to(templates)) for folder in ("people", "cases", "register", "checks", "incidents")
                 for p in (templates / folder).rglob("*.html")
                 if any(word in p.read_text(encoding="utf-8") for word in ("'equality:", "equality/", "equalityrecord", "equality_record"))]
    assert offenders == []
