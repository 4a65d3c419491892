"""What a user sees when a service refuses: the message, and the field it is shown against.

`pytest.raises(ApplicationError)` alone passes whatever the message says, or whichever field it marks, so
a test of a refusal compares both (issue 18: mutation testing found 127 such changes that no test noticed).
"""

from collections.abc import Callable
from typing import Any

import pytest

from safecontact.core.exceptions import ApplicationError


def refusal(call: Callable[..., Any], **kwargs: Any) -> tuple[str, str | None]:
    """Call the service, which must refuse; returns (message, field)."""
    with pytest.raises(ApplicationError) as raised:
        call(**kwargs)
    return raised.value.message, raised.value.field
