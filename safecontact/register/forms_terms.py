"""The new terms of a live entry, asked for where a review or an appeal may vary it (issue 11 part 6, R57).
Field shape only: the form is filled with the entry's current terms, and `register.services_terms.measure_vary`
decides what changed and whether the new terms are allowed."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import HTML, Layout
from django import forms

from safecontact.core.forms import GovukForm
from safecontact.lists.selectors import choices_for
from safecontact.register.models import RISK_DESCRIPTION_MAX, Measure, Precaution, RestrictionType
from safecontact.register.services_terms import Terms

MARKER_TERMS = ("precautions", "risk_impact", "risk_likelihood", "risk_description", "advice")
RESTRICTION_TERMS = ("restriction_types", "scope", "scope_justification", "permitted_channels", "phone_limits",
                     "premises_excluded", "mandatory_services_route")
TERMS_HEADING = ('<h3 class="govuk-heading-s">{heading}</h3><p class="govuk-body">These are the entry\'s current terms. '
                 "Change what was decided: people checking see the new terms as soon as it is recorded.</p>")


def _listed(model: type[Precaution] | type[RestrictionType], measure: Measure, current: list[Any]) -> Any:
    """The council's list as it keeps it (never another council's), plus whatever the entry holds now, so an item
    retired from the list since is not dropped by saving the form unchanged."""
    return choices_for(model=model, council=measure.council, keep=current)


def marker_term_fields(measure: Measure) -> dict[str, forms.Field]:
    precautions = list(measure.precautions.all())
    return {
        "precautions": forms.ModelMultipleChoiceField(
            queryset=_listed(Precaution, measure, precautions), required=False, widget=forms.CheckboxSelectMultiple,
            label="Precautions", help_text="Select all that apply"),
        "risk_impact": forms.TypedChoiceField(coerce=int, empty_value=None, required=False, label="Impact (1 to 5)",
                                              choices=[(i, str(i)) for i in range(1, 6)], help_text="How bad the harm could be"),
        "risk_likelihood": forms.TypedChoiceField(coerce=int, empty_value=None, required=False, label="Likelihood (1 to 6)",
                                                  choices=[(i, str(i)) for i in range(1, 7)]),
        "risk_description": forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=RISK_DESCRIPTION_MAX,
                                            required=False, label="Risk, in a sentence or two", help_text="Facts, not opinion"),
        "advice": forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Advice for the person checking"),
    }


def restriction_term_fields(measure: Measure) -> dict[str, forms.Field]:
    types = list(measure.restriction_types.all())
    return {
        "restriction_types": forms.ModelMultipleChoiceField(
            queryset=_listed(RestrictionType, measure, types), required=False, widget=forms.CheckboxSelectMultiple,
            label="Type of restriction", help_text="Select all that apply"),
        "scope": forms.ChoiceField(choices=Measure.Scope.choices, widget=forms.RadioSelect, required=False, label="Scope"),
        "scope_justification": forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                               label="Justification (needed for organisation-wide)"),
        "permitted_channels": forms.CharField(required=False, max_length=300, label="Permitted channels"),
        "phone_limits": forms.CharField(required=False, max_length=300, label="Phone limits",
                                        help_text="Days, times and length of calls"),
        "premises_excluded": forms.CharField(required=False, max_length=300, label="Premises excluded from"),
        "mandatory_services_route": forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                                    label="How can the customer still reach mandatory services?"),
    }


def _lines(value: Any) -> str:
    return str(value or "").replace("\r\n", "\n").strip()


def current_terms(measure: Measure) -> dict[str, Any]:
    """The entry's terms now, as the form's initial values."""
    if measure.kind == Measure.Kind.SAFETY_MARKER:
        initial: dict[str, Any] = {name: getattr(measure, name) for name in MARKER_TERMS if name != "precautions"}
        initial["precautions"] = [p.pk for p in measure.precautions.all()]
    else:
        initial = {name: getattr(measure, name) for name in RESTRICTION_TERMS if name != "restriction_types"}
        initial["restriction_types"] = [t.pk for t in measure.restriction_types.all()]
    return initial


class TermsForm(GovukForm):
    """A form that also asks for the entry's new terms, after the field named in `terms_after`. With no entry (an
    appeal against a warning) it asks for none."""

    terms_after = ""
    terms_heading = "If varying: the new terms"

    def __init__(self, *args: Any, measure: Measure | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.term_names: tuple[str, ...] = ()
        self.measure = measure
        if measure is None:
            return
        is_marker = measure.kind == Measure.Kind.SAFETY_MARKER
        self.term_names = MARKER_TERMS if is_marker else RESTRICTION_TERMS
        self.fields.update(marker_term_fields(measure) if is_marker else restriction_term_fields(measure))
        self.initial = {**current_terms(measure), **self.initial}
        names = list(self.fields)
        cut = names.index(self.terms_after) + 1 if self.terms_after in names else len(names)
        rest = [n for n in names[:cut] if n not in self.term_names], [n for n in names[cut:] if n not in self.term_names]
        self.helper.layout = Layout(*rest[0], HTML(TERMS_HEADING.format(heading=self.terms_heading)), *self.term_names, *rest[1])

    def terms(self) -> Terms | None:
        """The terms as submitted (all of them: the service works out what changed), or None without an entry."""
        if not self.term_names:
            return None
        data = {name: self.cleaned_data.get(name) for name in self.term_names}
        for name, value in data.items():
            if name in ("precautions", "restriction_types"):
                data[name] = list(value or [])
            elif isinstance(value, str) and _lines(value) == _lines(getattr(self.measure, name)):
                data[name] = None  # unchanged: a browser sends a textarea's line breaks as CRLF, whatever was stored
        return Terms(**data)

    def service_data(self) -> dict[str, Any]:
        """What the form's own service takes: its fields, and `terms`."""
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.term_names}
        return {**data, "terms": self.terms()}
