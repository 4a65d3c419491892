from __future__ import annotations

from django import forms

from safecontact.cases.models import Decision
from safecontact.core.forms import GovukForm
from safecontact.people.forms import text, yes_no

SOCIAL_CARE = [("yes", "Yes, known to social care"), ("no", "No, not known to social care"), ("n_a", "Not applicable")]


class DecisionForm(GovukForm):
    outcome = forms.ChoiceField(label="Decision", choices=Decision.Outcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Select the decision"})
    reasons = text("Reasons", required=True, rows=5, help_text="The facts relied on, with the incidents and their dates")
    policy_clause = text("Policy clause relied on", required=True, max_length=200, help_text="For example, section 5.2 (threats to staff)")
    policy_version = text("Policy version (optional)", max_length=40,
                          help_text="Leave blank to cite the version in force today")
    proportionality = text("Why lesser steps are not enough", required=True, rows=4)
    warning_given_first = yes_no("Was a warning given first?")
    serious_threat_route = yes_no("Is this the serious-threat route?",
                                  help_text="Serious threats or violence may skip warnings; say why below")
    serious_threat_reason = text("Why the serious-threat route applies", rows=3,
                                 help_text="Required if this is the serious-threat route")
    equality_screen = text("Equality screen", required=True, rows=4,
                           help_text="Disability, communication needs and reasonable adjustments considered, and the outcome")
    known_to_social_care = forms.ChoiceField(label="Is the person known to social care services?", choices=SOCIAL_CARE,
                                             widget=forms.RadioSelect,
                                             error_messages={"required": "Say whether the person is known to social care services"})
    access_to_services = text("How the customer keeps access to services", required=True, rows=3,
                              help_text="For example, a named officer, written contact, an advocate")
    warning_examples = text("Formal warning: dated examples of the behaviour", rows=4, help_text="Required for a formal warning")
    warning_expected_change = text("Formal warning: the change expected", rows=3, help_text="Required for a formal warning")
