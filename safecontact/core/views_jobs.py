from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.core.models import DailyRun
from safecontact.core.pagination import paginate


@requires(Action.JOB_RUN_VIEW)
def daily_run_list(request: HttpRequest) -> HttpResponse:
    # Runs span every council and hold counts only, never personal data, so no council filter is needed.
    return render(request, "core/daily_run_list.html", {"page": paginate(request, DailyRun.objects.all())})
