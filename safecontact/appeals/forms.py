from django import forms

from safecontact.appeals.models import Appeal
from safecontact.appeals.services import DETAIL_MAX
from safecontact.core.forms import GovukForm
from safecontact.core.forms_dates import GovDateField
from safecontact.incidents.uploads import ALLOWED_LIST
from safecontact.register.forms_terms import TermsForm


class PublicAppealForm(GovukForm):
    required_messages = {
        "grounds": "Select at least one reason you think the decision is wrong",
    }
    reference = forms.CharField(max_length=20, label="Letter reference", help_text="At the top of our letter, for example LET-2026-000123")
    code = forms.CharField(max_length=12, label="Appeal code", help_text="In the box headed 'how to appeal' in our letter: 8 letters and numbers")
    grounds = forms.MultipleChoiceField(choices=Appeal.Ground.choices, widget=forms.CheckboxSelectMultiple,
                                        label="Why do you think the decision is wrong?", help_text="Select all that apply")
    grounds_detail = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False, max_length=DETAIL_MAX,
                                     label="Tell us more (optional)", help_text="You do not need to repeat what is in our letter")
    contact_email = forms.EmailField(required=False, label="Email address (optional)",
                                     help_text="We will still write to you at the address on our letter")


class AppealRecordForm(GovukForm):
    required_messages = {
        "grounds": "Select at least one ground of appeal",
    }
    measure: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, label="Register entry appealed", empty_label="Choose the entry")  # type: ignore[arg-type]
    received_on = GovDateField(label="Date received", noun="the date the appeal was received", past_only=True)
    channel = forms.ChoiceField(choices=Appeal.Channel.choices, widget=forms.RadioSelect, label="How it was received")
    grounds = forms.MultipleChoiceField(choices=Appeal.Ground.choices, widget=forms.CheckboxSelectMultiple, label="Grounds")
    grounds_detail = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=DETAIL_MAX, label="What the customer said")
    document = forms.FileField(required=False, label="Document sent with the appeal (optional)",
                               help_text=f"A {ALLOWED_LIST} file, smaller than 20MB")

    def __init__(self, *args, measures, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = measures  # type: ignore[attr-defined]


class WarningAppealRecordForm(AppealRecordForm):
    """The same questions for an appeal against a warning; the page it is reached from names the warning."""
    required_messages = {
        "grounds": "Select at least one ground of appeal",
    }

    measure = None  # type: ignore[assignment]

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        GovukForm.__init__(self, *args, **kwargs)


class AssignForm(GovukForm):
    officer: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, label="Appeals officer", empty_label="Choose an officer",  # type: ignore[arg-type]
                                     help_text="Only officers who had no part in the case are listed")

    def __init__(self, *args, officers, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers  # type: ignore[attr-defined]


class DecideForm(TermsForm):
    """Field shape only (the rules are in appeal_decide). An appeal against a register entry is filled with the
    entry's current terms, which a "varied" outcome changes (`TermsForm`); one against a warning asks what changes."""

    terms_after = "changed_terms"
    terms_heading = "If varied: the new terms"

    outcome = forms.ChoiceField(choices=Appeal.Outcome.choices, widget=forms.RadioSelect, label="Outcome")
    reasons = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=DETAIL_MAX, label="Reasons",
                              help_text="About the measure only, not the merits of the underlying complaint. The customer reads these.")
    changed_terms = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000,
                                    label="What changes (if varied)")
    review_due = GovDateField(required=False, label="New review date (optional, if varied)", noun="the new review date",
                              help_text="For example, 27 3 2027")

    def __init__(self, *args, measure=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, measure=measure, **kwargs)
        if measure is not None:
            self.fields["changed_terms"].label = "If varied: why the terms change"
            self.fields["changed_terms"].help_text = "Change the terms below. What changed is added to the record for you."
