"""The API reference as plain data for a server-rendered page, read from the same OpenAPI schema that /api/schema/
serves. It replaces Swagger UI, which needed JavaScript and failed the accessibility checks."""

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")
_CODE = re.compile(r"`([^`]+)`")


def with_code(text: str) -> SafeString:
    """Escapes the schema's text and shows its `backticked` words as code, not as backticks."""
    return mark_safe(_CODE.sub(r"<code>\1</code>", escape(text)))  # noqa: S308 - escaped above


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    required: bool
    description: SafeString


@dataclass(frozen=True)
class Response:
    code: str
    description: SafeString


@dataclass
class Operation:
    method: str
    path: str
    anchor: str
    summary: SafeString
    description: SafeString
    authentication: list[str]
    parameters: list[Field] = field(default_factory=list)
    body: list[Field] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref:
        return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]  # type: ignore[no-any-return]
    if "allOf" in node and len(node["allOf"]) == 1:
        return _resolve(schema, node["allOf"][0])
    return node


def _kind(schema: dict[str, Any], node: dict[str, Any]) -> str:
    node = _resolve(schema, node)
    if "oneOf" in node:
        return " or ".join(_kind(schema, n) for n in node["oneOf"])
    if "enum" in node:
        return "one of: " + ", ".join(str(v) for v in node["enum"] if v not in ("", None))
    kind = str(node.get("type", "object"))
    if kind == "array":
        return f"list of {_kind(schema, node.get('items', {}))}"
    return f"{kind} ({node['format']})" if "format" in node else kind


def _body_fields(schema: dict[str, Any], body: dict[str, Any] | None) -> list[Field]:
    if not body:
        return []
    content = body.get("content", {})
    media: dict[str, Any] = content.get("application/json") or next(iter(content.values()), {})
    node = _resolve(schema, media.get("schema", {}))
    required = set(node.get("required", []))
    return [Field(name, _kind(schema, prop), name in required, with_code(_resolve(schema, prop).get("description", "")
                                                                         or prop.get("description", "")))
            for name, prop in node.get("properties", {}).items() if not prop.get("readOnly")]


def api_reference() -> dict[str, Any]:
    """Title, description and every operation of the public schema, in path order."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    schemes = schema.get("components", {}).get("securitySchemes", {})
    names = {"bearerAuth": "service-account token (Authorization: Bearer)", "cookieAuth": "signed-in session"}
    operations = []
    for path, item in sorted(schema["paths"].items()):
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            description = op.get("description", "")
            operations.append(Operation(
                method=method.upper(), path=path, anchor=op.get("operationId", f"{method}-{path}"),
                summary=with_code(op.get("summary") or description.split(". ")[0]),
                description=with_code(description),
                authentication=[names.get(k, k) for s in op.get("security", []) for k in s if k in schemes],
                parameters=[Field(p["name"], _kind(schema, p.get("schema", {})), bool(p.get("required")),
                                  with_code(p.get("description", "")) if p.get("in") != "path" or p.get("description")
                                  else with_code("In the path")) for p in op.get("parameters", [])],
                body=_body_fields(schema, op.get("requestBody")),
                responses=[Response(code, with_code(r.get("description", ""))) for code, r in op["responses"].items()],
            ))
    info = schema.get("info", {})
    return {"title": info.get("title", "API"), "version": info.get("version", ""),
            "description": with_code(info.get("description", "")), "operations": operations}
