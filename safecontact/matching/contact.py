"""Phone numbers and email addresses as exact supporting evidence (ADR 0005).

Only equality after normalisation counts: a phone number in E.164 form (UK numbers written nationally,
0xxxx…, become +44xxxx…; ``00`` becomes ``+``; spaces, brackets, dashes and a "(0)" after +44 are dropped)
and an email address trimmed and lower-cased. A near miss proves nothing (one digit makes another line),
so there is no fuzzy comparison. A shared number or mailbox is household evidence, like an address.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["contact_agreement", "normalise_email", "normalise_phone"]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@lru_cache(maxsize=4096)
def normalise_phone(text: str | None) -> str | None:
    """+44… for UK numbers, +<digits> for international ones written with + or 00; None if not a number."""
    raw = (text or "").strip()
    if not raw:
        return None
    raw = raw.replace("(0)", "")
    plus = raw.startswith("+")
    digits = re.sub(r"\D", "", raw)
    if not plus and digits.startswith("00"):
        plus, digits = True, digits[2:]
    if plus:
        e164 = digits
    elif digits.startswith("0") and len(digits) in (10, 11):
        e164 = "44" + digits[1:]
    elif digits.startswith("44") and len(digits) in (11, 12):
        e164 = digits
    else:
        return None
    if e164.startswith("440"):  # +44 0xxxx: the trunk zero typed after the country code
        e164 = "44" + e164[3:]
    return f"+{e164}" if 8 <= len(e164) <= 15 else None


@lru_cache(maxsize=4096)
def normalise_email(text: str | None) -> str | None:
    value = (text or "").strip().lower().removeprefix("mailto:")
    return value if _EMAIL.match(value) else None


def contact_agreement(phone: str | None, email: str | None, phones: Iterable[str], emails: Iterable[str]) -> str:
    """The reason text if the query's phone or email equals one recorded for the person, else ""."""
    q_phone, q_email = normalise_phone(phone), normalise_email(email)
    if q_phone and q_phone in {normalise_phone(p) for p in phones}:
        return "same phone number"
    if q_email and q_email in {normalise_email(e) for e in emails}:
        return "same email address"
    return ""
