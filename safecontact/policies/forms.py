from django import forms

from safecontact.core.forms import GovukForm
from safecontact.core.forms_dates import GovDateField
from safecontact.policies.services import TEXT_MAX


class PolicyDraftForm(GovukForm):
    title = forms.CharField(max_length=200, label="Title", initial="Unacceptable Customer Behaviour Policy",
                            error_messages={"required": "Enter the title of the policy"})
    version = forms.CharField(max_length=20, label="Version number", help_text="For example, 3.1",
                              error_messages={"required": "Enter the version number, for example 3.1"})
    change_summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000,
                                     label="What changed (optional)")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 20}), max_length=TEXT_MAX, label="Policy text",
                           help_text="Markdown: # for headings, - for lists, a blank line between paragraphs",
                           error_messages={"required": "Enter the text of the policy"})


class PolicyApproveForm(GovukForm):
    authority = forms.CharField(max_length=300, label="Approved under what authority",
                                help_text="For example, 'Delegated to the Customer Services Manager by Cabinet, 22 December 2020'",
                                error_messages={"required": "Say under what authority the policy is approved"})
    effective_from = GovDateField(label="In force from", noun="the date it comes into force", help_text="For example, 1 4 2027")
    next_review_due = GovDateField(required=False, label="Next review due (optional)", noun="the next review date",
                                   help_text="Leave blank for a year after it comes into force. No later than that.")
