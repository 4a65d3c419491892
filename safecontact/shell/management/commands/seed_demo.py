from typing import Any

from django.core.management.base import BaseCommand

from safecontact.shell.demo import demo_password, seed_demo


class Command(BaseCommand):
    help = "Create (or top up) the demo councils, organisations, teams and one user per role."

    def handle(self, *args: Any, **options: Any) -> None:
        sign_ins = seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in at http://127.0.0.1:8000 with:"))
        for email, role in sign_ins:
            self.stdout.write(f"  {email:<36} {role}")
        self.stdout.write(f"Password for all: {demo_password()}")
