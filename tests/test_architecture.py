"""Architecture rules that fail the build (issue 11, "one owner").

A register entry (`register.Measure`) changes its state, terms or dates only through the register's own services:
reviews, appeals, letters and the rest call `safecontact.register.services`. Whether an arbitrary attribute
assignment touches a Measure is hard to know statically, so the rule is practical and strict where it can be:

(a) `Measure.objects.<...>.update(` / `.create(` / `.bulk_create(` / `.bulk_update(` / `.update_or_create(` /
    `.get_or_create(` (and the same through `_base_manager` / `_default_manager`), anywhere outside register;
(b) `<name>.save(` where the name (or attribute) is `measure` or ends with `measure`, outside register;
(c) an allowlist, each entry with its reason.

Tests and migrations are not checked: tests arrange state (back-dating a review is not something any service may
do), and migrations work on historical models.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "safecontact"
OWNER = "safecontact/register/"
WRITE_METHODS = frozenset({"update", "create", "bulk_create", "bulk_update", "update_or_create", "get_or_create"})
MANAGERS = frozenset({"objects", "_base_manager", "_default_manager"})

ALLOWED: dict[str, str] = {
    "safecontact/reviews/demo.py": "demo data back-dates an approval and a review date so the demo shows an entry due "
    "this week and one overdue; no service may set a past review date, on purpose",
    "safecontact/retention/disposal.py": "retention deletes disposed entries (deletion, not a state change) through a "
    "generic purge of the model's rows",
}


def _skipped(relative: str) -> bool:
    parts = relative.split("/")
    return relative.startswith(OWNER) or "tests" in parts or "migrations" in parts


def _measure_names(tree: ast.AST) -> set[str]:
    """`Measure` and whatever it is imported as."""
    names = {"Measure"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names |= {alias.asname or alias.name for alias in node.names if alias.name == "Measure"}
    return names


def _on_measure_manager(node: ast.expr, measure_names: set[str]) -> bool:
    """Is `Measure.objects` (or another manager) somewhere down this chain of attributes and calls?"""
    while True:
        if isinstance(node, ast.Attribute):
            if node.attr in MANAGERS and isinstance(node.value, ast.Name) and node.value.id in measure_names:
                return True
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            return False


def _names_a_measure(node: ast.expr) -> bool:
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
    return name.lower().endswith("measure")


def measure_writes(source: str, filename: str = "<snippet>") -> list[str]:
    """Every write to a Measure in `source`, as "file:line: what"."""
    tree = ast.parse(source, filename=filename)
    measure_names = _measure_names(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method, receiver = node.func.attr, node.func.value
        if method in WRITE_METHODS and _on_measure_manager(receiver, measure_names):
            found.append(f"{filename}:{node.lineno}: Measure.objects...{method}() writes a register entry")
        elif method == "save" and _names_a_measure(receiver):
            found.append(f"{filename}:{node.lineno}: {ast.unparse(receiver)}.save() writes a register entry")
    return found


def test_only_the_register_writes_a_measure():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if _skipped(relative) or relative in ALLOWED:
            continue
        found += measure_writes(path.read_text(encoding="utf-8"), relative)
    assert not found, (
        "Only safecontact/register/services*.py may change a register entry. Call a register service instead "
        "(measure_review_date_set, measure_review_record, measure_vary, measure_notification_set, measure_end, "
        "...), or add one there:\n" + "\n".join(found)
    )


def test_the_allowlist_names_files_that_exist_and_says_why():
    for relative, reason in ALLOWED.items():
        assert (ROOT / relative).is_file(), f"{relative} is allowed but no longer exists: remove it from ALLOWED"
        assert len(reason) > 20, f"{relative}: say why it may write a register entry"


def test_the_rule_reports_an_outside_write_with_its_line():
    source = """
from safecontact.register.models import Measure as Entry
def sneaky(measure, item, pk):
    Entry.objects.filter(pk=pk).update(review_due=None)
    Entry.objects.create(reference="PSR-1")
    Entry._base_manager.select_for_update().filter(pk=pk).bulk_update([], ["status"])
    measure.save(update_fields=["review_due"])
    item.measure.save()
    live_measure.save()
"""
    assert measure_writes(source, "safecontact/reviews/sneaky.py") == [
        "safecontact/reviews/sneaky.py:4: Measure.objects...update() writes a register entry",
        "safecontact/reviews/sneaky.py:5: Measure.objects...create() writes a register entry",
        "safecontact/reviews/sneaky.py:6: Measure.objects...bulk_update() writes a register entry",
        "safecontact/reviews/sneaky.py:7: measure.save() writes a register entry",
        "safecontact/reviews/sneaky.py:8: item.measure.save() writes a register entry",
        "safecontact/reviews/sneaky.py:9: live_measure.save() writes a register entry",
    ]


def test_the_rule_leaves_reads_and_other_models_alone():
    source = """
def fine(measure, review, pk):
    Measure.objects.filter(pk=pk).exists()
    Measure.objects.select_for_update().get(pk=pk)
    Review.objects.filter(measure=measure).update(letter=None)
    review.save()
    measures = list(Measure.objects.all())
"""
    assert measure_writes(source) == []


def test_register_and_tests_are_not_checked():
    assert _skipped("safecontact/register/services.py")
    assert _skipped("safecontact/reviews/tests/test_services.py")
    assert _skipped("safecontact/people/migrations/0004_address_council_assign.py")
    assert not _skipped("safecontact/reviews/services.py")


# Every email goes through an outbox (issue 12): only the two senders may talk to Django's email backend.
EMAIL_SENDERS = {"safecontact/letters/delivery.py", "safecontact/notifications/outbox.py"}


def test_only_the_outbox_senders_send_email():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "tests" in relative.split("/") or relative in EMAIL_SENDERS:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = [node.module or ""] if isinstance(node, ast.ImportFrom) else (
                [alias.name for alias in node.names] if isinstance(node, ast.Import) else [])
            if any(module.startswith("django.core.mail") for module in modules):
                found.append(f"{relative}:{node.lineno}")
    assert not found, ("Queue an email in the outbox instead of sending it (notifications.services.staff_email_queue, or a "
                       "letter): " + ", ".join(found))
