from django.urls import path

from priorities import views

app_name = "plan"
urlpatterns = [
    path("", views.plan_detail, name="current"),
    path("<slug:slug>/", views.plan_detail, name="detail"),
]
