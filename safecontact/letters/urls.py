from django.urls import path

from safecontact.letters import views, views_warnings, views_wording

app_name = "letters"
urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<uuid:id>/", views.letter_detail, name="letter_detail"),
    path("<uuid:id>/pdf/", views.letter_pdf, name="letter_pdf"),
    path("<uuid:id>/edit/", views.letter_edit, name="letter_edit"),
    path("<uuid:id>/issue/", views.letter_issue, name="letter_issue"),
    path("<uuid:id>/retry/", views.letter_requeue, name="letter_requeue"),
    path("for-entry/<uuid:measure_id>/", views.letter_prepare, name="letter_prepare"),
    path("for-formal-warning/<uuid:decision_id>/", views_warnings.formal_warning_letter_prepare, name="formal_warning_letter_prepare"),
    path("for-informal-warning/<uuid:incident_id>/", views_warnings.informal_warning_letter_prepare,
         name="informal_warning_letter_prepare"),
    path("notify-decision/<uuid:measure_id>/", views.notify_decision, name="notify_decision"),
    path("not-told/", views.not_told, name="not_told"),
    path("wording/", views_wording.template_list, name="template_list"),
    path("wording/<slug:event>/", views_wording.template_edit, name="template_edit"),
    path("wording/version/<uuid:id>/", views_wording.template_preview, name="template_preview"),
    path("wording/version/<uuid:id>/use/", views_wording.template_activate, name="template_activate"),
]
