from django import forms

from safecontact.core.forms import GovukForm
from safecontact.core.forms_dates import GovDateField
from safecontact.governance.models import AgendaItem, ChecklistTask, Meeting
from safecontact.governance.services import REASONS_MAX


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):  # type: ignore[no-untyped-def]
        return obj.full_name or obj.email


class MeetingForm(GovukForm):
    held_on = GovDateField(label="Date of the meeting")
    members_present = MemberChoiceField(queryset=None, required=False, widget=forms.CheckboxSelectMultiple,  # type: ignore[arg-type]
                                        label="Members present", help_text="Leave blank until the meeting has taken place")
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000, label="Notes (optional)",
                            help_text="Apologies and other business. No names of customers.")

    def __init__(self, *args, members, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["members_present"].queryset = members  # type: ignore[attr-defined]


class MeetingUpdateForm(MeetingForm):
    status = forms.ChoiceField(choices=Meeting.Status.choices, widget=forms.RadioSelect, label="Status")


class DecideForm(GovukForm):
    decision = forms.ChoiceField(choices=AgendaItem.Decision.choices, widget=forms.RadioSelect, label="Decision")
    reasons = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=REASONS_MAX, label="Reasons",
                              help_text="The customer reads these in the removal letter: facts, no names of staff or witnesses.")


class ConfirmRemovalForm(forms.Form):
    reasons = forms.CharField(widget=forms.HiddenInput, max_length=REASONS_MAX)


class ChecklistForm(forms.Form):
    status = forms.ChoiceField(choices=ChecklistTask.Status.choices)
