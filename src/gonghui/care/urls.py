from django.urls import path

from .views import files, member

app_name = "care"

urlpatterns = [
    path("care/mine/", member.my_care, name="mine"),
    path("unions/<slug:code>/care/", files.file_list, name="files"),
    path("unions/<slug:code>/care/new/", files.apply_for, name="apply_for"),
    path("unions/<slug:code>/care/settings/", files.care_settings, name="settings"),
    path("care/files/<int:pk>/", files.file_detail, name="file"),
    path("care/files/<int:pk>/screen/", files.screen, name="screen"),
    path("care/files/<int:pk>/reject/", files.reject, name="reject"),
    path("care/files/<int:pk>/visit/", files.visit, name="visit"),
    path("care/files/<int:pk>/publicize/", files.publicize, name="publicize"),
    path("care/files/<int:pk>/establish/", files.establish, name="establish"),
    path("care/files/<int:pk>/aid/", files.aid, name="aid"),
    path("care/files/<int:pk>/review/", files.review, name="review"),
    path("care/files/<int:pk>/exit/", files.exit_file, name="exit"),
    path("care/visits/<int:pk>/consent/", files.consent, name="consent"),
]
