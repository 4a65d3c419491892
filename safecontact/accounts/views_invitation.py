"""The invitation link: the invited person sets their name and password, then signs in (and sets up MFA there if
their role needs it). Public: the token in the link is the proof; the page says plainly when a link no longer works."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from safecontact.access.decorators import public
from safecontact.accounts import invitations, selectors
from safecontact.accounts.forms import InvitationAcceptForm
from safecontact.core.exceptions import ApplicationError
from safecontact.core.forms import add_application_error


@public
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    if request.user.is_authenticated:
        return render(request, "accounts/invitation_problem.html", {
            "problem": f"You are signed in as {request.user}. Sign out, then open the link in the email again."})
    invitation = selectors.invitation_for_token(token=token)
    problem = invitations.invitation_problem(invitation)
    if problem:
        if invitation is not None and request.method == "GET":
            invitations.invitation_link_refused(invitation=invitation)
        return render(request, "accounts/invitation_problem.html", {"problem": problem}, status=404 if invitation is None else 410)
    assert invitation is not None
    form = InvitationAcceptForm(request.POST or None, user=invitation.user, initial={"full_name": invitation.user.full_name})
    if request.method == "POST" and form.is_valid():
        try:
            invitations.invitation_accept(token=token, full_name=form.cleaned_data["full_name"], password=form.cleaned_data["password1"])
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, "Your password is set. Sign in with your email address and your new password.")
            return redirect("account_login")
    return render(request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation})
