"""Human references such as MEAS-2026-000123, numbered per council and year."""

from datetime import date

from django.db import models

from safecontact.accounts.models import Organisation


def next_reference(*, model: type[models.Model], council: Organisation, prefix: str, field: str = "reference") -> str:
    """Call inside the creating transaction. Locking the council row serialises numbering on
    PostgreSQL; SQLite's IMMEDIATE transactions already serialise writers."""
    Organisation.objects.select_for_update().filter(pk=council.pk).first()
    stem = f"{prefix}-{date.today().year}-"
    last = (
        model._default_manager.filter(council=council, **{f"{field}__startswith": stem})
        .order_by(f"-{field}")
        .values_list(field, flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{stem}{number:06d}"
