#!/usr/bin/env bash
# make restore-drill: take a backup, restore it into a fresh database, and prove the restored audit trail verifies.
#
#   bash scripts/restore_drill.sh [SERVER_URL]
#
# SERVER_URL is any postgres:// URL on the PostgreSQL server to use; only its user, host, port and options are
# kept (default: what scripts/ensure_postgres.sh prints). The drill works in two databases of its own on that
# server, restore_drill_src and restore_drill_dst (DRILL_NAME=restore_drill_x gives restore_drill_x_src/_dst), drops
# them when it ends, and never creates, changes or drops any other database.
#
# By default the source is a scratch database filled by `migrate`, `seed_demo` and one evidence file. To drill a real
# backup (docs/operations.md, "Restore drill"), set AUDIT_CHAIN_KEY and EVIDENCE_ENCRYPTION_KEYS to the production
# keys and one of:
#   DRILL_SOURCE_URL=postgres://...   back up this database (pg_dump only reads it) instead of the scratch one
#   DRILL_DUMP=/backups/x.dump        restore this backup (pg_dump --format=custom) instead of taking one
# and DRILL_CHECKPOINTS=/backups/x-checkpoints, the copy of AUDIT_CHECKPOINT_DIR taken just before that dump, and
# DRILL_FILES=/backups/x/private-files.tar.gz (or a folder), the evidence files backed up with it.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
SERVER_URL=${1:-$(bash scripts/ensure_postgres.sh)}
DRILL_NAME=${DRILL_NAME:-restore_drill}
DRILL_SOURCE_URL=${DRILL_SOURCE_URL:-}
DRILL_DUMP=${DRILL_DUMP:-}
DRILL_CHECKPOINTS=${DRILL_CHECKPOINTS:-}
DRILL_FILES=${DRILL_FILES:-}
[[ $DRILL_NAME =~ ^restore_drill[a-z0-9_]{0,30}$ ]] || { echo "DRILL_NAME must start with restore_drill (letters, digits, _)" >&2; exit 2; }
SRC_DB=${DRILL_NAME}_src DST_DB=${DRILL_NAME}_dst
SCRATCH_SOURCE=0; [ -z "$DRILL_SOURCE_URL$DRILL_DUMP" ] && SCRATCH_SOURCE=1

# The server part of the URL (user, password, host, port) and its options; the database name is ours.
read -r URL_HEAD URL_TAIL LOCK_ID < <($PY - "$SERVER_URL" <<'EOF'
import sys
from urllib.parse import urlsplit
u = urlsplit(sys.argv[1])
assert u.scheme in {"postgres", "postgresql"} and u.hostname, f"not a postgres:// URL: {sys.argv[1]}"
print(f"{u.scheme}://{u.netloc}/", f"?{u.query}" if u.query else "-", f"{u.hostname}-{u.port or 5432}".replace("/", "_"))
EOF
)
[ -n "${URL_HEAD:-}" ] || { echo "Give a postgres:// URL, e.g. postgres://postgres@127.0.0.1:5432/postgres" >&2; exit 2; }
[ "$URL_TAIL" = "-" ] && URL_TAIL=""
db_url() { echo "${URL_HEAD}$1${URL_TAIL}"; }
ADMIN_URL=$(db_url postgres)
if [ -n "$DRILL_SOURCE_URL" ] && [ "$($PY -c 'import sys; from urllib.parse import urlsplit; print(urlsplit(sys.argv[1]).path.lstrip("/"))' "$DRILL_SOURCE_URL")" = "$DST_DB" ]; then
  echo "DRILL_SOURCE_URL must not be the drill's own database $DST_DB" >&2; exit 2
fi

# One drill at a time per server: a second waits rather than dropping the first one's databases.
exec 9>"${TMPDIR:-/tmp}/safecontact-${DRILL_NAME}-${LOCK_ID}.lock"
flock 9

WORK=$(mktemp -d "${TMPDIR:-/tmp}/restore-drill.XXXXXX")
drop_db() { PGOPTIONS="-c client_min_messages=warning" psql -q -X "$ADMIN_URL" -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null; }
cleanup() {
  drop_db "$DST_DB" || true
  if [ "$SCRATCH_SOURCE" = 1 ]; then drop_db "$SRC_DB" || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# manage.py against one database, with the drill's own files, checkpoints and key (never the caller's settings).
export DJANGO_SETTINGS_MODULE=config.settings.base SAFECONTACT_VAR_DIR="$WORK/var" DEMO_MODE=0 LOG_LEVEL=ERROR
export EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend
if [ "$SCRATCH_SOURCE" = 1 ]; then
  AUDIT_CHAIN_KEY=$($PY -c 'import secrets; print(secrets.token_urlsafe(48))')
  EVIDENCE_ENCRYPTION_KEYS=$($PY -c 'import secrets; print(secrets.token_urlsafe(48))')
else
  [ -n "${AUDIT_CHAIN_KEY:-}" ] || { echo "Set AUDIT_CHAIN_KEY to the key of the database being drilled" >&2; exit 2; }
  # The evidence files in a backup stay encrypted: the restore needs the key(s) they were encrypted with (ADR 0018).
  [ -n "${EVIDENCE_ENCRYPTION_KEYS:-}" ] || { echo "Set EVIDENCE_ENCRYPTION_KEYS to the key(s) the backup's evidence files were encrypted with" >&2; exit 2; }
fi
export AUDIT_CHAIN_KEY EVIDENCE_ENCRYPTION_KEYS
manage() {  # manage DATABASE FILES_DIR CHECKPOINT_DIR ARGS...
  local db=$1 files=$2 checkpoints=$3; shift 3
  DATABASE_URL=$(db_url "$db") SAFECONTACT_PRIVATE_FILES=$files AUDIT_CHECKPOINT_DIR=$checkpoints $PY manage.py "$@"
}
declare -a FIGURES=()
step() {  # step LABEL COMMAND...: run, time, remember
  local label=$1; shift
  local start=$EPOCHREALTIME
  "$@"
  FIGURES+=("$(printf '  %-46s %6.1fs' "$label" "$($PY -c "print($EPOCHREALTIME - $start)")")")
}
# Per file the restored database names: present? still encrypted on disk? decrypted by EVIDENCE_ENCRYPTION_KEYS?
FILES_CHECK='
from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models
from safecontact.core.encrypted_storage import EvidenceKeyError, decrypt, is_encrypted
named = missing = plaintext = unreadable = 0
for model in apps.get_models():
    for field in model._meta.concrete_fields:
        if isinstance(field, models.FileField):
            for name in model._base_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True).iterator():
                named += 1
                if not default_storage.exists(name):
                    missing += 1
                    continue
                with open(default_storage.path(name), "rb") as handle:
                    raw = handle.read()
                plaintext += not is_encrypted(raw)
                try:
                    decrypt(raw)
                except EvidenceKeyError:
                    unreadable += 1
print(named, missing, plaintext, unreadable)'
# The scratch source gets one evidence file (seed_demo attaches none), so that the drill proves files come back
# encrypted and readable with the key.
EVIDENCE_SAMPLE='
from django.core.files.base import ContentFile
from safecontact.accounts.models import User
from safecontact.incidents import services
staff = User.objects.get(email="staff@demo.test")
draft = services.incident_draft_create(actor=staff, council=staff.organisation)
services.attachment_add(actor=staff, council=staff.organisation, incident=draft,
                        upload=ContentFile(b"Restore drill evidence: the customer said this.", name="drill-note.txt"))'
counts() {  # counts URL: "table rows" for every table, exact
  psql -X -At -F ' ' "$1" -v ON_ERROR_STOP=1 -c "
    SELECT table_name, (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text
    FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
}

mkdir -p "$WORK/backup" "$WORK/src/private" "$WORK/src-checkpoints" "$WORK/dst/private"
DUMP=$WORK/backup/safecontact.dump
echo "==> Restore drill on $(db_url "$DST_DB" | sed -E 's#(://[^:@/]*):[^@/]*@#\1:…@#') (work folder $WORK)"
if [ "$SCRATCH_SOURCE" = 1 ]; then
  SOURCE_URL=$(db_url "$SRC_DB")
  drop_db "$SRC_DB"
  psql -q -X "$ADMIN_URL" -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$SRC_DB\"" >/dev/null
  step "source: migrate an empty database" manage "$SRC_DB" "$WORK/src/private" "$WORK/src-checkpoints" migrate --no-input -v0
  step "source: seed_demo" manage "$SRC_DB" "$WORK/src/private" "$WORK/src-checkpoints" seed_demo >/dev/null
  step "source: one evidence file (encrypted)" manage "$SRC_DB" "$WORK/src/private" "$WORK/src-checkpoints" shell --no-imports -c "$EVIDENCE_SAMPLE"
  step "source: audit_checkpoint" manage "$SRC_DB" "$WORK/src/private" "$WORK/src-checkpoints" audit_checkpoint >/dev/null
else
  SOURCE_URL=$DRILL_SOURCE_URL
  if [ -n "$DRILL_CHECKPOINTS" ]; then cp -a "$DRILL_CHECKPOINTS/." "$WORK/src-checkpoints/"
  else echo "    (no DRILL_CHECKPOINTS: the chain is verified without checkpoints)"; fi
fi

# The backup set, in the order docs/operations.md gives: checkpoints first, then the database, then the files.
cp -a "$WORK/src-checkpoints" "$WORK/backup/audit-checkpoints"
if [ -n "$DRILL_DUMP" ]; then
  DUMP=$DRILL_DUMP
else
  step "backup: pg_dump --format=custom" pg_dump --format=custom --no-owner --no-privileges --file="$DUMP" "$SOURCE_URL"
fi
if [ -n "$DRILL_FILES" ]; then
  FILES_BACKUP=$DRILL_FILES
else
  FILES_BACKUP=$WORK/backup/private-files.tar.gz
  tar -C "$WORK/src" -czf "$FILES_BACKUP" private
fi

# Restore into a fresh database, as onto a new server.
drop_db "$DST_DB"
psql -q -X "$ADMIN_URL" -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$DST_DB\"" >/dev/null
step "restore: pg_restore into a fresh database" pg_restore --no-owner --no-privileges --exit-on-error --dbname="$(db_url "$DST_DB")" "$DUMP"
if [ -d "$FILES_BACKUP" ]; then cp -a "$FILES_BACKUP/." "$WORK/dst/private/"; else tar -C "$WORK/dst" -xzf "$FILES_BACKUP"; fi
cp -a "$WORK/backup/audit-checkpoints" "$WORK/dst-checkpoints"

# What must hold after a restore.
step "check: no migration missing (migrate --check)" manage "$DST_DB" "$WORK/dst/private" "$WORK/dst-checkpoints" migrate --check -v0
VERIFY=$(manage "$DST_DB" "$WORK/dst/private" "$WORK/dst-checkpoints" verify_audit) || { echo "verify_audit FAILED on the restored database" >&2; exit 1; }
FIGURES+=("  verify_audit: $VERIFY")
# The key is part of the backup set: without it the restored chain cannot be verified (and the check does check).
if AUDIT_CHAIN_KEY="wrong-key-$AUDIT_CHAIN_KEY" manage "$DST_DB" "$WORK/dst/private" "$WORK/dst-checkpoints" verify_audit >/dev/null 2>&1; then
  echo "verify_audit passed with the wrong AUDIT_CHAIN_KEY: the drill proves nothing" >&2; exit 1
fi
FIGURES+=("  verify_audit with a wrong AUDIT_CHAIN_KEY: refused, as it must be")
# Every file the restored database names (attachments, appeal documents) must be among the restored files.
read -r NAMED MISSING PLAIN UNREADABLE < <(manage "$DST_DB" "$WORK/dst/private" "$WORK/dst-checkpoints" shell --no-imports -c "$FILES_CHECK" | tail -1)
if [ "${MISSING:-x}" != 0 ]; then echo "Files named by the restored database but not restored: ${MISSING:-?} of ${NAMED:-?}" >&2; exit 1; fi
if [ "${UNREADABLE:-x}" != 0 ]; then echo "Restored evidence files that EVIDENCE_ENCRYPTION_KEYS does not decrypt: ${UNREADABLE:-?} of ${NAMED:-?}" >&2; exit 1; fi
if [ "$SCRATCH_SOURCE" = 1 ] && { [ "${NAMED:-0}" = 0 ] || [ "${PLAIN:-x}" != 0 ]; }; then
  echo "The scratch backup should hold only encrypted evidence files (named ${NAMED:-?}, unencrypted ${PLAIN:-?})" >&2; exit 1
fi
FIGURES+=("  evidence files: $(find "$WORK/dst/private" -type f | wc -l) restored; all $NAMED that the database names are present and decrypt ($PLAIN stored before encryption)")
# The evidence key is part of what a restore needs: with a wrong one, no encrypted file may open.
read -r _N _M _P WRONG_UNREADABLE < <(EVIDENCE_ENCRYPTION_KEYS="wrong-key-$($PY -c 'import secrets; print(secrets.token_urlsafe(48))')" \
  manage "$DST_DB" "$WORK/dst/private" "$WORK/dst-checkpoints" shell --no-imports -c "$FILES_CHECK" | tail -1)
if [ "${WRONG_UNREADABLE:-x}" != "$((NAMED - PLAIN))" ]; then echo "Encrypted evidence files opened with a wrong EVIDENCE_ENCRYPTION_KEYS" >&2; exit 1; fi
FIGURES+=("  evidence files with a wrong EVIDENCE_ENCRYPTION_KEYS: $WRONG_UNREADABLE of $((NAMED - PLAIN)) encrypted refused, as they must be")

counts "$(db_url "$DST_DB")" >"$WORK/dst.counts"
if [ -z "$DRILL_DUMP" ]; then
  counts "$SOURCE_URL" >"$WORK/src.counts"
  if diff "$WORK/src.counts" "$WORK/dst.counts" >"$WORK/counts.diff"; then
    FIGURES+=("  row counts: $(wc -l <"$WORK/dst.counts") tables, every one equal in source and restored database")
  elif [ "$SCRATCH_SOURCE" = 1 ]; then
    echo "Row counts differ between the source and the restored database:" >&2; cat "$WORK/counts.diff" >&2; exit 1
  else  # a live source keeps changing after its dump
    FIGURES+=("  row counts: $(grep -c '^>' "$WORK/counts.diff") tables differ from the live source now (it changed after the dump)")
  fi
fi
echo
echo "==> Restore drill passed ($(du -h "$DUMP" | cut -f1) backup)"
printf '%s\n' "${FIGURES[@]}"
echo "  key tables (rows in the restored database):"
grep -E '^(accounts_organisation|accounts_user|people_person|incidents_incident|cases_case|cases_decision|register_measure|checks_check|letters_letter|audit_auditevent|audit_auditchainhead) ' "$WORK/dst.counts" \
  | awk '{printf "    %-28s %8d\n", $1, $2}'
