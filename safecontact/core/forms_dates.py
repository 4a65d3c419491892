"""The GOV.UK date input (day, month and year in a fieldset) for every date typed on a page, with the
Design System's error wording: "Enter the date of the meeting", "The date of the meeting must include a
month", "… must be a real date", "… must be today or in the past".

One field for the whole service so every form asks for dates the same way and says the same thing when
one is wrong. It renders with crispy-forms-gds's date template; its own DateInputField does not check
the parts the way the Design System asks (a missing month, a two-digit year), hence this field."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

PARTS = ("day", "month", "year")
# Posted as one value by older clients and tests ("27/3/2026" or "2026-03-27"): split into the three parts.
_SINGLE_VALUE = (re.compile(r"^\s*(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{2,4})\s*$"),
                 re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$"))


def date_parts(value: Any) -> tuple[Any, Any, Any]:
    """Day, month and year of a date, a datetime (in local time) or a typed "27/3/2026"; blanks otherwise."""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value.day, value.month, value.year
    if isinstance(value, str) and (parts := _split(value)):
        return parts[0], parts[1], parts[2]
    return None, None, None


def _split(value: str) -> list[str] | None:
    if match := _SINGLE_VALUE[1].match(value):
        year, month, day = match.groups()
        return [day, month, year]
    if match := _SINGLE_VALUE[0].match(value):
        return list(match.groups())
    return None


class GovDateWidget(DateInputWidget):
    """Day, month and year boxes; numeric keyboards on phones; a date of birth offers the browser's autofill."""

    def __init__(self, *args: Any, autocomplete_birthday: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for widget, part in zip(self.widgets, PARTS, strict=True):
            widget.attrs["inputmode"] = "numeric"
            if autocomplete_birthday:
                widget.attrs["autocomplete"] = f"bday-{part}"

    def decompress(self, value: Any) -> tuple[Any, Any, Any]:
        return date_parts(value)

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        parts = super().value_from_datadict(data, files, name)
        if not any(parts) and isinstance(data.get(name), str) and data.get(name):
            return _split(data[name]) or [data[name], "", ""]
        return parts

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and super().value_omitted_from_data(data, files, name)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


class GovDateField(forms.MultiValueField):
    """A date typed as day, month and year. `noun` names the date in errors ("the date of the meeting");
    `past_only` / `future_only` refuse dates on the wrong side of today."""

    widget = GovDateWidget

    def __init__(self, *, label: str, noun: str = "", required: bool = True, help_text: str = "For example, 27 3 2026",
                 past_only: bool = False, future_only: bool = False, autocomplete_birthday: bool = False,
                 **kwargs: Any) -> None:
        self.noun = noun or default_noun(label)
        self.past_only, self.future_only = past_only, future_only
        parts = tuple(forms.CharField(required=False) for _ in PARTS)
        super().__init__(fields=parts, require_all_fields=False, required=required, label=label, help_text=help_text,
                         widget=GovDateWidget(autocomplete_birthday=autocomplete_birthday), **kwargs)
        self.error_messages["required"] = f"Enter {self.noun}"

    def _fail(self, message: str, code: str, parts: tuple[str, ...] = PARTS) -> ValidationError:
        # crispy-forms-gds reads these to mark only the boxes that are wrong in red.
        for field, part in zip(self.fields, PARTS, strict=True):
            if part in parts:
                field.widget.errors = [message]  # type: ignore[attr-defined]
        return ValidationError(message, code=code)

    def clean(self, value: Any) -> date | None:
        for field in self.fields:
            field.widget.errors = []  # type: ignore[attr-defined]
        if not isinstance(value, (list, tuple)):
            value = date_parts(value)
        typed = [str(v).strip() if v is not None else "" for v in (list(value) + ["", "", ""])[:3]]
        if not any(typed):
            if self.required:
                raise self._fail(str(self.error_messages["required"]), "required")
            return None
        subject = _sentence(self.noun)
        missing = tuple(part for part, v in zip(PARTS, typed, strict=True) if not v)
        if missing:
            raise self._fail(f"{subject} must include a {' and '.join(missing)}", "incomplete", missing)
        if not all(v.isdigit() for v in typed):
            raise self._fail(f"{subject} must be a real date", "invalid",
                             tuple(p for p, v in zip(PARTS, typed, strict=True) if not v.isdigit()))
        day, month, year = (int(v) for v in typed)
        if len(typed[2]) != 4:
            raise self._fail("Year must include 4 numbers", "invalid", ("year",))
        try:
            result = date(year, month, day)
        except ValueError:
            raise self._fail(f"{subject} must be a real date", "invalid") from None
        today = timezone.localdate()
        if self.past_only and result > today:
            raise self._fail(f"{subject} must be today or in the past", "future")
        if self.future_only and result < today:
            raise self._fail(f"{subject} must be today or in the future", "past")
        self.validate(result)
        self.run_validators(result)
        return result

    def compress(self, data_list: Any) -> None:  # clean() builds the date itself
        return None

    def has_changed(self, initial: Any, data: Any) -> bool:
        return date_parts(initial) != tuple(data or (None, None, None))


def default_noun(label: str) -> str:
    """"Date of the meeting" → "the date of the meeting"; "Date received (optional)" → "the date received"."""
    # A trailing "(optional)", "(if any)" or "(surname)" is dropped; "(months)" or "(working days)" says the unit: kept.
    text = re.sub(r"\s*\((?![^)]*\b(?:months?|days?|weeks?|years?)\b)[^)]*\)\s*$", "", label.strip(), flags=re.I).rstrip(":?")
    # "Formal warning: dated examples of the behaviour", "If not: date to reconsider": the part after the colon.
    text = text.split(": ", 1)[1] if ": " in text else text
    if text[:1].isupper() and not text[1:2].isupper():
        text = text[:1].lower() + text[1:]
    # "why lesser steps are not enough", "address line 1" read right without "the".
    return text if re.match(r"^(the|a|an|your|their|its|this|why|how|what|who|where|when|which|whether|address line)\b",
                            text) else f"the {text}"
