from django import forms
from django.db.models import Q

from safecontact.accounts.models import Organisation, Team, User
from safecontact.core.csv_text import NotCsvTextError, csv_text
from safecontact.core.forms import GovukForm
from safecontact.incidents.models import Incident
from safecontact.matching import normalise_uprn
from safecontact.people.models import Address, Person
from safecontact.people.selectors import address_for_uprn
from safecontact.register.models import RISK_DESCRIPTION_MAX, Measure, Precaution, RestrictionType

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
CSV_SNIFF_BYTES = 64 * 1024


class MeasureCommonForm(GovukForm):
    originating_incident = forms.ModelChoiceField(queryset=Incident.objects.none(), label="Incident this rests on",
                                                  empty_label="Choose the incident", help_text="Every entry rests on a specific incident.")
    person = forms.ModelChoiceField(queryset=Person.objects.none(), required=False, label="Person (optional for an address-only hazard)",
                                    empty_label="No named person")
    premises_uprn = forms.CharField(required=False, max_length=12, label="Premises UPRN (optional)",
                                    help_text="For a hazard at an address, such as a dangerous dog")
    reasons = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Reasons", max_length=4000)
    services = forms.ModelMultipleChoiceField(queryset=Team.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
                                              label="Services that need to know")
    shared_with = forms.ModelMultipleChoiceField(queryset=Organisation.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
                                                 label="Partner bodies and contractors who may see the precautions")

    def __init__(self, *args, council, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        from safecontact.register.selectors import shared_organisation_ids

        self.council = council
        self.fields["originating_incident"].queryset = Incident.objects.filter(council=council).exclude(status="draft")  # type: ignore[attr-defined]
        self.fields["person"].queryset = Person.objects.filter(council=council, merged_into__isnull=True)  # type: ignore[attr-defined]
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


class MarkerForm(MeasureCommonForm):
    risk_impact = forms.TypedChoiceField(coerce=int, choices=[(i, str(i)) for i in range(1, 6)], label="Impact (1 to 5)",
                                         help_text="How bad the harm could be")
    risk_likelihood = forms.TypedChoiceField(coerce=int, choices=[(i, str(i)) for i in range(1, 7)], label="Likelihood (1 to 6)")
    risk_description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=RISK_DESCRIPTION_MAX,
                                       label="Risk, in a sentence or two",
                                       help_text="Facts, not opinion. It is labelled with your name as its author.")
    precautions = forms.ModelMultipleChoiceField(queryset=Precaution.objects.filter(active=True), widget=forms.CheckboxSelectMultiple)
    advice = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Advice for the person checking")

    def __init__(self, *args, council, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, council=council, **kwargs)
        # The defaults every council gets, and this council's own: never another council's managed list.
        self.fields["precautions"].queryset = Precaution.objects.filter(Q(council__isnull=True) | Q(council=council), active=True)  # type: ignore[attr-defined]


class RestrictionForm(MeasureCommonForm):
    restriction_types = forms.ModelMultipleChoiceField(queryset=RestrictionType.objects.filter(active=True),
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

    def __init__(self, *args, council, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, council=council, **kwargs)
        self.fields["restriction_types"].queryset = RestrictionType.objects.filter(  # type: ignore[attr-defined]
            Q(council__isnull=True) | Q(council=council), active=True)
        staff = User.objects.filter(organisation=council, is_active=True)
        self.fields["single_point_of_contact"].queryset = staff  # type: ignore[attr-defined]
        self.fields["deputy_contact"].queryset = staff  # type: ignore[attr-defined]


class ApproveForm(GovukForm):
    review_due = forms.DateField(required=False, input_formats=DATE_FORMATS, label="Review by (optional)",
                                 help_text="Leave blank for the council's interval. At most 12 months.")
    identity_override_reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                               label="If identity was not confirmed: why approve anyway?")


class RefuseForm(GovukForm):
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
