"""The add and rename form, built from the list's fields (lists/registry.py). Field shape only: the services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from safecontact.core.forms import GovukForm
from safecontact.lists.registry import ManagedList


def item_form_class(spec: ManagedList, existing: dict[str, list[str]]) -> type[GovukForm]:
    """`existing`: for a field chosen from the values the list already uses, those values."""
    fields: dict[str, Any] = {}
    for f in spec.fields:
        messages = {"max_length": f"{f.label} must be {f.max_length} characters or fewer"}
        if f.missing:
            messages["required"] = f.missing
        if f.choose_existing:
            choices = [("", "Choose")] + [(value, value) for value in existing.get(f.name, [])]
            fields[f.name] = forms.ChoiceField(choices=choices, label=f.label, help_text=f.help_text, required=f.required,
                                               error_messages=messages)
        else:
            fields[f.name] = forms.CharField(max_length=f.max_length, label=f.label, help_text=f.help_text, required=f.required,
                                             error_messages=messages)
    return type(f"{spec.url_name.title()}ItemForm", (GovukForm,), fields)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])
