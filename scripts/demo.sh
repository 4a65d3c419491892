#!/usr/bin/env bash
# make demo: embedded SQLite, demo data, web server + background worker on DEMO_HOST:DEMO_PORT (127.0.0.1:8000).
set -euo pipefail
cd "$(dirname "$0")/.."
DEMO_HOST="${DEMO_HOST:-127.0.0.1}"
DEMO_PORT="${DEMO_PORT:-8000}"
export DJANGO_SETTINGS_MODULE=config.settings.base DEMO_MODE=1
# Links in the demo's emails and letters (the printed appeal address) point where gunicorn listens below, whatever the
# port; DEMO_SITE_URL overrides it when the demo is reached through another address (a proxy, or a bind to 0.0.0.0).
export SITE_URL="${DEMO_SITE_URL:-http://${DEMO_HOST}:${DEMO_PORT}}"
SITE_HOST="${SITE_URL#*://}"
SITE_HOST="${SITE_HOST%%[:/]*}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost,${SITE_HOST}}"
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
echo "==> Safe Contact on $SITE_URL (worker pid $WORKER, daily scheduler pid $SCHEDULER). Press Ctrl+C to stop."
.venv/bin/gunicorn config.wsgi:application --config config/gunicorn_conf.py --bind "${DEMO_HOST}:${DEMO_PORT}" --workers 2 --threads 4 --access-logfile - --log-level warning
