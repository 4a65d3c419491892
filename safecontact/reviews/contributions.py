"""What reviews add to the shell: reviews due, the daily reminders and escalations, demo reviews."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from safecontact.access.policy import Action
from safecontact.core.contributions import DailyStep, DemoData, DemoStep, HomeTask, NavEntry

NAVIGATION = [
    NavEntry("reviews", "Your reviews", "reviews:my_reviews", Action.REVIEW_LIST_OWN, 10),
    NavEntry("reviews", "Reviews due", "reviews:reviews_due", Action.REVIEW_LIST_ALL, 20),
]


def review_tasks(user: Any, council: Any) -> Iterable[HomeTask]:
    from safecontact.reviews.selectors import reviews_home_tasks

    for title, count, url_name, query in reviews_home_tasks(actor=user, council=council):
        yield HomeTask(title, count, reverse(url_name) + query)


def seed(demo: DemoData) -> None:
    from safecontact.reviews.demo import seed_reviews

    seed_reviews(council=demo.council)


HOME_TASKS = [review_tasks]
DEMO_STEPS = [DemoStep("reviews", seed, 50)]
DAILY_STEPS = [DailyStep("reviews", "safecontact.reviews.services.reviews_daily", 10)]
