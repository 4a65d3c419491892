from django.urls import path

from safecontact.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.staff_email_list, name="staff_email_list"),
    path("<uuid:id>/retry/", views.staff_email_retry, name="staff_email_retry"),
    path("retry-failed/", views.staff_emails_retry_failed, name="staff_emails_retry_failed"),
]
