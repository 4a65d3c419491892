from django.urls import path

from safecontact.governance import views, views_annual, views_dashboard, views_report

app_name = "governance"
urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<uuid:id>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<uuid:id>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<uuid:id>/agenda/", views.meeting_agenda_build, name="meeting_agenda_build"),
    path("meetings/<uuid:id>/pack.pdf", views.meeting_pack_pdf, name="meeting_pack_pdf"),
    path("meetings/<uuid:id>/minutes.pdf", views.meeting_minutes_pdf, name="meeting_minutes_pdf"),
    path("items/<uuid:id>/", views.item_detail, name="item_detail"),
    path("items/<uuid:id>/decide/", views.item_decide, name="item_decide"),
    path("items/<uuid:id>/confirm-removal/", views.item_remove_confirm, name="item_remove_confirm"),
    path("checklist/<uuid:id>/", views.checklist_update, name="checklist_update"),
    path("clearance/", views.clearance_list, name="clearance_list"),
    path("report/", views_report.report, name="report"),
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("dashboard/figures-foi.csv", views_dashboard.dashboard_foi_csv, name="dashboard_foi_csv"),
    path("dashboard/figures-foi.pdf", views_dashboard.dashboard_foi_pdf, name="dashboard_foi_pdf"),
    path("annual-report/", views_annual.annual_report, name="annual_report"),
    path("annual-report/figures.pdf", views_annual.annual_report_pdf, name="annual_report_pdf"),
]
