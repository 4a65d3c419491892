from django import forms

from safecontact.core.forms import GovukForm
from safecontact.equality.models import CHARACTERISTICS, question

NOT_ASKED = ("", "Not asked, or not known")


class EqualityForm(GovukForm):
    """Every question optional: "Not asked, or not known" is the empty answer, "Prefer not to say" is an answer."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for name in CHARACTERISTICS:
            label, choices = question(name)
            self.fields[name] = forms.ChoiceField(label=label, required=False, widget=forms.RadioSelect, choices=[*choices, NOT_ASKED])

    def answers(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in CHARACTERISTICS}
