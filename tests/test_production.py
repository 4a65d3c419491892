"""Production (issue #13): the documented environment passes `check --deploy` with exactly the files the container
image holds; production settings refuse an unsafe SITE_URL; the deploy files run commands that exist."""

import os
import re
import secrets
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
OPERATIONS = ROOT / "docs" / "operations.md"


def sample_environment() -> dict[str, str]:
    """.env.example filled in as docs/operations.md tells an operator to: every change-me value replaced by a new
    random one (production refuses the placeholders), nothing else changed."""
    env = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            env[name.strip()] = secrets.token_urlsafe(64) if value.startswith("change-me") else value
    return env


def run_clean(args: list[str], env: dict[str, str], cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Nothing from the test run's own environment leaks in (no DATABASE_URL, no DJANGO_ALLOW_ASYNC_UNSAFE)."""
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8"}
    return subprocess.run(args, cwd=cwd, env={**base, **env}, capture_output=True, text=True, timeout=120)


def image_files(target: Path) -> Path:
    """Copy what deploy/Dockerfile COPYs, and nothing else, into target."""
    for line in (DEPLOY / "Dockerfile").read_text().splitlines():
        if line.startswith("COPY ") and "--from" not in line:
            for source in line.split()[1:-1]:
                src, dst = ROOT / source, target / source
                if src.is_dir():
                    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__"))
                else:
                    dst.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(src, dst)
    return target


def test_check_deploy_is_clean_with_the_documented_environment_and_the_image_files(tmp_path):
    app = image_files(tmp_path / "app")
    result = run_clean([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], sample_environment(), cwd=app)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def documented_names() -> set[str]:
    return set(re.findall(r"`([A-Z][A-Z0-9_]+)`", OPERATIONS.read_text()))


def test_every_setting_read_from_the_environment_is_documented_in_operations():
    read = set()
    for path in (ROOT / "config" / "settings").glob("*.py"):
        read |= set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z][A-Z0-9_]+)"', path.read_text()))
    example = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), flags=re.MULTILINE))
    missing = sorted((read | example) - documented_names())
    assert not missing, f"Add these to the environment table in docs/operations.md: {missing}"


@pytest.mark.parametrize("override, message", [
    ({"SITE_URL": ""}, "Set SITE_URL"),
    ({"SITE_URL": "http://safecontact.example.gov.uk"}, "Set SITE_URL"),
    ({"SITE_URL": "https://elsewhere.example.gov.uk"}, "is not in ALLOWED_HOSTS"),
    ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
])
def test_production_settings_refuse_an_unsafe_site_url_or_hosts(override, message):
    env = {**sample_environment(), **override}
    result = run_clean([sys.executable, "-c", "import config.settings.production"], env)
    assert result.returncode != 0 and "ImproperlyConfigured" in result.stderr and message in result.stderr, result.stderr


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def manage_commands_in_deploy_files() -> set[str]:
    found = set()
    for service in compose()["services"].values():
        command = service.get("command") or []
        text = " ".join(command) if isinstance(command, list) else command
        found |= set(re.findall(r"python manage\.py (\w+)", text))
    for unit in (DEPLOY / "systemd").iterdir():
        found |= set(re.findall(r"python manage\.py (\w+)", unit.read_text()))
    found |= set(re.findall(r"python manage\.py (\w+)", (DEPLOY / "Dockerfile").read_text()))
    return found


def test_deploy_files_run_management_commands_that_exist():
    named = manage_commands_in_deploy_files()
    assert {"migrate", "run_worker", "run_daily", "audit_checkpoint", "collectstatic"} <= named
    assert named <= set(get_commands()), sorted(named - set(get_commands()))


def test_compose_runs_web_worker_scheduler_and_postgresql_with_volumes():
    spec = compose()
    services = spec["services"]
    assert {"db", "migrate", "web", "worker", "scheduler", "audit-checkpoint"} <= set(services)
    assert services["worker"]["restart"] in {"always", "on-failure"} and services["scheduler"]["restart"] == "always"
    assert services["scheduler"]["command"][-2:] == ["run_daily", "--schedule"]
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"]
    for name in ("web", "worker", "scheduler", "audit-checkpoint", "migrate"):
        service = services[name]
        environment = service["environment"]
        assert environment["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
        assert f"files:{environment['SAFECONTACT_PRIVATE_FILES']}" in service["volumes"]
        assert f"audit-checkpoints:{environment['AUDIT_CHECKPOINT_DIR']}" in service["volumes"]
        assert service["depends_on"]["db"]["condition"] == "service_healthy"
        if name != "migrate":
            assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert {"pgdata", "files", "audit-checkpoints"} <= set(spec["volumes"])


def test_the_image_runs_gunicorn_as_a_user_of_its_own_with_collected_static_files():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    users = re.findall(r"^USER (\S+)", dockerfile, flags=re.MULTILINE)
    assert users and users[-1].split(":")[0] not in {"root", "0"}
    assert "pip install --no-cache-dir -r requirements/base.txt" in dockerfile
    assert "manage.py collectstatic --no-input" in dockerfile
    assert '"gunicorn", "config.wsgi:application"' in dockerfile


@pytest.mark.parametrize("unit, restart", [
    ("safecontact-web.service", "on-failure"), ("safecontact-worker.service", "always"),
    ("safecontact-scheduler.service", "always"),
])
def test_systemd_units_run_as_the_service_user_with_the_environment_file(unit, restart):
    text = (DEPLOY / "systemd" / unit).read_text()
    assert "User=safecontact" in text and "EnvironmentFile=/etc/safecontact/safecontact.env" in text
    assert f"Restart={restart}" in text
    exec_start = shlex.split(re.search(r"^ExecStart=(.+)$", text, flags=re.MULTILINE).group(1))
    assert exec_start[0].startswith("/opt/safecontact/.venv/bin/")
