"""The GOV.UK form patterns every form shares (issue 14): the date input's three boxes and its error wording,
required-field errors that name the field, and the error summary linking to the box that is wrong."""

from datetime import date, timedelta

import pytest
from django import forms
from django.template import Context, Template
from django.utils import timezone

from safecontact.cases.forms import DecisionForm
from safecontact.core.forms import GENERIC_REQUIRED, GovukForm
from safecontact.core.forms_dates import GovDateField


class MeetingForm(GovukForm):
    held_on = GovDateField(label="Date of the meeting")
    happened_on = GovDateField(label="Date of the incident", required=False, past_only=True)
    kind = forms.ChoiceField(label="Kind of contact", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    grounds = forms.MultipleChoiceField(label="Grounds", choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)
    file = forms.FileField(label="Register file")
    reasons = forms.CharField(label="Reasons for the outcome")
    why = forms.CharField(label="Why lesser steps are not enough")


def errors(**data):
    form = MeetingForm(data=data)
    form.is_valid()
    return form


@pytest.mark.parametrize("day, month, year, message", [
    ("", "", "", "Enter the date of the meeting"),
    ("3", "", "2026", "The date of the meeting must include a month"),
    ("", "", "2026", "The date of the meeting must include a day and month"),
    ("31", "2", "2026", "The date of the meeting must be a real date"),
    ("3", "x", "2026", "The date of the meeting must be a real date"),
    ("3", "4", "26", "Year must include 4 numbers"),
])
def test_the_date_input_says_what_is_wrong_in_the_design_systems_words(day, month, year, message):
    form = errors(held_on_0=day, held_on_1=month, held_on_2=year)
    assert form.errors["held_on"] == [message]


def test_a_real_date_in_three_boxes_is_a_date_and_a_single_typed_value_still_counts():
    assert errors(held_on_0="27", held_on_1="3", held_on_2="2026").cleaned_data["held_on"] == date(2026, 3, 27)
    assert errors(held_on="27/3/2026").cleaned_data["held_on"] == date(2026, 3, 27)
    assert errors(held_on="2026-03-27").cleaned_data["held_on"] == date(2026, 3, 27)


def test_a_past_only_date_refuses_tomorrow_and_an_optional_one_may_be_blank():
    tomorrow = timezone.localdate() + timedelta(days=1)
    form = errors(happened_on_0=str(tomorrow.day), happened_on_1=str(tomorrow.month), happened_on_2=str(tomorrow.year))
    assert form.errors["happened_on"] == ["The date of the incident must be today or in the past"]
    assert "happened_on" not in errors().errors


def test_required_errors_name_the_field_and_say_what_to_do():
    form = errors()
    assert form.errors["kind"] == ["Select the kind of contact"]
    assert form.errors["grounds"] == ["Select at least one option for ‘Grounds’"]
    assert form.errors["file"] == ["Upload the register file"]
    assert form.errors["reasons"] == ["Enter the reasons for the outcome"]
    assert form.errors["why"] == ["Enter why lesser steps are not enough"]


def test_the_decision_form_no_longer_says_this_field_is_required():
    form = DecisionForm(data={})
    assert not form.is_valid()
    messages = [m for field_errors in form.errors.values() for m in field_errors]
    assert len(messages) >= 7 and GENERIC_REQUIRED not in messages


def test_the_summary_links_to_the_box_that_is_wrong_and_the_typed_values_stay():
    form = errors(held_on_0="3", held_on_1="", held_on_2="2026")
    html = Template("{% load crispy_forms_tags %}{% include 'includes/error_summary.html' %}{% crispy form %}").render(
        Context({"form": form}))
    assert 'href="#id_held_on_1"' in html  # the month box
    assert 'href="#id_kind_1"' in html  # the first radio
    assert 'href="#id_held_on_0"' not in html
    assert 'name="held_on_0" value="3"' in html and 'name="held_on_2" value="2026"' in html
    assert 'class="govuk-date-input"' in html and 'inputmode="numeric"' in html
