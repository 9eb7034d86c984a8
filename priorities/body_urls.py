from django.urls import path

from priorities import views

# The body pages live under /organisering/ with the levels, but show the priority
# areas each body set, so their view belongs here, above levels.
app_name = "bodies"
urlpatterns = [
    path("<slug:slug>/", views.body_detail, name="detail"),
]
