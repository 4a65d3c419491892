from django import forms
from django.utils.html import escape

from safecontact.core.forms import GovukForm
from safecontact.core.forms_dates import GovDateField
from safecontact.letters.models import Letter
from safecontact.letters.services.letters import PARAGRAPH_MAX
from safecontact.letters.services.wording import BODY_MAX


class ParagraphsForm(GovukForm):
    introduction = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=PARAGRAPH_MAX,
                                   label="Opening paragraph (optional)")
    behaviour = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=PARAGRAPH_MAX,
                                label="The behaviour we relied on",
                                help_text="Dates and kinds of behaviour. Never name the staff affected or witnesses.")
    additional = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=PARAGRAPH_MAX,
                                 label="Closing paragraph (optional)")


class IssueForm(GovukForm):
    channel = forms.ChoiceField(choices=Letter.Channel.choices, widget=forms.RadioSelect, label="How to send it")
    recipient_email = forms.EmailField(required=False, label="Customer's email address (for email)")
    address_confirmed = forms.BooleanField(required=False, label="I have checked that this correspondence address is current")


class NotifyDecisionForm(GovukForm):
    notify = forms.TypedChoiceField(coerce=lambda v: v == "yes", choices=[("yes", "Tell the customer"), ("no", "Do not tell the customer yet")],
                                    widget=forms.RadioSelect, label="Should the customer be told about this entry?")
    reasons = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=3000,
                              label="If not: why telling them would create a risk to staff or others")
    reconsider_on = GovDateField(required=False, label="If not: date to reconsider", noun="the date to reconsider",
                                 help_text="For example, 27 3 2026. Within three months.")


class TemplateForm(GovukForm):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 18}), max_length=BODY_MAX, label="Wording",
                           help_text=escape("Plain English. Use merge fields such as {{ customer_name }}; the listed fields are available. "
                                      "For layout use only headings (<h1>, <h2>, <h3>), paragraphs (<p>), lists (<ul>, <ol>, <li>), "
                                      "<strong>, <em> and <br>: links, images, styles and forms are not allowed in letters."))  # help text is shown as HTML
    note = forms.CharField(required=False, max_length=300, label="What changed and why")


class LetterSettingsForm(GovukForm):
    is_landlord = forms.BooleanField(required=False, label="The council is a social landlord (signpost the Housing Ombudsman too)")
    policy_url = forms.URLField(required=False, label="Web address of the current policy")
