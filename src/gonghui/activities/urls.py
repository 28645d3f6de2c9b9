from django.urls import path

from . import views
from . import views_birthday as birthday
from . import views_checkin as checkin
from . import views_plan_item as plan_item
from . import views_rooms as rooms
from . import views_tournament as tournament
from . import views_training as training

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
    path("activities/checkins/<int:pk>/undo/", checkin.undo, name="checkin_undo"),
    path("activities/<int:pk>/checkin/walk-in/", checkin.walk_in, name="checkin_walk_in"),
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
    path(
        "activities/tournament-matches/<int:pk>/move/",
        tournament.move,
        name="tournament_move",
    ),
    path(
        "activities/tournaments/<int:pk>/notice.docx",
        tournament.notice,
        name="tournament_notice",
    ),
    path(
        "unions/<slug:code>/activities/tournament-settings/",
        tournament.settings_page,
        name="tournament_settings",
    ),
    # 活动室 (views_rooms)
    path("activities/rooms/", rooms.mine, name="rooms_mine"),
    path("activities/rooms/<int:pk>/", rooms.room, name="room"),
    path("activities/rooms/<int:pk>/book/", rooms.book, name="rooms_book"),
    path("activities/rooms/<int:pk>/edit/", rooms.room_edit, name="rooms_edit"),
    path("activities/rooms/<int:pk>/manage/", rooms.room_manage, name="rooms_manage"),
    path("activities/rooms/<int:pk>/archive/", rooms.room_archive, name="rooms_archive"),
    path(
        "activities/room-bookings/<int:pk>/cancel/",
        rooms.booking_cancel,
        name="rooms_booking_cancel",
    ),
    path(
        "activities/room-bookings/<int:pk>/no-show/",
        rooms.booking_no_show,
        name="rooms_booking_no_show",
    ),
    path(
        "activities/room-closures/<int:pk>/withdraw/",
        rooms.closure_withdraw,
        name="rooms_closure_withdraw",
    ),
    path("activities/room-bookings/<int:pk>/edit/", rooms.booking_edit, name="rooms_booking_edit"),
    path(
        "activities/room-bookings/<int:pk>/approve/",
        rooms.booking_approve,
        name="rooms_booking_approve",
    ),
    path(
        "activities/room-bookings/<int:pk>/refuse/",
        rooms.booking_refuse,
        name="rooms_booking_refuse",
    ),
    path("unions/<slug:code>/rooms/pending/", rooms.pending, name="rooms_pending"),
    path("unions/<slug:code>/rooms/", rooms.rooms_list, name="rooms_list"),
    path("unions/<slug:code>/rooms/new/", rooms.room_create, name="rooms_create"),
    path("unions/<slug:code>/rooms/settings/", rooms.settings_page, name="rooms_settings"),
    path("unions/<slug:code>/rooms/stats/", rooms.stats, name="rooms_stats"),
    # 生日会 (views_birthday) and a new activity from a plan item (views_plan_item)
    path("unions/<slug:code>/activities/birthdays/", birthday.page, name="birthdays"),
    path(
        "unions/<slug:code>/activities/birthdays/party/",
        birthday.party,
        name="birthday_party",
    ),
    path("activities/<int:pk>/birthday-gift/", birthday.gift, name="birthday_gift"),
    path("activities/from-plan-item/<int:pk>/", plan_item.create, name="from_plan_item"),
    # 培训 (views_training)
    path("activities/<int:pk>/training/", training.course, name="training"),
    path("activities/<int:pk>/training/mine/", training.mine, name="training_mine"),
    path(
        "activities/<int:pk>/training/sessions/new/",
        training.session_new,
        name="training_session_new",
    ),
    path(
        "activities/training-sessions/<int:pk>/edit/",
        training.session_edit,
        name="training_session_edit",
    ),
    path(
        "activities/training-sessions/<int:pk>/remove/",
        training.session_remove,
        name="training_session_remove",
    ),
    path(
        "activities/training-sessions/<int:pk>/qr/", training.session_qr, name="training_session_qr"
    ),
    path("activities/training-sessions/<int:pk>/mark/", training.mark, name="training_mark"),
    path("activities/<int:pk>/training/certificates/", training.issue, name="training_issue"),
    path(
        "activities/<int:pk>/training/certificates.docx",
        training.certificates,
        name="training_certificates",
    ),
    path(
        "activities/training-certificates/<int:pk>/certificate.docx",
        training.certificate,
        name="training_certificate",
    ),
    path(
        "activities/training-certificates/<int:pk>/revoke/",
        training.certificate_revoke,
        name="training_certificate_revoke",
    ),
    path("unions/<slug:code>/activities/training/", training.year, name="training_year"),
    path(
        "unions/<slug:code>/activities/training-settings/",
        training.settings_page,
        name="training_settings",
    ),
]
