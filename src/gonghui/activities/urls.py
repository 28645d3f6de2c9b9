from django.urls import path

from . import views
from . import views_checkin as checkin

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
    # check-in, 人次 and the exports (views_checkin)
    path("activities/<int:pk>/scan/<slug:token>/", checkin.scan, name="checkin_scan"),
    path("activities/<int:pk>/qr/", checkin.poster, name="checkin_qr"),
    path("activities/<int:pk>/checkin/", checkin.roll, name="checkin_list"),
    path("activities/registrations/<int:pk>/checkin/", checkin.mark, name="checkin_mark"),
    path("activities/<int:pk>/signups.xlsx", checkin.export_signups, name="export_signups"),
    path("activities/<int:pk>/signin.docx", checkin.export_signin, name="export_signin"),
    path(
        "unions/<slug:code>/activities/participation/",
        checkin.participation,
        name="participation",
    ),
    path(
        "unions/<slug:code>/activities/checkin-settings/",
        checkin.settings_page,
        name="checkin_settings",
    ),
]
