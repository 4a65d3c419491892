"""R66: the DPO exports the disposal log for audit, as CSV (every cell through the formula-safe writer), and the
download is itself in the audit trail."""

import csv
import io
from datetime import date

from safecontact.access.policy import Role
from safecontact.audit.events import EventType
from safecontact.audit.models import AuditEvent
from safecontact.retention.models import DisposalLog
from safecontact.retention.policies import Action, RecordClass


def test_the_dpo_downloads_the_disposal_log_and_the_download_is_audited(council, other_council, user_with_role, client_for):
    DisposalLog.objects.create(council=council, record_class=RecordClass.ENDED_MEASURE, action=Action.DELETED,
                               count=3, disposed_on=date(2026, 5, 1))
    DisposalLog.objects.create(council=other_council, record_class=RecordClass.INCIDENT, action=Action.DELETED,
                               count=9, disposed_on=date(2026, 5, 2))
    dpo = user_with_role(Role.DPO)
    client = client_for(dpo)
    assert "/retention/log/download.csv" in client.get("/retention/log/").content.decode()
    response = client.get("/retention/log/download.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Date", "Record class", "What was done", "Records"]
    assert rows[1:] == [["2026-05-01", RecordClass.ENDED_MEASURE.label, Action.DELETED.label, "3"]]  # this council's only
    event = AuditEvent.objects.get(council_id=council.pk, event_type=EventType.RETENTION_LOG_EXPORTED)
    assert event.actor_id == dpo.pk and event.data == {"rows": 1}


def test_a_role_without_the_retention_pages_cannot_download_it(council, user_with_role, client_for):
    response = client_for(user_with_role(Role.REGISTER_OFFICER)).get("/retention/log/download.csv")
    assert response.status_code in (403, 404)
    assert not AuditEvent.objects.filter(event_type=EventType.RETENTION_LOG_EXPORTED).exists()
