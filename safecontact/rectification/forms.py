from django import forms

from safecontact.core.forms import GovukForm
from safecontact.core.forms_dates import GovDateField

from .models import RectificationRequest
from .services import TEXT_MAX


class RecordForm(GovukForm):
    """Field shape only (the rules are in rectification_record)."""

    required_messages = {
        "kind": "Select what the customer is asking for",
        "channel": "Select how the request was received",
    }
    kind = forms.ChoiceField(choices=RectificationRequest.Kind.choices, widget=forms.RadioSelect, label="What the customer is asking for")
    measure: forms.ModelChoiceField = forms.ModelChoiceField(  # type: ignore[type-arg]
        queryset=None, required=False, label="Register entry concerned (optional)",  # type: ignore[arg-type]
        empty_label="Not one entry", help_text="Leave as it is when the request is about the whole record")
    incident: forms.ModelChoiceField = forms.ModelChoiceField(  # type: ignore[type-arg]
        queryset=None, required=False, label="Incident report concerned (optional)",  # type: ignore[arg-type]
        empty_label="Not one report")
    what_is_wrong = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=TEXT_MAX, label="What the customer says is wrong",
                                    help_text="In the customer's words. Staff who read the record will see this.")
    received_on = GovDateField(label="Date received", noun="the date the request was received", past_only=True)
    channel = forms.ChoiceField(choices=RectificationRequest.Channel.choices, widget=forms.RadioSelect, label="How it was received")

    def __init__(self, *args, measures, incidents, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = measures  # type: ignore[attr-defined]
        self.fields["incident"].queryset = incidents  # type: ignore[attr-defined]


class ExtendForm(GovukForm):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX, label="Why the request needs more time",
                             help_text="Only for a complex request. Tell the customer within the first month.")


class StatementForm(GovukForm):
    statement = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=TEXT_MAX, label="The customer's statement",
                                help_text="As the customer gave it. It is shown beside the record to staff who read it.")


class DecideForm(GovukForm):
    required_messages = {"outcome": "Select the outcome"}
    outcome = forms.ChoiceField(choices=[(s.value, s.label) for s in (RectificationRequest.Status.UPHELD,
                                                                        RectificationRequest.Status.PARTLY_UPHELD,
                                                                        RectificationRequest.Status.REFUSED)],
                                widget=forms.RadioSelect, label="Outcome")
    correction = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=TEXT_MAX,
                                 label="What was corrected or restricted (if upheld or partly upheld)",
                                 help_text="Correct the record on its own page first. The customer reads this.")
    reasons = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=TEXT_MAX, label="Reasons",
                              help_text="The customer reads these in the outcome letter.")
