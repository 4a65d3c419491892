from django.urls import path

from safecontact.accounts import (
    views,
    views_council,
    views_invitation,
    views_lockouts,
    views_people,
    views_recertification,
)

app_name = "accounts"
urlpatterns = [
    path("roles/", views.role_assignment_list, name="role_assignment_list"),
    path("roles/request/", views.role_assignment_request, name="role_assignment_request"),
    path("roles/<uuid:id>/", views.role_assignment_detail, name="role_assignment_detail"),
    path("roles/<uuid:id>/decide/", views.role_assignment_decide, name="role_assignment_decide"),
    path("roles/<uuid:id>/renew/", views.role_assignment_renew, name="role_assignment_renew"),
    path("roles/<uuid:id>/revoke/", views.role_assignment_revoke, name="role_assignment_revoke"),
    path("users/<uuid:id>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("new-starters/", views.new_starter_list, name="new_starter_list"),
    path("new-starters/<uuid:id>/no-access/", views.new_starter_no_access, name="new_starter_no_access"),
    path("lockouts/", views_lockouts.lockout_list, name="lockout_list"),
    path("lockouts/<int:id>/unlock/", views_lockouts.lockout_release, name="lockout_release"),
    path("settings/", views_council.council_settings, name="council_settings"),
    path("settings/edit/", views_council.council_settings_edit, name="council_settings_edit"),
    path("sharing-agreements/", views_council.sharing_agreement_list, name="sharing_agreement_list"),
    path("sharing-agreements/new/", views_council.sharing_agreement_create, name="sharing_agreement_create"),
    # --- Setting up a council: councils, staff, teams, invitations ---
    path("councils/", views_council.council_list, name="council_list"),
    path("councils/new/", views_council.council_create, name="council_create"),
    path("staff/", views_people.user_list, name="user_list"),
    path("staff/invite/", views_people.user_invite, name="user_invite"),
    path("staff/import/", views_people.staff_import_upload, name="staff_import_upload"),
    path("staff/import/confirm/", views_people.staff_import_confirm, name="staff_import_confirm"),
    path("staff/<uuid:id>/edit/", views_people.user_edit, name="user_edit"),
    path("invitations/<uuid:id>/resend/", views_people.invitation_resend, name="invitation_resend"),
    path("invitations/<uuid:id>/cancel/", views_people.invitation_cancel, name="invitation_cancel"),
    path("teams/", views_people.team_list, name="team_list"),
    path("teams/<uuid:id>/rename/", views_people.team_rename, name="team_rename"),
    path("join/<str:token>/", views_invitation.invitation_accept, name="invitation_accept"),
    # --- The quarterly access check (R28 in issue 17) ---
    path("access-check/", views_recertification.recertification_progress, name="recertification_progress"),
    path("access-check/start/", views_recertification.recertification_start, name="recertification_start"),
    path("access-check/<uuid:id>/", views_recertification.recertification_task, name="recertification_task"),
    path("access-check/roles/<uuid:id>/confirm/", views_recertification.recertification_confirm, name="recertification_confirm"),
    path("access-check/roles/<uuid:id>/remove/", views_recertification.recertification_remove, name="recertification_remove"),
]
