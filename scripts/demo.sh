#!/usr/bin/env bash
# make demo: embedded SQLite, demo data, web server + background worker on 127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=config.settings.base DEMO_MODE=1
export SITE_URL="http://127.0.0.1:8000"  # the address gunicorn binds below: links in the demo's emails and letters point here
unset DATABASE_URL
PY=.venv/bin/python
$PY manage.py migrate --no-input
$PY manage.py collectstatic --no-input -v0 || { echo "collectstatic failed" >&2; exit 1; }
$PY manage.py seed_demo
# The supervised worker: survives database restarts and picks up work left by a worker that was stopped.
$PY manage.py run_worker --interval 2 &
WORKER=$!
# Hands the daily run (review reminders, escalations, disposal) to the worker once a day, and sends queued letters.
$PY manage.py run_daily --schedule &
SCHEDULER=$!
trap 'kill $WORKER $SCHEDULER 2>/dev/null || true' EXIT INT TERM
echo "==> Safe Contact on http://127.0.0.1:8000 (worker pid $WORKER, daily scheduler pid $SCHEDULER). Press Ctrl+C to stop."
.venv/bin/gunicorn config.wsgi:application --bind 127.0.0.1:8000 --workers 2 --threads 4 --access-logfile - --log-level warning
