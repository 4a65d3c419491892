"""A real OpenID Connect provider for the sign-in tests: django-oauth-toolkit in its own Django project, process and
SQLite file, started on the loopback by the `oidc_provider` fixture (fixtures.py). Nothing here is part of Safe Contact."""
