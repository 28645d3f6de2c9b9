from django.urls import path

from .views import elections, evaluation, papers, polls, proposals, sittings, terms

app_name = "congress"

urlpatterns = [
    # terms
    path("unions/<slug:code>/congress/", terms.congress_home, name="home"),
    path("unions/<slug:code>/congress/settings/", terms.congress_settings, name="settings"),
    path("unions/<slug:code>/congress/terms/new/", terms.term_create, name="term_create"),
    path("congress/terms/<int:pk>/", terms.term_detail, name="term_detail"),
    path("congress/terms/<int:pk>/elect/", terms.rep_elect, name="rep_elect"),
    path("congress/terms/<int:pk>/seat-all/", terms.assembly_seat_all, name="assembly_seat_all"),
    path("congress/terms/<int:pk>/close/", terms.term_close, name="term_close"),
    path("congress/reps/<int:pk>/replace/", terms.rep_replace, name="rep_replace"),
    path("congress/reps/<int:pk>/recall/", terms.rep_recall, name="rep_recall"),
    path("congress/reps/<int:pk>/end/", terms.rep_end, name="rep_end"),
    # sittings
    path("congress/terms/<int:pk>/sittings/new/", sittings.sitting_create, name="sitting_create"),
    path("congress/sittings/<int:pk>/", sittings.sitting_detail, name="sitting_detail"),
    path("congress/sittings/<int:pk>/attendance/", sittings.attendance_fragment, name="attendance"),
    path("congress/sittings/<int:pk>/edit/", sittings.sitting_edit, name="sitting_edit"),
    path("congress/sittings/<int:pk>/notice/", sittings.sitting_notice, name="sitting_notice"),
    path("congress/sittings/<int:pk>/open/", sittings.sitting_open, name="sitting_open"),
    path("congress/sittings/<int:pk>/close/", sittings.sitting_close, name="sitting_close"),
    path(
        "congress/sittings/<int:pk>/checkin/<int:rep>/",
        sittings.secretariat_checkin,
        name="secretariat_checkin",
    ),
    path("congress/checkin/<str:token>/", sittings.checkin_page, name="checkin"),
    # proposals
    path("congress/sittings/<int:pk>/proposals/", proposals.proposal_list, name="proposal_list"),
    path("congress/sittings/<int:pk>/proposals/new/", proposals.proposal_new, name="proposal_new"),
    path(
        "congress/sittings/<int:pk>/proposals/book.docx",
        proposals.proposal_book,
        name="proposal_book",
    ),
    path("congress/proposals/<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("congress/proposals/<int:pk>/cosign/", proposals.proposal_cosign, name="proposal_cosign"),
    path("congress/proposals/<int:pk>/ask/", proposals.proposal_ask, name="proposal_ask"),
    path("congress/proposals/<int:pk>/review/", proposals.proposal_review, name="proposal_review"),
    path("congress/proposals/<int:pk>/assign/", proposals.proposal_assign, name="proposal_assign"),
    path("congress/proposals/<int:pk>/answer/", proposals.proposal_answer, name="proposal_answer"),
    path("congress/proposals/<int:pk>/rate/", proposals.proposal_rate, name="proposal_rate"),
    path(
        "congress/proposals/<int:pk>/withdraw/",
        proposals.proposal_withdraw,
        name="proposal_withdraw",
    ),
    path("congress/mine/", proposals.proposal_mine, name="proposal_mine"),
    # polls
    path("congress/sittings/<int:pk>/polls/", polls.poll_list, name="poll_list"),
    path("congress/sittings/<int:pk>/polls/new/", polls.poll_new, name="poll_new"),
    path("congress/sittings/<int:pk>/polls/sheet/", polls.poll_sheet, name="poll_sheet"),
    path("congress/polls/<int:pk>/", polls.poll_detail, name="poll_detail"),
    path("congress/polls/<int:pk>/vote/", polls.poll_vote, name="poll_vote"),
    path("congress/polls/<int:pk>/paper/", polls.poll_paper, name="poll_paper"),
    path("congress/polls/<int:pk>/revote/", polls.poll_revote, name="poll_revote"),
    path("congress/polls/<int:pk>/<str:action>/", polls.poll_action, name="poll_action"),
    # evaluation
    path(
        "congress/sittings/<int:pk>/evaluations/",
        evaluation.evaluation_list,
        name="evaluation_list",
    ),
    path(
        "congress/sittings/<int:pk>/evaluations/new/",
        evaluation.evaluation_new,
        name="evaluation_new",
    ),
    path("congress/evaluations/<int:pk>/", evaluation.evaluation_detail, name="evaluation_detail"),
    path("congress/evaluations/<int:pk>/vote/", evaluation.evaluation_vote, name="evaluation_vote"),
    path(
        "congress/evaluations/<int:pk>/result.xlsx",
        evaluation.evaluation_xlsx_view,
        name="evaluation_xlsx",
    ),
    path(
        "congress/evaluations/<int:pk>/paper/", evaluation.evaluation_paper, name="evaluation_paper"
    ),
    path(
        "congress/evaluations/<int:pk>/<str:action>/",
        evaluation.evaluation_action,
        name="evaluation_action",
    ),
    # elections
    path("congress/sittings/<int:pk>/elections/", elections.election_list, name="election_list"),
    path("congress/sittings/<int:pk>/elections/new/", elections.election_new, name="election_new"),
    path("congress/elections/<int:pk>/", elections.election_detail, name="election_detail"),
    path("congress/elections/<int:pk>/vote/", elections.election_vote, name="election_vote"),
    path("congress/elections/<int:pk>/paper/", elections.election_paper, name="election_paper"),
    path("congress/elections/<int:pk>/commit/", elections.election_commit, name="election_commit"),
    path(
        "congress/elections/<int:pk>/next/<str:kind>/",
        elections.election_next,
        name="election_next",
    ),
    path(
        "congress/elections/<int:pk>/<str:action>/",
        elections.election_action,
        name="election_action",
    ),
    # papers
    path(
        "congress/sittings/<int:pk>/papers/<slug:kind>.docx",
        papers.sitting_paper,
        name="sitting_paper",
    ),
    path("congress/sittings/<int:pk>/archive.zip", papers.sitting_archive, name="sitting_archive"),
    path(
        "congress/polls/<int:pk>/papers/<slug:kind>.docx", papers.poll_paper, name="poll_paper_doc"
    ),
    path(
        "congress/evaluations/<int:pk>/papers/<slug:kind>.docx",
        papers.evaluation_paper,
        name="evaluation_paper_doc",
    ),
    path(
        "congress/elections/<int:pk>/papers/<slug:kind>.docx",
        papers.election_paper,
        name="election_paper_doc",
    ),
]
