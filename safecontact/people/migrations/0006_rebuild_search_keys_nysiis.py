"""Issue 15: matching keys gained NYSIIS surname keys (fny:) and broader nickname groups (giv:); rewrite the stored
keys so existing register entries are found by them (matching.keys.KEYS_VERSION 2). Reversing leaves the extra
keys in place: keys only propose candidates, so an extra one is harmless to the older code."""

from django.db import migrations


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    from safecontact.people.search_keys_rebuild import rebuild_search_keys

    rebuild_search_keys(apps.get_model("people", "Person"), apps.get_model("people", "PersonSearchKey"),
                        apps.get_model("people", "PersonAlias"), apps.get_model("people", "PersonAddress"))


class Migration(migrations.Migration):
    dependencies = [("people", "0005_address_council_required")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
