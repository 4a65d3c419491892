from django import forms

from safecontact.access.policy import Role
from safecontact.accounts.models import CouncilSettings, Organisation, Team, User
from safecontact.core.forms import GovukForm, GovukModelForm
from safecontact.core.forms_dates import GovDateField


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
    required_messages = {
        "reason": "Enter why the role is being revoked",
    }
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Why is this role being revoked?", max_length=2000)


class RecertificationRemoveForm(GovukForm):
    required_messages = {"reason": "Enter why the role is no longer needed"}
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Why is this role no longer needed?",
                             max_length=2000)


class CouncilSettingsForm(GovukModelForm):
    required_messages = {
        "review_interval_months": "Enter how often entries are reviewed, in months, from 1 to 12",
        "ended_measure_retention_months": "Enter how many months ended entries are kept",
        "possible_match_same_day_hours": "Enter how many hours Customer Relations has to answer a possible match for a contact today",
    }
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
            "customer_relations_phone",
            "customer_relations_hours",
            "possible_match_same_day_hours",
        ]
        labels = {
            "customer_relations_contact": "Customer Relations contact's name",
            "customer_relations_phone": "Customer Relations phone number",
            "customer_relations_hours": "Customer Relations opening hours",
            "possible_match_same_day_hours": "Answer a possible match for a contact today within (hours, 1 to 24)",
            "review_interval_months": "Review every (months, 1 to 12)",
            "triage_target_working_days": "Triage target (working days)",
            "appeal_window_working_days": "Time to appeal (working days)",
            "appeal_decision_working_days": "Time to decide an appeal (working days)",
            "ended_measure_retention_months": "Keep ended entries for (months)",
            "privacy_notice_url": "Privacy notice web address (optional)",
        }
        widgets = {"letter_address": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "customer_relations_contact": "Shown to a checker whose check finds a possible match. For example, Rachel Green",
            "customer_relations_phone": "For example, 01632 960 123",
            "customer_relations_hours": "For example, Monday to Friday, 9am to 5pm",
            "privacy_notice_url": "Linked from the public appeal page and from letters. If you leave it empty, the appeal "
                                  "page links to a short page of ours on how an appeal is used",
        }
        # A checker told "possible match" must be able to ask someone before contact (issue 14): never left empty.
        error_messages = {
            "customer_relations_contact": {"required": "Enter the name of the person or team a checker should call"},
            "customer_relations_phone": {"required": "Enter the Customer Relations phone number"},
            "customer_relations_hours": {"required": "Enter the hours Customer Relations answers the phone"},
        }

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for name in ("customer_relations_contact", "customer_relations_phone", "customer_relations_hours"):
            self.fields[name].required = True
        # Added after the form was in use (issue 15): left blank, the current value stays.
        self.fields["possible_match_same_day_hours"].required = False

    def clean_possible_match_same_day_hours(self) -> int:
        value = self.cleaned_data.get("possible_match_same_day_hours")
        return value if value is not None else self.instance.possible_match_same_day_hours


class SharingAgreementForm(GovukForm):
    required_messages = {
        "purpose": "Enter the purpose of the sharing",
    }
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label="Partner body or contractor")
    purpose = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    what_may_be_shared = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="What may be shared", max_length=2000)
    starts_on = GovDateField(label="Starts on", noun="the date the agreement starts", help_text="For example, 1 4 2026")
    ends_on = GovDateField(label="Ends on", noun="the date the agreement ends", help_text="For example, 31 3 2027")

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
    required_messages = {
        "password1": "Create a password",
        "password2": "Enter the password again",
    }
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
