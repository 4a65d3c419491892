from typing import Any

from django.contrib.auth.base_user import BaseUserManager


class UserManager(BaseUserManager):  # type: ignore[type-arg]
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any):  # type: ignore[no-untyped-def]
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)  # type: ignore[attr-defined]
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any):  # type: ignore[no-untyped-def]
        """`manage.py createsuperuser`: Safe Contact has no superusers, so this makes a system administrator of the
        council (when there is exactly one; otherwise it says to use `create_council` or `create_sysadmin`)."""
        from safecontact.accounts.invitations import sysadmin_create

        return sysadmin_create(email=email, full_name=extra.get("full_name", ""), password=password)
