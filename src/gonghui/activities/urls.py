from django.urls import path

from . import views
from . import views_checkin as checkin
from . import views_tournament as tournament

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
    # 比赛 (views_tournament)
    path("activities/<int:pk>/tournaments/new/", tournament.create, name="tournament_create"),
    path("activities/tournaments/<int:pk>/", tournament.page, name="tournament"),
    path("activities/tournaments/<int:pk>/edit/", tournament.edit, name="tournament_edit"),
    path(
        "activities/tournaments/<int:pk>/entries/",
        tournament.entry_add,
        name="tournament_entry_add",
    ),
    path(
        "activities/tournaments/<int:pk>/entries/signups/",
        tournament.entries_from_signups,
        name="tournament_entries_signups",
    ),
    path(
        "activities/tournament-entries/<int:pk>/remove/",
        tournament.entry_remove,
        name="tournament_entry_remove",
    ),
    path("activities/tournaments/<int:pk>/draw/", tournament.draw, name="tournament_draw"),
    path(
        "activities/tournaments/<int:pk>/schedule/",
        tournament.schedule,
        name="tournament_schedule",
    ),
    path("activities/tournaments/<int:pk>/prize/", tournament.prize, name="tournament_prize"),
    path("activities/tournaments/<int:pk>/sheet.docx", tournament.sheet, name="tournament_sheet"),
    path(
        "activities/tournament-matches/<int:pk>/",
        tournament.match,
        name="tournament_match",
    ),
]
