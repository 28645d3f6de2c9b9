from django.urls import path

from . import views, views_mediation, views_women
from . import views_contract_documents as contract_papers
from . import views_contracts as vc
from . import views_openness as openness
from . import views_safety as safety

app_name = "rights"

urlpatterns = [
    path("unions/<slug:code>/rights/settings/", views.settings_page, name="settings"),
    # --- 集体合同 (views_contracts) ---
    path("unions/<slug:code>/rights/contracts/", vc.contracts, name="contracts"),
    path("unions/<slug:code>/rights/contracts/new/", vc.contract_new, name="contract_new"),
    path("unions/<slug:code>/rights/contracts/record/", vc.contract_record, name="contract_record"),
    path("rights/contracts/<int:pk>/", vc.contract, name="contract"),
    path("rights/contracts/<int:pk>/reply/", vc.contract_reply, name="contract_reply"),
    path("rights/contracts/<int:pk>/employers/new/", vc.employer_add, name="contract_employer"),
    path("rights/contracts/<int:pk>/reps/new/", vc.rep_add, name="contract_rep_add"),
    path("rights/contract-reps/<int:pk>/leave/", vc.rep_leave, name="contract_rep_leave"),
    path("rights/contract-reps/<int:pk>/replace/", vc.rep_replace, name="contract_rep_replace"),
    path("rights/contracts/<int:pk>/sessions/new/", vc.session_new, name="session_new"),
    path("rights/contract-sessions/<int:pk>/", vc.session, name="session"),
    path("rights/contracts/<int:pk>/drafts/new/", vc.draft_new, name="draft_new"),
    path("rights/contract-drafts/<int:pk>/", vc.draft, name="draft"),
    path("rights/contract-drafts/<int:pk>/congress/", vc.draft_congress, name="draft_congress"),
    path("rights/contracts/<int:pk>/sign/", vc.contract_sign, name="contract_sign"),
    path("rights/contracts/<int:pk>/submit/", vc.contract_submit, name="contract_submit"),
    path("rights/contracts/<int:pk>/review/", vc.review_add, name="contract_review"),
    path("rights/contracts/<int:pk>/publish/", vc.contract_publish, name="contract_publish"),
    path("rights/contracts/<int:pk>/reports/new/", vc.report_add, name="contract_report"),
    path("rights/contracts/<int:pk>/end/", vc.contract_end, name="contract_end"),
    path("rights/contracts/<int:pk>/abandon/", vc.contract_abandon, name="contract_abandon"),
    # --- 集体合同文书 (views_contract_documents) ---
    path(
        "rights/contracts/<int:pk>/papers/offer.docx",
        contract_papers.contract_offer_docx,
        name="contract_offer_docx",
    ),
    path(
        "rights/contracts/<int:pk>/papers/submission.docx",
        contract_papers.contract_submission_docx,
        name="contract_submission_docx",
    ),
    path(
        "rights/contracts/<int:pk>/papers/text.docx",
        contract_papers.contract_text_docx,
        name="contract_text_docx",
    ),
    path(
        "rights/contract-sessions/<int:pk>/minutes.docx",
        contract_papers.session_minutes_docx,
        name="contract_session_minutes_docx",
    ),
    # --- 厂务公开 (views_openness) ---
    path("unions/<slug:code>/rights/openness/", openness.year_page, name="openness"),
    path(
        "unions/<slug:code>/rights/openness/categories/",
        openness.categories,
        name="openness_categories",
    ),
    path("unions/<slug:code>/rights/openness/adopt/", openness.adopt, name="openness_adopt"),
    path(
        "unions/<slug:code>/rights/openness/categories/new/",
        openness.category_new,
        name="openness_category_new",
    ),
    path(
        "rights/openness/categories/<int:pk>/edit/",
        openness.category_edit,
        name="openness_category_edit",
    ),
    path(
        "rights/openness/categories/<int:pk>/retire/",
        openness.category_retire,
        name="openness_category_retire",
    ),
    path("unions/<slug:code>/rights/openness/new/", openness.publish, name="openness_publish"),
    path("unions/<slug:code>/rights/openness/poll/", openness.poll_new, name="openness_poll"),
    path("rights/openness/mine/", openness.mine, name="openness_mine"),
    path("rights/openness/<int:pk>/", openness.item, name="openness_item"),
    path("rights/openness/<int:pk>/evidence/", openness.evidence, name="openness_evidence"),
    path("rights/openness/<int:pk>/withdraw/", openness.withdraw, name="openness_withdraw"),
    path("rights/openness/<int:pk>/ask/", openness.ask, name="openness_ask"),
    path(
        "rights/openness/questions/<int:pk>/answer/",
        openness.answer,
        name="openness_answer",
    ),
    # --- 劳动保护 (views_safety) ---
    path("unions/<slug:code>/rights/safety/", safety.safety_home, name="safety"),
    path(
        "unions/<slug:code>/rights/safety/inspections/new/",
        safety.safety_inspection_new,
        name="safety_inspection_new",
    ),
    path("rights/safety/inspections/<int:pk>/", safety.safety_inspection, name="safety_inspection"),
    path("rights/safety/hazards/<int:pk>/", safety.safety_hazard, name="safety_hazard"),
    path("rights/safety/photos/<int:pk>/", safety.safety_photo, name="safety_photo"),
    path("unions/<slug:code>/rights/safety/posts/", safety.safety_posts, name="safety_posts"),
    path("rights/safety/posts/<int:pk>/", safety.safety_post, name="safety_post"),
    path(
        "unions/<slug:code>/rights/safety/accidents/",
        safety.safety_accidents,
        name="safety_accidents",
    ),
    path("rights/safety/accidents/<int:pk>/", safety.safety_accident, name="safety_accident"),
    path("unions/<slug:code>/rights/safety/ankang/", safety.safety_ankang, name="safety_ankang"),
    path(
        "unions/<slug:code>/rights/safety/export.xlsx", safety.safety_export, name="safety_export"
    ),
    # --- 劳动争议调解, 女职工 (views_mediation) ---
    path(
        "unions/<slug:code>/rights/mediation/",
        views_mediation.committee,
        name="mediation_committee",
    ),
    path(
        "unions/<slug:code>/rights/mediation/mediators/new/",
        views_mediation.mediator_new,
        name="mediation_mediator_new",
    ),
    path(
        "rights/mediation/mediators/<int:pk>/end/",
        views_mediation.mediator_end,
        name="mediation_mediator_end",
    ),
    path(
        "unions/<slug:code>/rights/mediation/cases/",
        views_mediation.cases,
        name="mediation_cases",
    ),
    path(
        "unions/<slug:code>/rights/mediation/cases/new/",
        views_mediation.case_new,
        name="mediation_case_new",
    ),
    path("rights/mediation/cases/<int:pk>/", views_mediation.case, name="mediation_case"),
    path(
        "rights/mediation/cases/<int:pk>/<slug:step>/",
        views_mediation.case_step,
        name="mediation_case_step",
    ),
    path(
        "rights/mediation/cases/<int:pk>/agreement.docx",
        views_mediation.agreement,
        name="mediation_agreement",
    ),
    path("rights/mediation/mine/", views_mediation.mine, name="mediation_mine"),
    path("unions/<slug:code>/rights/women/", views_women.women, name="women"),
    path(
        "unions/<slug:code>/rights/women/rooms/new/",
        views_women.room_new,
        name="women_room_new",
    ),
    path("rights/women/rooms/<int:pk>/edit/", views_women.room_edit, name="women_room_edit"),
]
