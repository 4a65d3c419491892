from typing import Any

from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser

MAX_JSON_BYTES = 16 * 1024


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = f"The request body is larger than {MAX_JSON_BYTES} bytes."
    default_code = "payload_too_large"


class LimitedJSONParser(JSONParser):
    """A check is a few hundred bytes; refuse anything large before reading it."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        request = (parser_context or {}).get("request")
        length = int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
        if length > MAX_JSON_BYTES:
            raise PayloadTooLarge()
        body = stream.read(MAX_JSON_BYTES + 1) if stream is not None else b""
        if len(body) > MAX_JSON_BYTES:
            raise PayloadTooLarge()
        import io

        return super().parse(io.BytesIO(body), media_type, parser_context)
