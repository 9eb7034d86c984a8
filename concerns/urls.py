from django.urls import path

from concerns import views

app_name = "concerns"
urlpatterns = [
    path("", views.guide_list, name="guides"),
    path("<slug:slug>/", views.guide_detail, name="guide"),
]
