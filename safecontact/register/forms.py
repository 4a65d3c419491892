from django import forms

from safecontact.accounts.models import Organisation, Team, User
from safecontact.core.csv_text import NotCsvTextError, csv_text
from safecontact.core.forms import GovukForm
from safecontact.core.forms_dates import GovDateField
from safecontact.incidents.models import Incident
from safecontact.lists.selectors import choices_for
from safecontact.matching import normalise_uprn
from safecontact.people.models import Address, Person
from safecontact.people.selectors import address_for_uprn
from safecontact.register.models import RISK_DESCRIPTION_MAX, Measure, Precaution, RestrictionType

CSV_SNIFF_BYTES = 64 * 1024


class PersonChoiceField(forms.ModelChoiceField):
    """People in every picker show date of birth and current address, so two namesakes never look the same (issue 11)."""

    def label_from_instance(self, obj: Person) -> str:  # type: ignore[override]
        return person_label(obj)


def person_label(person: Person) -> str:
    born = f"born {person.date_of_birth:%-d %B %Y}" if person.date_of_birth else "date of birth not known"
    link = next((pa for pa in person.addresses.all() if pa.to_date is None), None)
    where = f"{link.address.line1}, {link.address.postcode}" if link else "no current address"
    return f"{person} ({born}; {where})"


def incident_label(incident: Incident) -> str:
    return f"{incident.reference}: {incident.get_channel_display().lower()}, {incident.occurred_at:%-d %B %Y}"


class IncidentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Incident) -> str:  # type: ignore[override]
        return incident_label(obj)


class MeasureCommonForm(GovukForm):
    """Proposing from a decision (issue 11): the person, the case and the decision are fixed by the decision and shown,
    not chosen; the incident is one of the case's."""

    originating_incident = IncidentChoiceField(queryset=Incident.objects.none(), label="Incident this rests on",
                                               empty_label="Choose the incident",
                                               help_text="One of the incidents on the customer's case.")
    premises_uprn = forms.CharField(required=False, max_length=12, label="Premises UPRN (optional)",
                                    help_text="For a hazard at an address, such as a dangerous dog")
    reasons = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Reasons", max_length=4000)
    services = forms.ModelMultipleChoiceField(queryset=Team.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
                                              label="Services that need to know")
    shared_with = forms.ModelMultipleChoiceField(queryset=Organisation.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
                                                 label="Partner bodies and contractors who may see the precautions")

    def __init__(self, *args, council, case=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        from safecontact.register.selectors import shared_organisation_ids

        self.council = council
        incidents = Incident.objects.filter(council=council).exclude(status="draft")
        if case is not None:
            incidents = incidents.filter(pk__in=case.incidents.values("pk"), person_id=case.person_id)
        self.fields["originating_incident"].queryset = incidents.order_by("-occurred_at")  # type: ignore[attr-defined]
        self.fields["services"].queryset = Team.objects.filter(council=council)  # type: ignore[attr-defined]
        self.fields["shared_with"].queryset = Organisation.objects.filter(pk__in=shared_organisation_ids(council=council))  # type: ignore[attr-defined]

    def clean_premises_uprn(self) -> Address | None:
        uprn = self.cleaned_data["premises_uprn"].strip()
        if not uprn:
            return None
        address = address_for_uprn(council=self.council, uprn=normalise_uprn(uprn) or uprn)
        if address is None:
            raise forms.ValidationError("No address has this UPRN. Check it, or import the gazetteer.")
        return address


RISK_IMPACT = [("", "Choose the impact"), *((str(i), str(i)) for i in range(1, 6))]
RISK_LIKELIHOOD = [("", "Choose the likelihood"), *((str(i), str(i)) for i in range(1, 7))]


class MarkerForm(MeasureCommonForm):
    # No default: the officer chooses the risk (issue 11: it defaulted to 1 x 1).
    risk_impact = forms.TypedChoiceField(coerce=int, choices=RISK_IMPACT, label="Impact (1 to 5)", help_text="How bad the harm could be",
                                         error_messages={"required": "Choose the impact, from 1 to 5"})
    risk_likelihood = forms.TypedChoiceField(coerce=int, choices=RISK_LIKELIHOOD, label="Likelihood (1 to 6)",
                                             error_messages={"required": "Choose the likelihood, from 1 to 6"})
    risk_description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=RISK_DESCRIPTION_MAX,
                                       label="Risk, in a sentence or two",
                                       help_text="Facts, not opinion. It is labelled with your name as its author.")
    precautions = forms.ModelMultipleChoiceField(queryset=Precaution.objects.none(), widget=forms.CheckboxSelectMultiple,
                                                 error_messages={"required": "Select at least one precaution"})
    advice = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Advice for the person checking")
    premises_only = forms.BooleanField(required=False, label="Record the hazard against the premises only, not the customer",
                                       help_text="For example a dangerous dog at the address. Give the premises UPRN above.")

    def __init__(self, *args, council, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, council=council, **kwargs)
        # The council's list as it keeps it (lists/): never another council's items, nor what it has retired.
        self.fields["precautions"].queryset = choices_for(model=Precaution, council=council)  # type: ignore[attr-defined]


class RestrictionForm(MeasureCommonForm):
    required_messages = {
        "restriction_types": "Select at least one type of restriction",
        "scope": "Select the scope of the restriction",
        "mandatory_services_route": "Enter how the customer can still reach mandatory services",
    }
    restriction_types = forms.ModelMultipleChoiceField(queryset=RestrictionType.objects.none(),
                                                       widget=forms.CheckboxSelectMultiple, label="Type of restriction")
    scope = forms.ChoiceField(choices=Measure.Scope.choices, widget=forms.RadioSelect)
    scope_justification = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                          label="Justification (needed for organisation-wide)")
    mandatory_services_route = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}),
                                               label="How can the customer still reach mandatory services?")
    single_point_of_contact = forms.ModelChoiceField(queryset=User.objects.none(), required=False, label="Named officer")
    deputy_contact = forms.ModelChoiceField(queryset=User.objects.none(), required=False, label="Deputy")
    permitted_channels = forms.CharField(required=False, max_length=300)
    phone_limits = forms.CharField(required=False, max_length=300, help_text="Days, times and length of calls")
    premises_excluded = forms.CharField(required=False, max_length=300, label="Premises excluded from")
    about_representative = forms.BooleanField(required=False, label="The restriction is about the customer's representative",
                                              help_text="A family member or representative who acts for the customer. It is its own "
                                              "entry, reviewed separately, with its own letter.")
    representative = PersonChoiceField(queryset=Person.objects.none(), required=False, label="Representative",
                                       empty_label="Choose the representative")

    def __init__(self, *args, council, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, council=council, **kwargs)
        self.fields["restriction_types"].queryset = choices_for(model=RestrictionType, council=council)  # type: ignore[attr-defined]
        case = kwargs.get("case")
        people = Person.objects.filter(council=council, merged_into__isnull=True).prefetch_related("addresses__address")
        self.fields["representative"].queryset = people.exclude(pk=case.person_id) if case else people  # type: ignore[attr-defined]
        staff = User.objects.filter(organisation=council, is_active=True)
        self.fields["single_point_of_contact"].queryset = staff  # type: ignore[attr-defined]
        self.fields["deputy_contact"].queryset = staff  # type: ignore[attr-defined]


class ApproveForm(GovukForm):
    review_due = GovDateField(required=False, label="Review by (optional)", noun="the review date",
                              help_text="Leave blank for the council's interval. At most 12 months.")
    identity_override_reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                               label="If identity was not confirmed: why approve anyway?")
    # Telling the customer (R37): approval prepares the letter, or records the decision not to tell yet.
    notify = forms.ChoiceField(choices=[("yes", "Yes, prepare the customer's letter"),
                                        ("no", "No, not yet: telling them would put staff or others at risk")],
                               widget=forms.RadioSelect, initial="yes", required=False, label="Tell the customer?")
    withheld_reasons = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000,
                                       label="If not: why telling the customer would create a risk")
    reconsider_on = GovDateField(required=False, label="If not: reconsider by", noun="the date to reconsider",
                                 help_text="Within three months, for example 27 3 2027")


class InterimMarkerForm(GovukForm):
    """The urgent interim safety marker, approved straight from the incident (serious-threat route)."""

    interim_reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                                     label="Why waiting for a full decision would put staff at risk",
                                     error_messages={"required": "Say why waiting for a full decision would put staff at risk"})
    risk_impact = forms.TypedChoiceField(coerce=int, choices=RISK_IMPACT, label="Impact (1 to 5)",
                                         error_messages={"required": "Choose the impact, from 1 to 5"})
    risk_likelihood = forms.TypedChoiceField(coerce=int, choices=RISK_LIKELIHOOD, label="Likelihood (1 to 6)",
                                             error_messages={"required": "Choose the likelihood, from 1 to 6"})
    risk_description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=RISK_DESCRIPTION_MAX,
                                       label="Risk, in a sentence or two", help_text="Facts, not opinion.")
    precautions = forms.ModelMultipleChoiceField(queryset=Precaution.objects.none(), widget=forms.CheckboxSelectMultiple,
                                                 error_messages={"required": "Choose at least one precaution"})
    advice = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Advice for the person checking")

    def __init__(self, *args, council, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["precautions"].queryset = choices_for(model=Precaution, council=council)  # type: ignore[attr-defined]


class RefuseForm(GovukForm):
    required_messages = {
        "reason": "Enter why the entry is not approved",
    }
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Why not approve?")


class RegisterImportForm(GovukForm):
    MAX_BYTES = 20 * 1024 * 1024

    file = forms.FileField(label="Spreadsheet (.xlsx or .csv)", help_text="The first row names the columns. Nothing is imported yet: "
                           "you see what would happen first.")
    approved_by = forms.EmailField(required=False, label="Signed off by (optional)",
                                   help_text="Email of the decision-maker or register manager who signs off the migrated register. "
                                   "Leave blank and every entry waits for a decision-maker's approval.")

    def clean_file(self):  # type: ignore[no-untyped-def]
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError("The selected file must be an .xlsx or .csv spreadsheet.")
        if file.size > self.MAX_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 20MB.")
        file.seek(0)
        head = file.read(CSV_SNIFF_BYTES)
        file.seek(0)
        if file.name.lower().endswith(".csv") and not head.startswith(b"PK"):
            # Refused here, beside the field, before the file is kept. The import checks the whole file again
            # (and reads a workbook by its contents, "PK", whatever its name).
            try:
                csv_text(head)
            except NotCsvTextError as exc:
                raise forms.ValidationError(exc.message) from exc
        return file

    def clean_approved_by(self) -> User | None:
        email = self.cleaned_data["approved_by"].strip()
        if not email:
            return None
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError("No active user has this email address.")
        return user
