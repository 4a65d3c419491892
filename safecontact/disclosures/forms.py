from django import forms

from safecontact.core.forms import GovukForm
from safecontact.core.forms_dates import GovDateField


class DisclosureFilterForm(GovukForm):
    """Which agreement, which partner body or contractor, and between which days. A GET form: the filtered log is a
    link the DPO can keep or send."""

    agreement = forms.ChoiceField(required=False, label="Agreement")
    organisation = forms.ChoiceField(required=False, label="Partner body or contractor")
    since = GovDateField(required=False, label="From (optional)", noun="the first day", past_only=True)
    until = GovDateField(required=False, label="To (optional)", noun="the last day")

    def __init__(self, *args, agreements: list[tuple[str, str]], organisations: list[tuple[str, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["agreement"].choices = [("", "Any agreement"), *agreements]  # type: ignore[attr-defined]
        self.fields["organisation"].choices = [("", "Any organisation"), *organisations]  # type: ignore[attr-defined]

    def clean(self) -> dict:  # type: ignore[type-arg]
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", "The last day must be the same as or after the first day")
        return data
