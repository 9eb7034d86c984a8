from django.urls import path

from priorities import views

app_name = "priorities"
urlpatterns = [
    path("", views.area_list, name="list"),
    path("<slug:slug>/", views.area_detail, name="detail"),
]
