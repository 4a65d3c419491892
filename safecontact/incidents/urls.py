from django.urls import path

from safecontact.incidents import views, views_report, views_triage

app_name = "incidents"
urlpatterns = [
    path("all/", views.incident_list, name="incident_list"),
    path("report/", views_report.report_start, name="report_start"),
    path("mine/", views_report.my_reports, name="my_reports"),
    path("drafts/<uuid:id>/check-your-answers/", views_report.report_check, name="report_check"),
    path("drafts/<uuid:id>/files/<uuid:attachment_id>/remove/", views_report.attachment_remove, name="attachment_remove"),
    path("drafts/<uuid:id>/<slug:section>/", views_report.report_section, name="report_section"),
    path("triage/", views_triage.triage_queue, name="triage_queue"),
    path("files/<uuid:id>/", views.attachment_download, name="attachment_download"),
    path("<uuid:id>/", views.incident_detail, name="incident_detail"),
    path("<uuid:id>/submitted/", views_report.report_confirmation, name="report_confirmation"),
    path("<uuid:id>/triage/", views_triage.triage, name="triage"),
    path("<uuid:id>/person/", views.incident_link_person, name="link_person"),
]
