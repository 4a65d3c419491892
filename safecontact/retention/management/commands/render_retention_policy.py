from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from safecontact.retention.render import render_policy_markdown


def policy_document_path() -> Path:
    return Path(settings.BASE_DIR) / "docs" / "retention-policy.md"


class Command(BaseCommand):
    help = "Re-render docs/retention-policy.md from safecontact/retention/policies.py"

    def handle(self, *args: object, **options: object) -> None:
        path = policy_document_path()
        path.write_text(render_policy_markdown())
        self.stdout.write(f"Wrote {path}")
