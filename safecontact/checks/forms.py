from django import forms

from safecontact.checks.models import Check
from safecontact.core.forms import GovukForm
from safecontact.core.validators import validate_date_of_birth

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d %m %Y"]


class CheckForm(GovukForm):
    name = forms.CharField(required=False, max_length=200, label="Full name",
                           help_text="Any order. With a date of birth, postcode or address. Leave blank to check an address only.")
    date_of_birth = forms.DateField(required=False, input_formats=DATE_FORMATS, label="Date of birth (optional)",
                                    help_text="For example, 27/3/1980", validators=[validate_date_of_birth])
    address = forms.CharField(required=False, max_length=300, label="Address (optional)", help_text="House number and street")
    postcode = forms.CharField(required=False, max_length=10, label="Postcode (optional)")
    uprn = forms.CharField(required=False, max_length=12, label="UPRN (optional)", help_text="If you know the property reference")
    purpose = forms.ChoiceField(choices=Check.Purpose.choices, widget=forms.RadioSelect, label="What is the contact for?")
    planned_for = forms.DateField(required=False, input_formats=DATE_FORMATS, label="Planned date (optional)",
                                  help_text="For example, 1/12/2026")

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["postcode"].widget.attrs.update({"class": "govuk-input--width-10", "autocomplete": "off"})
        self.fields["uprn"].widget.attrs.update({"class": "govuk-input--width-20", "inputmode": "numeric"})
        self.fields["name"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
