from django import forms

from safecontact.core.forms import GovukForm
from safecontact.core.forms_dates import GovDateField
from safecontact.register.forms_terms import TermsForm
from safecontact.reviews.models import REMINDER_DAYS_MAX, Review
from safecontact.reviews.services import TEXT_MAX


class ReviewForm(TermsForm):
    """Field shape only: the rules (reasons required, dates within the maximum…) are in review_complete. Filled with
    the entry's current terms, which a "vary" outcome changes (`TermsForm`)."""

    terms_after = "changed_terms"

    representations = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=TEXT_MAX,
                                      label="What the customer (or their representative) said",
                                      help_text="Leave blank if they made no representations")
    partner_input = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=TEXT_MAX,
                                    label="Police or partner input", help_text="Especially where the entry came from the police or a partner")
    outcome = forms.ChoiceField(choices=Review.Outcome.choices, widget=forms.RadioSelect, label="Outcome of the review",
                                help_text="An entry is lifted unless there are good grounds to continue it")
    reasons = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=TEXT_MAX, label="Reasons",
                              help_text="Facts and the evidence above, not opinion. The customer reads these.")
    changed_terms = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000,
                                    label="If varying: why the terms change",
                                    help_text="Change the terms below. What changed is added to the record for you.")
    next_review_due = GovDateField(required=False, label="If continuing or varying: next review date", noun="the next review date",
                                   help_text="For example, 27 3 2027. Leave blank for the council's usual interval. At most 12 months away.")
    notify = forms.TypedChoiceField(coerce=lambda v: v == "yes", choices=[("yes", "Tell the customer the outcome"),
                                                                          ("no", "Do not tell the customer yet")],
                                    widget=forms.RadioSelect, label="Should the customer be told?",
                                    help_text="Asked again at every review. Not telling needs a decision-maker or register manager.")
    notify_reasons = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=3000,
                                     label="If not: why telling them would create a risk to staff or others")
    notify_reconsider_on = GovDateField(required=False, label="If not: date to reconsider", noun="the date to reconsider",
                                        help_text="For example, 27 3 2026. Within three months.")


class ReviewSettingsForm(GovukForm):
    required_messages = {
        "reminder_days": "Enter how many days before the review date the owner is reminded",
        "bring_forward_months": "Enter how many months a new incident brings the review forward to",
        "long_lived_months": "Enter after how many months a live entry is flagged for senior scrutiny",
    }
    reminder_days = forms.CharField(max_length=40, label="Remind the owner this many days before the review date",
                                    help_text=f"Separate with commas, for example 30,7 (each 1 to {REMINDER_DAYS_MAX})")
    grace_days = forms.IntegerField(min_value=0, max_value=60, label="Grace period in days",
                                    help_text="After the review date plus this, the review is overdue and the register manager is told")
    bring_forward_months = forms.IntegerField(min_value=1, max_value=6, label="A new incident brings the review forward to within (months)")
    long_lived_months = forms.IntegerField(min_value=6, max_value=120, label="Flag entries live longer than (months) for senior scrutiny")
