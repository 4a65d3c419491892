from django import forms

from safecontact.checks.models import Check
from safecontact.core.forms import GovukForm
from safecontact.core.forms_dates import GovDateField
from safecontact.core.validators import validate_date_of_birth


class CheckForm(GovukForm):
    required_messages = {
        "purpose": "Select what the contact is for",
    }
    name = forms.CharField(required=False, max_length=200, label="Full name",
                           help_text="Any order. With a date of birth, postcode or address. Leave blank to check an address only.")
    date_of_birth = GovDateField(required=False, label="Date of birth (optional)", help_text="For example, 27 3 1980",
                                 validators=[validate_date_of_birth], autocomplete_birthday=True)
    address = forms.CharField(required=False, max_length=300, label="Address (optional)", help_text="House number and street")
    postcode = forms.CharField(required=False, max_length=10, label="Postcode (optional)")
    uprn = forms.CharField(required=False, max_length=12, label="UPRN (optional)", help_text="If you know the property reference")
    purpose = forms.ChoiceField(choices=Check.Purpose.choices, widget=forms.RadioSelect, label="What is the contact for?")
    planned_for = GovDateField(required=False, label="Planned date (optional)", noun="the planned date",
                               help_text="For example, 1 12 2026")

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["postcode"].widget.attrs.update({"class": "govuk-input--width-10", "autocomplete": "off"})
        self.fields["uprn"].widget.attrs.update({"class": "govuk-input--width-20", "inputmode": "numeric"})
        self.fields["name"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})


class PossibleMatchAnswerForm(GovukForm):
    decision = forms.ChoiceField(
        label="Is the check about the person on the register?", widget=forms.RadioSelect,
        choices=[("same_person", "Same person: the checker sees the precautions they may see"),
                 ("not_same_person", "Not the same person: the checker is told no live entry was found")],
        error_messages={"required": "Choose whether the check is about the person on the register"})
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                           label="Note (optional)", help_text="How you decided. Not shown to the checker.")
