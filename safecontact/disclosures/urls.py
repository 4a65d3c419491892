from django.urls import path

from safecontact.disclosures import views

app_name = "disclosures"
urlpatterns = [
    path("", views.disclosure_log, name="log"),
    path("download.csv", views.disclosure_export, name="export"),
    path("agreements/<uuid:id>/", views.agreement_detail, name="agreement_detail"),
    path("entries/<uuid:id>/who-could-see/", views.entry_audience, name="entry_audience"),
]
