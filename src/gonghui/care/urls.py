from django.urls import path

from .views import bursary, donations, files, health, insurance, member, rest, settings, visits

app_name = "care"

urlpatterns = [
    path("care/mine/", member.my_care, name="mine"),
    path("unions/<slug:code>/care/", files.file_list, name="files"),
    path("unions/<slug:code>/care/new/", files.apply_for, name="apply_for"),
    path(
        "unions/<slug:code>/care/settings/",
        settings.settings_page,
        {"page": settings.CARE},
        name="settings",
    ),
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
        settings.settings_page,
        {"page": bursary.SETTINGS},
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
    # 互助保障 (职工互助保障, 安康保险)
    path("care/insurance/mine/", insurance.insurance_mine, name="insurance_mine"),
    path("unions/<slug:code>/care/insurance/", insurance.insurance_plans, name="insurance"),
    path(
        "unions/<slug:code>/care/insurance/rates/",
        insurance.insurance_rates,
        name="insurance_rates",
    ),
    path(
        "unions/<slug:code>/care/insurance/new/",
        insurance.insurance_plan_new,
        name="insurance_plan_new",
    ),
    path("care/insurance/plans/<int:pk>/", insurance.insurance_plan, name="insurance_plan"),
    path(
        "care/insurance/plans/<int:pk>/edit/",
        insurance.insurance_plan_edit,
        name="insurance_plan_edit",
    ),
    path("care/insurance/plans/<int:pk>/enrol/", insurance.insurance_enrol, name="insurance_enrol"),
    path(
        "care/insurance/plans/<int:pk>/premium/",
        insurance.insurance_premium,
        name="insurance_premium",
    ),
    path("care/insurance/plans/<int:pk>/renew/", insurance.insurance_renew, name="insurance_renew"),
    path(
        "care/insurance/plans/<int:pk>/export.xlsx",
        insurance.insurance_export,
        name="insurance_export",
    ),
    path(
        "care/insurance/plans/<int:pk>/claims/new/",
        insurance.insurance_claim_new,
        name="insurance_claim_new",
    ),
    path(
        "care/insurance/enrollments/<int:pk>/withdraw/",
        insurance.insurance_withdraw,
        name="insurance_withdraw",
    ),
    path("care/insurance/claims/<int:pk>/", insurance.insurance_claim, name="insurance_claim"),
    path(
        "care/insurance/claims/<int:pk>/review/",
        insurance.insurance_claim_review,
        name="insurance_claim_review",
    ),
    path(
        "care/insurance/claims/<int:pk>/pay/",
        insurance.insurance_claim_pay,
        name="insurance_claim_pay",
    ),
    path(
        "care/insurance/claims/<int:pk>/deny/",
        insurance.insurance_claim_deny,
        name="insurance_claim_deny",
    ),
    # 捐款 (一日捐, 爱心捐款)
    path("care/donations/", donations.donation_mine, name="donation_mine"),
    path("care/donations/<int:pk>/pledge/", donations.donation_pledge, name="donation_pledge"),
    path("care/donations/<int:pk>/pay/", donations.donation_pay, name="donation_pay"),
    path(
        "care/donations/<int:pk>/anonymity/",
        donations.donation_anonymity,
        name="donation_anonymity",
    ),
    path(
        "unions/<slug:code>/care/donations/",
        donations.donation_campaigns,
        name="donation_campaigns",
    ),
    path(
        "unions/<slug:code>/care/donations/new/",
        donations.donation_campaign_new,
        name="donation_campaign_new",
    ),
    path("care/donations/<int:pk>/", donations.donation_campaign, name="donation_campaign"),
    path(
        "care/donations/<int:pk>/edit/",
        donations.donation_campaign_edit,
        name="donation_campaign_edit",
    ),
    path("care/donations/<int:pk>/open/", donations.donation_open, name="donation_open"),
    path("care/donations/<int:pk>/close/", donations.donation_close, name="donation_close"),
    path("care/donations/<int:pk>/batch/", donations.donation_batch, name="donation_batch"),
    path(
        "care/donations/<int:pk>/handover/", donations.donation_handover, name="donation_handover"
    ),
    path("care/donations/<int:pk>/thanks/", donations.donation_thanks, name="donation_thanks"),
    path(
        "care/donations/<int:pk>/thanks.docx",
        donations.donation_thanks_docx,
        name="donation_thanks_docx",
    ),
    path("care/donations/<int:pk>/export.xlsx", donations.donation_export, name="donation_export"),
    path(
        "care/donation-entries/<int:pk>/reverse/",
        donations.donation_reverse,
        name="donation_reverse",
    ),
    path(
        "care/donation-handovers/<int:pk>/reverse/",
        donations.donation_handover_reverse,
        name="donation_handover_reverse",
    ),
    # 体检
    path("care/health/", health.health_mine, name="health_mine"),
    path("unions/<slug:code>/care/health/", health.health_campaigns, name="health_campaigns"),
    path(
        "unions/<slug:code>/care/health/settings/",
        settings.settings_page,
        {"page": health.SETTINGS},
        name="health_settings",
    ),
    path("care/health/<int:pk>/", health.health_campaign, name="health_campaign"),
    path("care/health/<int:pk>/targets/", health.health_targets, name="health_targets"),
    path("care/health/<int:pk>/export/", health.health_export, name="health_export"),
    path("care/health/<int:pk>/entrust/", health.health_entrust, name="health_entrust"),
    path("care/health/slots/<int:pk>/", health.health_slot, name="health_slot"),
    path("care/health/targets/<int:pk>/book/", health.health_book, name="health_book"),
    path("care/health/targets/<int:pk>/confirm/", health.health_confirm, name="health_confirm"),
    path("care/health/targets/<int:pk>/cancel/", health.health_cancel, name="health_cancel"),
    path("care/health/targets/<int:pk>/done/", health.health_done, name="health_done"),
    path("care/health/targets/<int:pk>/absent/", health.health_absent, name="health_absent"),
    path("care/health/targets/<int:pk>/undo/", health.health_undo, name="health_undo"),
    # 疗休养
    path("unions/<slug:code>/care/rest/", rest.rest_rounds, name="rest_rounds"),
    path(
        "unions/<slug:code>/care/rest/settings/",
        settings.settings_page,
        {"page": rest.SETTINGS},
        name="rest_settings",
    ),
    path("unions/<slug:code>/care/rest/categories/", rest.rest_tags, name="rest_tags"),
    path("care/rest/categories/<int:pk>/remove/", rest.rest_tag_remove, name="rest_tag_remove"),
    path("care/rest/rounds/<int:pk>/", rest.rest_round, name="rest_round"),
    path("care/rest/rounds/<int:pk>/propose/", rest.rest_propose, name="rest_propose"),
    path("care/rest/rounds/<int:pk>/add/", rest.rest_add, name="rest_add"),
    path("care/rest/rounds/<int:pk>/publicize/", rest.rest_publicize, name="rest_publicize"),
    path("care/rest/rounds/<int:pk>/confirm/", rest.rest_confirm, name="rest_confirm"),
    path("care/rest/rounds/<int:pk>/pay/", rest.rest_pay, name="rest_pay"),
    path("care/rest/entries/<int:pk>/remove/", rest.rest_remove, name="rest_remove"),
    path("care/rest/entries/<int:pk>/take/", rest.rest_take, name="rest_take"),
    path("care/rest/entries/<int:pk>/decline/", rest.rest_decline, name="rest_decline"),
    path("care/rest/", rest.rest_mine, name="rest_mine"),
]
