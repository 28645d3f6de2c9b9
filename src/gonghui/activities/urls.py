from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    path("activities/", views.mine, name="mine"),
    path("activities/<int:pk>/", views.detail, name="detail"),
    path("activities/<int:pk>/signup/", views.signup, name="signup"),
    path("activities/<int:pk>/edit/", views.edit, name="edit"),
    path("activities/<int:pk>/manage/", views.manage, name="manage"),
    path("activities/<int:pk>/publish/", views.publish, name="publish"),
    path("activities/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("activities/<int:pk>/draw/", views.draw, name="draw"),
    path("activities/<int:pk>/register/", views.register, name="register"),
    path(
        "activities/registrations/<int:pk>/cancel/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "activities/registrations/<int:pk>/confirm/",
        views.registration_confirm,
        name="registration_confirm",
    ),
    path("unions/<slug:code>/activities/", views.activity_list, name="list"),
    path("unions/<slug:code>/activities/new/", views.create, name="create"),
    path("unions/<slug:code>/activities/settings/", views.settings_page, name="settings"),
]
