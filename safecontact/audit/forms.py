from django import forms

from safecontact.core.forms import GovukForm
from safecontact.core.forms_dates import GovDateField


class AuditFilterForm(GovukForm):
    """Who acted and between which days, beside the event list (which the page draws itself: it groups event
    types by area). A GET form: the filtered page is a link the DPO can keep or send."""

    user = forms.ChoiceField(required=False, label="Who acted")
    since = GovDateField(required=False, label="From (optional)", noun="the first day", past_only=True)
    until = GovDateField(required=False, label="To (optional)", noun="the last day")

    def __init__(self, *args, actors: list[tuple[str, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", "Anyone"), *actors]  # type: ignore[attr-defined]

    def clean(self) -> dict:  # type: ignore[type-arg]
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", "The last day must be the same as or after the first day")
        return data


class UsageFilterForm(GovukForm):
    """The usage report's period, team and order (a GET form: the page is a link the DPO can keep)."""

    since = GovDateField(required=False, label="From", noun="the first day", past_only=True)
    until = GovDateField(required=False, label="To", noun="the last day")
    team = forms.ChoiceField(required=False, label="Team")
    sort = forms.ChoiceField(required=False, label="Sort by")

    def __init__(self, *args, teams: list[tuple[str, str]], sorts: dict[str, str], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "All teams"), *teams]  # type: ignore[attr-defined]
        self.fields["sort"].choices = list(sorts.items())  # type: ignore[attr-defined]

    def clean(self) -> dict:  # type: ignore[type-arg]
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", "The last day must be the same as or after the first day")
        return data
