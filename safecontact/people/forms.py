from __future__ import annotations

from django import forms

from safecontact.core.forms import GovukForm
from safecontact.core.forms_dates import GovDateField
from safecontact.core.validators import validate_date_of_birth
from safecontact.people.models import ContactPoint, Person, ReasonableAdjustment

YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no(label: str, help_text: str = "", required: bool = True) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(choices=YES_NO, coerce=lambda v: v == "yes", widget=forms.RadioSelect, label=label,
                                  help_text=help_text, required=required, empty_value=None)


def date_field(label: str, required: bool = True, help_text: str = "For example, 27 3 2026", *, noun: str = "",
               past_only: bool = False) -> GovDateField:
    return GovDateField(label=label, noun=noun, required=required, help_text=help_text, past_only=past_only)


def date_of_birth_field(label: str = "Date of birth") -> GovDateField:
    """Every date of birth typed on a page: optional, and refused if in the future or before 1900."""
    field = GovDateField(label=label, noun="the date of birth", required=False, help_text="If known. For example, 31 3 1980",
                         autocomplete_birthday=True)
    field.validators.append(validate_date_of_birth)
    return field


def text(label: str, *, required: bool = False, rows: int = 0, max_length: int = 5000, help_text: str = "") -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput
    return forms.CharField(label=label, required=required, max_length=max_length, help_text=help_text, widget=widget, strip=True)




class PersonCreateForm(GovukForm):
    given_names = text("First names", max_length=200)
    family_name = text("Family name (surname)", required=True, max_length=200)
    date_of_birth = date_of_birth_field()
    approximate_age = forms.IntegerField(label="Approximate age (if date of birth not known)", required=False, min_value=0, max_value=120)
    address_line = text("Address (optional)", max_length=200)
    town = text("Town (optional)", max_length=100)
    postcode = text("Postcode (optional)", max_length=10)
    uprn = text("UPRN (optional)", max_length=12, help_text="Unique Property Reference Number, from the gazetteer")
    contact = text("Phone or email (optional)", max_length=254)
    known_to_social_care = forms.ChoiceField(label="Known to social care?", choices=Person.SocialCare.choices, widget=forms.RadioSelect,
                                             initial=Person.SocialCare.NOT_CHECKED)


class PersonEditForm(GovukForm):
    given_names = text("First names", max_length=200)
    family_name = text("Family name (surname)", required=True, max_length=200)
    date_of_birth = date_of_birth_field()
    approximate_age = forms.IntegerField(label="Approximate age (if date of birth not known)", required=False, min_value=0, max_value=120)
    known_to_social_care = forms.ChoiceField(label="Known to social care?", choices=Person.SocialCare.choices, widget=forms.RadioSelect)
    preferred_format = text("Alternative format asked for (optional)", max_length=200,
                            help_text="For example, large print, Braille or another language")
    notes = text("Notes (optional)", rows=3)


class AliasForm(GovukForm):
    given_names = text("First names", max_length=200)
    family_name = text("Family name (surname)", required=True, max_length=200)


class AddressForm(GovukForm):
    line1 = text("Address line 1", required=True, max_length=200)
    line2 = text("Address line 2 (optional)", max_length=200)
    town = text("Town or city (optional)", max_length=100)
    postcode = text("Postcode", max_length=10)
    uprn = text("UPRN (optional)", max_length=12)
    from_date = date_field("Lived there from", required=False, noun="the date they moved in", help_text="If known. For example, 1 4 2024")
    to_date = date_field("Left on", required=False, noun="the date they left", help_text="Leave blank if they still live there")
    is_correspondence = forms.BooleanField(label="Use this address for letters", required=False)
    verified_on = date_field("Address last confirmed on", required=False, noun="the date the address was last confirmed")


class ContactPointForm(GovukForm):
    required_messages = {
        "kind": "Select the kind of contact",
    }
    kind = forms.ChoiceField(label="Kind", choices=ContactPoint.Kind.choices, widget=forms.RadioSelect)
    value = text("Phone number, email address or handle", required=True, max_length=254)


class IdentifierForm(GovukForm):
    system = text("System", required=True, max_length=80, help_text="For example, CRM, housing or revenues")
    value = text("Reference in that system", required=True, max_length=120)


class RepresentativeForm(GovukForm):
    required_messages = {
        "name": "Enter the representative's name",
    }
    name = text("Name", required=True, max_length=200)
    relationship = text("Relationship", required=True, max_length=120, help_text="Advocate, family member, solicitor, MP…")
    contact = text("Contact details (optional)", max_length=254)


class AdjustmentForm(GovukForm):
    description = text("Adjustment", required=True, rows=3, help_text="For example, phone contact instead of writing only; an advocate")
    status = forms.ChoiceField(label="Status", choices=ReasonableAdjustment.Status.choices, widget=forms.RadioSelect)
    decided_on = date_field("Date agreed or refused", required=False)


class MergeForm(GovukForm):
    other = forms.UUIDField(widget=forms.HiddenInput)
