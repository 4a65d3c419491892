"""Field shapes for the report sections, triage and attachments. Rules live in the services; a
form only checks what a field can check by itself (a real date, not in the future)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone

from safecontact.core.forms import GovukForm
from safecontact.incidents.models import Incident, Triage
from safecontact.incidents.rules import IMMEDIATE_ACTIONS
from safecontact.people.forms import date_field, date_of_birth_field, text, yes_no

TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M", "%I:%M%p", "%I:%M %p", "%I%p", "%I %p"]

class SectionForm(GovukForm):
    """A report section. With `require_answers=False` ("save and come back later") blanks are
    allowed; wrong answers (a future date) are still refused."""

    def __init__(self, *args: Any, require_answers: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not require_answers:
            for field in self.fields.values():
                field.required = False

    def to_changes(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name in self.answer_fields}

    answer_fields: frozenset[str] = frozenset()

    @classmethod
    def initial_for(cls, incident: Incident) -> dict[str, Any]:
        return {name: getattr(incident, name) for name in cls.answer_fields}


class WhenWhereForm(SectionForm):
    required_messages = {
        "channel": "Select how the contact happened",
        "location": "Enter where it happened",
    }
    occurred_on = date_field("Date it happened")
    occurred_time = forms.TimeField(label="Time it happened", help_text="For example, 14:30 or 2:30pm", input_formats=TIME_FORMATS,
                                    error_messages={"invalid": "Enter a real time, like 14:30", "required": "Enter the time it happened"})
    channel = forms.ChoiceField(label="How did the contact happen?", choices=Incident.Channel.choices, widget=forms.RadioSelect)
    team: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, label="Service area", required=False,  # type: ignore[arg-type]
                                                          empty_label="Choose a service area")
    location = text("Where did it happen?", required=True, max_length=300,
                    help_text="An address, the premises (for example, Municipal Offices reception), or 'by phone' or 'online'")
    location_postcode = text("Postcode (if known)", max_length=10)
    answer_fields = frozenset({"channel", "team", "location", "location_postcode"})

    def __init__(self, *args: Any, teams: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["location_postcode"].widget.attrs["class"] = "govuk-input--width-10"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, time = data.get("occurred_on"), data.get("occurred_time")
        if day and time:
            moment = timezone.make_aware(datetime.combine(day, time))
            if moment > timezone.now():
                self.add_error("occurred_on", "The date it happened must be today or in the past")
            data["occurred_at"] = moment
        elif day and not time and "occurred_time" not in self.errors and not self.fields["occurred_time"].required:
            data["occurred_at"] = timezone.make_aware(datetime.combine(day, datetime.min.time()))
        return data

    def to_changes(self) -> dict[str, Any]:
        changes = super().to_changes()
        if self.cleaned_data.get("occurred_at"):
            changes["occurred_at"] = self.cleaned_data["occurred_at"]
        return changes

    @classmethod
    def initial_for(cls, incident: Incident) -> dict[str, Any]:
        initial = super().initial_for(incident)
        if incident.occurred_at:
            local = timezone.localtime(incident.occurred_at)
            initial.update(occurred_on=local.date(), occurred_time=local.strftime("%H:%M"))
        initial["team"] = incident.team_id
        return initial


class WhatHappenedForm(SectionForm):
    required_messages = {
        "account": "Enter what happened",
    }
    categories: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
                                                queryset=None, label="What kind of behaviour was it?",  # type: ignore[arg-type]
                                                help_text="Select all that apply", widget=forms.CheckboxSelectMultiple,
                                                error_messages={"required": "Select at least one kind of behaviour"})
    account = text("What happened?", required=True, rows=8,
                   help_text="The facts, in the order they happened: what was said and done, by whom. Keep your opinion for the box below.")
    exact_words = text("Exact words used (if any)", rows=3, help_text="Write them exactly as said or written, including any threats or abuse")
    reporter_opinion = text("Your view (optional)", rows=3,
                            help_text="Your own assessment, for example how threatened you felt. It is recorded as your opinion.")
    answer_fields = frozenset({"account", "exact_words", "reporter_opinion"})

    def __init__(self, *args: Any, categories: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = categories  # type: ignore[attr-defined]
        self.fields["categories"].label_from_instance = lambda c: f"{c.label} ({c.group.lower()})"  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, incident: Incident) -> dict[str, Any]:
        return {**super().initial_for(incident), "categories": [c.pk for c in incident.categories.all()]}


class ActionHarmForm(SectionForm):
    immediate_action = forms.MultipleChoiceField(label="What was done at the time?", choices=IMMEDIATE_ACTIONS,
                                                 widget=forms.CheckboxSelectMultiple, help_text="Select all that apply",
                                                 error_messages={"required": "Select the action taken at the time, or no immediate action"})
    immediate_action_detail = text("Anything else about what was done (optional)", rows=3)
    crime_reference = text("Police crime reference (if any)", max_length=60)
    injury = yes_no("Was anyone injured?")
    damage = yes_no("Was any property damaged?")
    injury_detail = text("Describe the injury or damage", rows=3, help_text="Leave blank if there was none")
    answer_fields = frozenset({"immediate_action", "immediate_action_detail", "crime_reference", "injury", "damage", "injury_detail"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("injury") or data.get("damage")) and not data.get("injury_detail") and self.fields["injury"].required:
            self.add_error("injury_detail", "Describe the injury or damage")
        if data.get("injury") is None:
            data["injury"] = False
        if data.get("damage") is None:
            data["damage"] = False
        return data

    @classmethod
    def initial_for(cls, incident: Incident) -> dict[str, Any]:
        initial = super().initial_for(incident)
        if incident.status == Incident.Status.DRAFT and not incident.immediate_action:
            initial.update(injury=None, damage=None)
        else:
            initial.update(injury="yes" if incident.injury else "no", damage="yes" if incident.damage else "no")
        return initial


class PersonForm(SectionForm):
    subject_not_known = forms.BooleanField(label="I do not know who the person is", required=False)
    subject_given_names = text("First names", max_length=200)
    subject_family_name = text("Family name (surname)", max_length=200)
    subject_aliases = text("Other names they use (optional)", max_length=300, help_text="Separate names with commas")
    subject_date_of_birth = date_of_birth_field()
    subject_approximate_age = forms.IntegerField(label="Approximate age (if date of birth not known)", required=False,
                                                 min_value=0, max_value=120)
    subject_address = text("Their address (if known)", max_length=300)
    subject_postcode = text("Their postcode (if known)", max_length=10)
    subject_contact = text("Phone, email or social media (if known)", max_length=300)
    identity_confirmation = forms.ChoiceField(label="How do you know who they are?", choices=Incident.Identity.choices,
                                              widget=forms.RadioSelect, required=False)
    answer_fields = frozenset({"subject_not_known", "subject_given_names", "subject_family_name", "subject_aliases",
                               "subject_date_of_birth", "subject_approximate_age", "subject_address", "subject_postcode",
                               "subject_contact", "identity_confirmation"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject_postcode"].widget.attrs["class"] = "govuk-input--width-10"
        self.fields["subject_approximate_age"].widget.attrs["class"] = "govuk-input--width-3"
        self.require = kwargs.get("require_answers", True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.require and not data.get("subject_not_known"):
            if not (data.get("subject_family_name") or data.get("subject_given_names")):
                self.add_error("subject_family_name", "Enter the person's name, or select that you do not know who they are")
            if not data.get("identity_confirmation"):
                self.add_error("identity_confirmation", "Select how you know who they are")
        return data


class OthersForm(SectionForm):
    others_involved = text("Who else was affected or involved? (optional)", rows=3,
                           help_text="Colleagues affected and anyone else present. Only officers dealing with the report see this.")
    witnesses = text("Witnesses (optional)", rows=3, help_text="Names and how to contact them")
    reporter_wants_support = yes_no("Would you like support after this incident?",
                                    help_text="For example, a talk with your manager or the employee assistance programme")
    answer_fields = frozenset({"others_involved", "witnesses", "reporter_wants_support"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reporter_wants_support") is None:
            data["reporter_wants_support"] = False
        return data

    @classmethod
    def initial_for(cls, incident: Incident) -> dict[str, Any]:
        initial = super().initial_for(incident)
        initial["reporter_wants_support"] = "yes" if incident.reporter_wants_support else None
        return initial


class SourceForm(SectionForm):
    required_messages = {
        "source_organisation": "Enter which organisation reported it",
    }
    source_organisation = text("Which organisation reported it?", required=True, max_length=200,
                               help_text="For example, Gloucestershire Constabulary or Demo Homes")
    sharing_conditions = text("Conditions on sharing (optional)", rows=3, help_text="Anything the source asked about who may see it")
    answer_fields = frozenset({"source_organisation", "sharing_conditions"})


class AttachmentForm(GovukForm):
    file = forms.FileField(label="Upload a file", required=True,
                           help_text="Photos, emails, recordings or documents: JPG, PNG, GIF, PDF, TXT, EML, MSG, MP3, M4A, WAV, "
                                     "MP4 or DOCX, smaller than 20MB",
                           error_messages={"required": "Select a file to upload"})


SECTION_FORMS: dict[str, type[SectionForm]] = {
    "when-and-where": WhenWhereForm,
    "what-happened": WhatHappenedForm,
    "action-and-harm": ActionHarmForm,
    "the-person": PersonForm,
    "others": OthersForm,
    "source": SourceForm,
}


class TriageForm(GovukForm):
    complaint_handled_properly = yes_no("Was the customer's complaint or request handled properly?")
    communication_adequate = yes_no("Was our communication with them adequate?")
    new_information = yes_no("Is there significant new information?")
    other_route = text("Is there another route, such as a statutory appeal? (optional)", max_length=300)
    possible_disability_or_need = yes_no(
        "Could a disability or communication need explain the behaviour?",
        help_text="For example, a hearing impairment can be mistaken for shouting. If so, consider a reasonable adjustment before escalating.",
    )
    adjustment_offered = text("Adjustment, meeting, mediation or advocacy offered", max_length=300,
                              help_text="Required if you refer the report and a disability or need is possible")
    offer_outcome = text("What came of the offer? (optional)", max_length=300)
    outcome = forms.ChoiceField(label="Outcome", choices=Triage.Outcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Select an outcome"})
    reasons = text("Reasons for the outcome", required=True, rows=4)
    warning_given_by = text("Informal warning: who gave it", max_length=200)
    warning_given_on = date_field("Informal warning: date given", required=False,
                                  noun="the date the informal warning was given", past_only=True)
    warning_what_was_said = text("Informal warning: what was said", rows=3)
