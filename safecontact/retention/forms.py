from django import forms

from safecontact.core.forms import GovukForm


class PeriodForm(GovukForm):
    required_messages = {
        "months": "Enter how many months these records are kept",
        "reason": "Enter why the council keeps these records for this period",
    }
    months = forms.IntegerField(label="Keep for (months)", min_value=0, max_value=240)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=500,
                             label="Why does the council keep these records for this period?")

    def __init__(self, *args, min_months: int, max_months: int, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["months"].help_text = f"Between {min_months} and {max_months} months"


class LegalHoldForm(GovukForm):
    required_messages = {
        "kind": "Select what you want to hold",
        "reason": "Enter why these records must be kept",
    }
    kind = forms.ChoiceField(choices=[("person", "A person (everything about them)"), ("case", "A case (and everything in it)")],
                             widget=forms.RadioSelect, label="What do you want to hold?")
    reference = forms.CharField(max_length=60, label="Reference",
                                help_text="A case (CASE-…), incident (INC-…), entry, letter or appeal reference. "
                                          "For a person, any reference of theirs.")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             label="Why must these records be kept?", help_text="The claim, request or investigation")


class LiftForm(GovukForm):
    required_messages = {
        "reason": "Enter why the hold can be lifted",
    }
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, label="Why can the hold be lifted?")
