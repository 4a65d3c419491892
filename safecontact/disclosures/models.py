"""The disclosure log (domain R92): every time something about a register entry reached someone outside the council
(a partner body or contractor), what it was, who received it, under which agreement and on what legal basis.

Rows are written only by `disclosures.services`, in the transaction of the disclosure itself (the check that answered,
the approval that shared the entry). They outlive the entry and the check they describe: when retention disposes of
those, the links are emptied and the row keeps the entry's reference and the recipient, so the council can still say
what it disclosed to whom (the ICO's accountability principle), without the person's details."""

from django.db import models

from safecontact.accounts.models import DataSharingAgreement, Organisation, User
from safecontact.checks.models import ApiClient, Check
from safecontact.core.models import BaseModel
from safecontact.people.models import Person
from safecontact.register.models import Measure


class DataItem(models.TextChoices):
    """What of an entry a recipient was shown: the words the log and its download use."""

    EXISTENCE = "existence", "That a live entry exists"
    RISK_LEVEL = "risk_level", "Risk level"
    PRECAUTIONS = "precautions", "Precautions"
    RESTRICTION_TYPE = "restriction_type", "Restriction type"
    NAMED_CONTACT = "named_contact", "Named contact (single point of contact)"
    CONTACT_LIMITS = "contact_limits", "Contact limits (channels, phone times, places excluded)"
    ADVICE = "advice", "Advice for the person checking"
    REVIEW_DATE = "review_date", "Review date"
    OFFICER = "officer", "Officer to contact"


class Disclosure(BaseModel):
    class Route(models.TextChoices):
        CHECK_ANSWER = "check_answer", "Answer to a check"
        SHARED_ENTRY = "shared_entry", "Entry shared with the organisation"
        EXPORT = "export", "Export"

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="disclosures_made")
    disclosed_at = models.DateTimeField()
    route = models.CharField(max_length=20, choices=Route.choices)
    # To whom: always the organisation; the person (or the organisation's system) where one asked.
    recipient_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="disclosures_received")
    recipient_user = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="disclosures_received")
    recipient_api_client = models.ForeignKey(ApiClient, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The recipient as they were named at the time (a system's name and the person it asked for).
    recipient_name = models.CharField(max_length=300)
    agreement = models.ForeignKey(DataSharingAgreement, null=True, blank=True, on_delete=models.PROTECT, related_name="disclosures")
    legal_basis = models.TextField()
    data_items = models.JSONField(default=list)
    # What about: the entry (and its person), kept as a reference once retention has disposed of the entry.
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.SET_NULL, related_name="disclosures")
    entry_reference = models.CharField(max_length=20)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    check_made = models.ForeignKey(Check, null=True, blank=True, on_delete=models.SET_NULL, related_name="disclosures")
    # Who made the entry available (the approver who shared it); empty for a check, which the service answers itself.
    authorised_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-disclosed_at"]
        indexes = [
            models.Index(fields=["council", "disclosed_at"], name="disclosure_council_when"),
            models.Index(fields=["agreement", "disclosed_at"], name="disclosure_agreement_when"),
        ]

    def __str__(self) -> str:
        return f"{self.entry_reference} to {self.recipient_name}"

    @property
    def data_item_labels(self) -> list[str]:
        labels = dict(DataItem.choices)
        return [str(labels.get(code, code)) for code in self.data_items]
