"""Production shares one cache between web workers and servers (allauth's failed sign-in counts live there):
a per-process cache would give an attacker one allowance per worker."""

from django.core.cache.backends.db import DatabaseCache
from django.db import connection

from config.settings import base


def test_production_cache_is_shared_through_the_database():
    assert base.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_the_cache_table_is_migrated_and_works(db):
    assert base.CACHES["default"]["LOCATION"] in connection.introspection.table_names()
    cache = DatabaseCache(base.CACHES["default"]["LOCATION"], {})
    cache.set("failed-sign-ins", 3)
    assert cache.get("failed-sign-ins") == 3
