"""Gunicorn settings shared by `make demo` (scripts/demo.sh) and the deployment (deploy/): `--config
config/gunicorn_conf.py`. The command lines keep the bind address, workers and threads.

Each worker builds the checks' register index of every council as it starts (issue 16), in a thread of its own:
the worker takes requests at once, and checks that arrive while an index is being built query the database
instead (register_index.index_for never waits for a build).
"""

from typing import Any


def post_worker_init(worker: Any) -> None:
    from safecontact.checks import register_index

    register_index.warm_in_background()
