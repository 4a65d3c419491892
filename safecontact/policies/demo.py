"""Demo policy: version 1.0 in force, approved under delegated authority, with its annual review
coming up. Idempotent."""

from datetime import date, timedelta

from safecontact.accounts.models import Organisation, User
from safecontact.core.workdays import add_months
from safecontact.policies import services
from safecontact.policies.models import PolicyVersion

DEMO_POLICY = """# Unacceptable Customer Behaviour Policy

## 1. Why we have this policy

Most people who contact the council are courteous, even when they are unhappy with us. A small number
behave in ways that put our staff, councillors and contractors at risk, or take up so much time that
other residents are not served. This policy says what we will do about that, fairly and in proportion.

## 2. What we mean by unacceptable behaviour

- violence, threats of violence, and abusive or offensive language
- harassment, including repeated contact meant to intimidate
- unreasonable demands, or persistent contact about a matter we have closed

## 3. What we will do

1. Speak to you first, and consider whether a reasonable adjustment would help.
2. Give you a written warning that explains the behaviour and what needs to change.
3. Only then, and only if needed, restrict how you contact us. You will always have a way to reach
   the services you need.

Where staff need to take precautions before meeting you, we may record a safety marker on our
Personal Safety Register. We review every entry at least every six months.

## 4. Your rights

We will write to you with our reasons, how long the decision lasts, when it will be reviewed and how
to appeal. An officer who had no part in the decision hears appeals. You can also contact the Local
Government and Social Care Ombudsman.
"""


def seed_policy(*, council: Organisation, manager: User) -> None:
    if PolicyVersion.objects.filter(council=council).exists():
        return
    effective = add_months(date.today(), -10)
    draft = services.policy_draft_save(actor=manager, council=council, version="1.0", title="Unacceptable Customer Behaviour Policy",
                                       text=DEMO_POLICY, change_summary="First version recorded in Safe Contact.")
    services.policy_approve(actor=manager, policy=draft, effective_from=effective, next_review_due=effective + timedelta(days=365),
                            authority="Delegated to the Customer Services Manager by Cabinet, 22 December 2020")


__all__ = ["seed_policy"]
