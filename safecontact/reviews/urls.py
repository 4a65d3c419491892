from django.urls import path

from safecontact.reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.my_reviews, name="my_reviews"),
    path("due/", views.reviews_due, name="reviews_due"),
    path("settings/", views.review_settings, name="review_settings"),
    path("entry/<uuid:measure_id>/", views.measure_reviews, name="measure_reviews"),
    path("entry/<uuid:measure_id>/review/", views.review_record, name="review_record"),
    path("<uuid:id>/", views.review_detail, name="review_detail"),
]
