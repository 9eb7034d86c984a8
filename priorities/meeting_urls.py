from django.urls import path

from priorities import views

# The feed, /moter.ics, is outside the language prefixes: see slt_portal/urls.py.
app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
]
