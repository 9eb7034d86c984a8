from django.urls import path

from levels import views

urlpatterns = [
    path("", views.contact, name="contact"),
]
