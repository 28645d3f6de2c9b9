from django.urls import path

from . import views

app_name = "orgs"

urlpatterns = [
    path("unions/", views.union_list, name="union_list"),
    path("unions/<slug:code>/", views.union_detail, name="union_detail"),
    path("unions/<slug:code>/new/", views.union_create, name="union_create"),
    path("unions/<slug:code>/edit/", views.union_edit, name="union_edit"),
    path("unions/<slug:code>/move/", views.union_move, name="union_move"),
    path("unions/<slug:code>/archive/", views.union_archive, name="union_archive"),
    path("unions/<slug:code>/groups/new/", views.group_create, name="group_create"),
    path("unions/<slug:code>/terms/new/", views.term_create, name="term_create"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("groups/<int:pk>/archive/", views.group_archive, name="group_archive"),
    path("terms/<int:pk>/", views.term_detail, name="term_detail"),
]
