from django.urls import path

from . import views, views_picker

app_name = "members"

urlpatterns = [
    path("unions/<slug:code>/members/", views.member_list, name="member_list"),
    path("unions/<slug:code>/members/new/", views.member_create, name="member_create"),
    path("unions/<slug:code>/members/export/", views.member_export, name="member_export"),
    path("unions/<slug:code>/members/pick/", views_picker.member_pick, name="member_pick"),
    path("unions/<slug:code>/members/import/", views.member_import, name="member_import"),
    path(
        "unions/<slug:code>/members/import/apply/",
        views.member_import_apply,
        name="member_import_apply",
    ),
    path("unions/<slug:code>/applications/", views.application_list, name="application_list"),
    path("join/<slug:code>/", views.join, name="join"),
    path("join/<slug:code>/status/", views.join_status, name="join_status"),
    path("members/template.xlsx", views.roster_template, name="roster_template"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/reveal/<str:field>/", views.member_reveal, name="member_reveal"),
    path(
        "members/<int:pk>/letters/<int:event_pk>/",
        views.transfer_letter,
        name="transfer_letter",
    ),
    path("members/<int:pk>/<slug:action>/", views.member_action, name="member_action"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
]
