
# --- Added by scripts/mutation.sh to its copy of conftest.py (mutation runs only, never the normal suite) ---
# mutmut runs the tests for every mutant in a fresh pytest session, and building the SQLite test database
# takes about 9 seconds, longer than most of the tests it would serve. So mutation.sh migrates one database
# first (SAFECONTACT_MUTATION_DB) and each session works on a copy of it of its own (--reuse-db keeps it as it
# is), which also lets two mutants run side by side. The copy is removed when the session ends; copies left
# by a mutant killed for taking too long are removed by mutation.sh.
import os as _mutation_os
import shutil as _mutation_shutil
import time as _mutation_time

import pytest as _mutation_pytest


@_mutation_pytest.fixture(scope="session")
def django_db_modify_db_settings():
    from django.conf import settings

    template = _mutation_os.environ["SAFECONTACT_MUTATION_DB"]
    copy = f"{template}.{_mutation_os.getpid()}.{_mutation_time.monotonic_ns()}"
    _mutation_shutil.copyfile(template, copy)
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = copy
    yield
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            _mutation_os.remove(copy + suffix)
        except FileNotFoundError:
            pass
