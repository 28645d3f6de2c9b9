from django.urls import path

from .views import bursary, files, member, settings, visits

app_name = "care"

urlpatterns = [
    path("care/mine/", member.my_care, name="mine"),
    path("unions/<slug:code>/care/", files.file_list, name="files"),
    path("unions/<slug:code>/care/new/", files.apply_for, name="apply_for"),
    path("unions/<slug:code>/care/settings/", settings.care_settings, name="settings"),
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
    # 走访慰问 (五必访, 慰问活动)
    path("care/mine/events/", visits.my_events, name="my_events"),
    path("unions/<slug:code>/care/visits/", visits.visit_list, name="visits"),
    path("unions/<slug:code>/care/events/new/", visits.event_new, name="event_new"),
    path("care/events/<int:pk>/", visits.event_detail, name="event"),
    path("care/events/<int:pk>/visit/", visits.event_visit, name="event_visit"),
    path("care/events/<int:pk>/withdraw/", visits.event_withdraw, name="event_withdraw"),
    path("unions/<slug:code>/care/campaigns/", visits.campaign_list, name="campaigns"),
    path("unions/<slug:code>/care/campaigns/new/", visits.campaign_new, name="campaign_new"),
    path("care/campaigns/<int:pk>/", visits.campaign_detail, name="campaign"),
    path("care/campaigns/<int:pk>/targets/", visits.campaign_targets, name="campaign_targets"),
    path("care/targets/<int:pk>/visit/", visits.target_visit, name="target_visit"),
    path("care/targets/<int:pk>/remove/", visits.target_remove, name="target_remove"),
    # 金秋助学
    path("care/bursary/", bursary.bursary_mine, name="bursary_mine"),
    path("unions/<slug:code>/care/bursary/", bursary.bursary_rounds, name="bursary_rounds"),
    path(
        "unions/<slug:code>/care/bursary/settings/",
        bursary.bursary_settings,
        name="bursary_settings",
    ),
    path("care/bursary/rounds/<int:pk>/", bursary.bursary_round, name="bursary_round"),
    path(
        "care/bursary/rounds/<int:pk>/apply/", bursary.bursary_apply_for, name="bursary_apply_for"
    ),
    path(
        "care/bursary/rounds/<int:pk>/publicize/",
        bursary.bursary_publicize,
        name="bursary_publicize",
    ),
    path("care/bursary/rounds/<int:pk>/pay/", bursary.bursary_pay, name="bursary_pay"),
    path(
        "care/bursary/applications/<int:pk>/approve/",
        bursary.bursary_approve,
        name="bursary_approve",
    ),
    path(
        "care/bursary/applications/<int:pk>/reject/", bursary.bursary_reject, name="bursary_reject"
    ),
    path("care/bursary/applications/<int:pk>/proof/", bursary.bursary_proof, name="bursary_proof"),
]
