#!/usr/bin/env bash
# make demo: embedded SQLite, demo data, web server + background worker on 127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=config.settings.base DEMO_MODE=1
unset DATABASE_URL
PY=.venv/bin/python
$PY manage.py migrate --no-input
$PY manage.py collectstatic --no-input -v0 || { echo "collectstatic failed" >&2; exit 1; }
$PY manage.py seed_demo
$PY manage.py db_worker --no-reload --interval 2 &
WORKER=$!
# Hands the daily run (review reminders, escalations, disposal) to the worker once a day.
$PY manage.py run_daily --schedule &
SCHEDULER=$!
trap 'kill $WORKER $SCHEDULER 2>/dev/null || true' EXIT INT TERM
echo "==> Safe Contact on http://127.0.0.1:8000 (worker pid $WORKER, daily scheduler pid $SCHEDULER). Press Ctrl+C to stop."
.venv/bin/gunicorn config.wsgi:application --bind 127.0.0.1:8000 --workers 2 --threads 4 --access-logfile - --log-level warning
