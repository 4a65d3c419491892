from django import forms

from safecontact.access.policy import Role
from safecontact.accounts.models import CouncilSettings, Organisation, Team, User
from safecontact.core.forms import GovukForm, GovukModelForm


class RoleRequestForm(GovukForm):
    user = forms.ModelChoiceField(queryset=User.objects.none(), label="Member of staff", empty_label="Choose a person")
    role = forms.ChoiceField(choices=[("", "Choose a role"), *Role.choices], label="Role")
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False, label="Team or service area (optional)")
    business_need = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Business need",
        help_text="Why does this person need the role? For example: visits tenants at home alone.",
        max_length=2000,
    )

    def __init__(self, *args, users, teams, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]


class DecisionForm(GovukForm):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Note", help_text="Required when refusing.",
        max_length=2000,
    )


class RevokeForm(GovukForm):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Why is this role being revoked?", max_length=2000)


class CouncilSettingsForm(GovukModelForm):
    class Meta:
        model = CouncilSettings
        fields = [
            "register_name",
            "review_interval_months",
            "triage_target_working_days",
            "appeal_window_working_days",
            "appeal_decision_working_days",
            "ended_measure_retention_months",
            "letter_address",
            "letter_signatory",
            "privacy_notice_url",
            "customer_relations_contact",
        ]
        labels = {
            "review_interval_months": "Review every (months, 1 to 12)",
            "triage_target_working_days": "Triage target (working days)",
            "appeal_window_working_days": "Time to appeal (working days)",
            "appeal_decision_working_days": "Time to decide an appeal (working days)",
            "ended_measure_retention_months": "Keep ended entries for (months)",
        }
        widgets = {"letter_address": forms.Textarea(attrs={"rows": 4})}


class SharingAgreementForm(GovukForm):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label="Partner body or contractor")
    purpose = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    what_may_be_shared = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="What may be shared", max_length=2000)
    starts_on = forms.DateField(label="Starts on", help_text="For example, 1/4/2026", input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    ends_on = forms.DateField(label="Ends on", help_text="For example, 31/3/2027", input_formats=["%d/%m/%Y", "%Y-%m-%d"])

    def __init__(self, *args, organisations, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
