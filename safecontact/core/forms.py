from typing import ClassVar

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.forms.utils import pretty_name

from safecontact.core.exceptions import ApplicationError
from safecontact.core.forms_dates import GovDateField, default_noun

GENERIC_REQUIRED = str(forms.Field.default_error_messages["required"])


def required_message(field: forms.Field, name: str = "") -> str:
    """What to say when a required field is left empty, per the GOV.UK pattern: name the field and say
    what to do ("Enter the reasons", "Select the decision", "Upload the register file")."""
    label = str(field.label or pretty_name(name)).strip()
    if isinstance(field, GovDateField):
        return f"Enter {field.noun}"
    if not label:
        return "Answer this question"
    multiple = isinstance(field, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField))
    if label.endswith("?"):
        # A question does not turn into a noun phrase safely, so quote it. (A model's choices are not read here:
        # that would query the database while the form is being built.)
        plain_choices = isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField)
        if plain_choices and {str(choice[0]) for choice in getattr(field, "choices", ())} >= {"yes", "no"}:
            return f"Select yes or no for ‘{label}’"
        if multiple:
            return f"Select at least one answer to ‘{label}’"
        verb = "Select an answer to" if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)) else "Answer"
        return f"{verb} ‘{label}’"
    noun = default_noun(label)
    if isinstance(field, forms.FileField):
        return label if label.lower().startswith(("upload", "select")) else f"Upload {noun}"
    if isinstance(field, forms.BooleanField):
        return f"Select ‘{label}’ to confirm"
    if multiple:
        return f"Select at least one option for ‘{label}’"
    if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)):
        return f"Select {noun}"
    return f"Enter {noun}"


def name_required_errors(form: forms.BaseForm, overrides: dict[str, str] | None = None) -> None:
    """Replace Django's "This field is required." with a message naming the field, unless the form says it better
    (its field's own error_messages, or its `required_messages` where a label does not make a good sentence)."""
    for name, field in form.fields.items():
        if str(field.error_messages.get("required", GENERIC_REQUIRED)) == GENERIC_REQUIRED:
            message = (overrides or {}).get(name) or required_message(field, name)
            field.error_messages = {**field.error_messages, "required": message}


class _GovukMixin:
    """GOV.UK markup by crispy-forms-gds (the page supplies <form> and buttons) and GOV.UK error messages."""

    # Field name → what to say when it is left empty, for labels that do not turn into a sentence.
    required_messages: ClassVar[dict[str, str]] = {}

    def _set_up_govuk(self) -> None:
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.label_size = "s"
        self.helper.legend_size = "s"

    def full_clean(self) -> None:
        # Here, not in __init__: a view or subclass may set a label, or make a field required, after building the form.
        name_required_errors(self, self.required_messages)  # type: ignore[arg-type]
        super().full_clean()  # type: ignore[misc]


class GovukForm(_GovukMixin, forms.Form):
    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._set_up_govuk()


class GovukModelForm(_GovukMixin, forms.ModelForm):
    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._set_up_govuk()


def add_application_error(form: forms.BaseForm, error: ApplicationError) -> None:
    """Show a service's refusal beside the field it concerns (or at the top), keeping what was typed."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
