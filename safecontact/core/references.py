"""Human references such as MEAS-2026-000123, numbered per council and year."""

from datetime import date

from django.db import models


def next_reference(*, model: type[models.Model], council: models.Model, prefix: str, field: str = "reference") -> str:
    """Call inside the creating transaction. Locking the council row serialises numbering on
    PostgreSQL; SQLite's IMMEDIATE transactions already serialise writers. The council's own class locks it, so
    the kernel need not import accounts (core/contributions.py: the kernel imports no later app)."""
    type(council)._default_manager.select_for_update().filter(pk=council.pk).first()
    stem = f"{prefix}-{date.today().year}-"
    last = (
        model._default_manager.filter(council=council, **{f"{field}__startswith": stem})
        .order_by(f"-{field}")
        .values_list(field, flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{stem}{number:06d}"
