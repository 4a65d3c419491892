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


# --- Setting up a council: councils, staff, teams, invitations ---
class CouncilCreateForm(GovukForm):
    name = forms.CharField(label="Council's name", max_length=200, help_text="For example, North Demo Council")
    slug = forms.CharField(label="Short name", max_length=80, required=False,
                           help_text="Lowercase letters, numbers and hyphens, for example north-demo. Leave blank to make one from the name.")
    admin_name = forms.CharField(label="First register manager's full name", max_length=200)
    admin_email = forms.EmailField(label="First register manager's work email address", max_length=254,
                                   help_text="They are sent a link to set their password and two-factor authentication.")


class InvitationForm(GovukForm):
    full_name = forms.CharField(label="Full name", max_length=200)
    email = forms.EmailField(label="Work email address", max_length=254, help_text="The invitation link is sent here.")
    job_title = forms.CharField(label="Job title (optional)", max_length=200, required=False)
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False, label="Team or service area (optional)",
                                  empty_label="No team")
    line_manager = forms.ModelChoiceField(queryset=User.objects.none(), required=False, label="Line manager (optional)",
                                          empty_label="No line manager")
    give_staff_role = forms.BooleanField(
        required=False, label="Give them the staff member role when they accept",
        help_text="They can then check before contact and report incidents. Other roles are asked for once they have joined.",
    )
    business_need = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000, label="Business need (if giving the role)",
        help_text="Why does this person need it? For example: visits tenants at home alone.",
    )

    def __init__(self, *args, teams, managers, can_give_role: bool, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["line_manager"].queryset = managers  # type: ignore[attr-defined]
        if not can_give_role:
            del self.fields["give_staff_role"], self.fields["business_need"]


class UserEditForm(GovukForm):
    job_title = forms.CharField(label="Job title", max_length=200, required=False)
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False, label="Team or service area", empty_label="No team")
    line_manager = forms.ModelChoiceField(queryset=User.objects.none(), required=False, label="Line manager",
                                          empty_label="No line manager")

    def __init__(self, *args, teams, managers, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["line_manager"].queryset = managers  # type: ignore[attr-defined]


class TeamForm(GovukForm):
    name = forms.CharField(label="Name of the team or service area", max_length=120)


class StaffImportForm(GovukForm):
    MAX_BYTES = 1024 * 1024

    file = forms.FileField(label="Staff list (.csv)", help_text="The first row names the columns. Nothing changes yet: you see "
                           "what would happen first.")
    give_staff_role = forms.BooleanField(
        required=False, label="Give everyone in the file the staff member role when they accept",
        help_text="They can then check before contact and report incidents.",
    )
    business_need = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000,
                                    label="Business need (if giving the role)",
                                    help_text="For example: front-line housing staff who visit tenants.")

    def __init__(self, *args, can_give_role: bool, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if not can_give_role:
            del self.fields["give_staff_role"], self.fields["business_need"]

    def clean_file(self):  # type: ignore[no-untyped-def]
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV file")
        if file.size > self.MAX_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 1MB")
        return file


class InvitationAcceptForm(GovukForm):
    full_name = forms.CharField(label="Your full name", max_length=200)
    password1 = forms.CharField(label="Create a password", strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text="At least 12 characters. Avoid a common password or one like your name or email.")
    password2 = forms.CharField(label="Confirm the password", strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, user: User, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):  # type: ignore[no-untyped-def]
        from django.contrib.auth.password_validation import validate_password

        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The passwords do not match")
        elif first:
            self.user.full_name = data.get("full_name") or self.user.full_name
            try:
                validate_password(first, self.user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data
