"""Runs the test identity provider: `python -m tests.oidc_provider.serve SPEC.json`. The spec names its directory, the
users and the client; the provider binds 127.0.0.1 on a free port, makes an RS256 signing key, migrates its own SQLite
database, and prints `READY <port>` once it answers. Started and stopped by fixtures.py."""

import json
import os
import socketserver
import sys
import threading
import time
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        pass


class ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


def main(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text())
    directory = Path(spec["dir"])
    application: Any = None

    def app(environ: dict[str, Any], start_response: Any) -> Any:
        return application(environ, start_response)

    server = make_server("127.0.0.1", 0, app, server_class=ThreadingServer, handler_class=QuietHandler)
    port = server.server_port
    from jwcrypto import jwk

    key = jwk.JWK.generate(kty="RSA", size=2048)
    (directory / "signing-key.pem").write_bytes(key.export_to_pem(private_key=True, password=None))
    os.environ["OIDC_PROVIDER_DIR"] = str(directory)
    os.environ["OIDC_PROVIDER_ISSUER"] = f"http://127.0.0.1:{port}/o"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    _populate(spec)
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    print(f"READY {port}", flush=True)
    server.serve_forever()


def _exit_with_parent(parent: int) -> None:
    """A test run that is killed cannot stop the provider: it stops itself when its parent is gone."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def _populate(spec: dict[str, Any]) -> None:
    from django.contrib.auth.models import User
    from oauth2_provider.models import Application

    for person in spec["users"]:
        first, _, last = person.get("name", "").partition(" ")
        User.objects.create_user(username=person["username"], email=person["email"], password=person["password"],
                                 first_name=first, last_name=last)
    client = spec["client"]
    Application.objects.create(
        name=client.get("name", "Safe Contact"), client_id=client["client_id"], client_secret=client["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL, authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(client["redirect_uris"]), algorithm=Application.RS256_ALGORITHM,
        skip_authorization=client.get("skip_authorization", True),
    )


if __name__ == "__main__":
    main(sys.argv[1])
