from django import forms

from safecontact.core.forms import GovukForm
from safecontact.core.forms_dates import GovDateField


class StartForm(GovukForm):
    received_on = GovDateField(label="When was the request received?", noun="the date the request was received", past_only=True,
                               help_text="The deadline is one calendar month from this date. For example, 27 11 2026")


class ExtendForm(GovukForm):
    required_messages = {"months": "Select how much longer the request needs", "reason": "Enter why the request needs more time"}
    months = forms.TypedChoiceField(choices=[("1", "One more month"), ("2", "Two more months")], coerce=int,
                                    widget=forms.RadioSelect, label="How much longer does the request need?")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, label="Why does it need more time?",
                             help_text="For example, the request is complex or the person made several requests. "
                                       "Tell the person within the first month.")


class RedactForm(GovukForm):
    required_messages = {"reason": "Enter why this is redacted"}
    field = forms.ChoiceField(label="Which detail?", required=False,
                              help_text="Choose a detail to redact all of it, or leave it and enter the words below")
    text = forms.CharField(max_length=300, required=False, label="Words to redact",
                           help_text="For example, a witness's or a member of staff's name. Every appearance is redacted.")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, label="Why is this redacted?",
                             help_text="For example, it identifies a witness who has not agreed to be named")

    def __init__(self, *args, fields: list[tuple[str, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if fields:
            self.fields["field"].choices = [("", "Only the words entered below")] + fields  # type: ignore[attr-defined]
        else:  # throughout the bundle: words only
            del self.fields["field"]

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if not data.get("field") and not (data.get("text") or "").strip():
            self.add_error("text", "Enter the words to redact, or choose a detail")
        return data
