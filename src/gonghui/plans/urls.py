from django.urls import path

from .views import importing, items, plan, summary

app_name = "plans"

urlpatterns = [
    # importing
    path("unions/<slug:code>/plans/import/", importing.plan_import, name="import"),
    # plan
    path("unions/<slug:code>/plans/", plan.plan_home, name="home"),
    path("unions/<slug:code>/plans/new/", plan.plan_create, name="plan_create"),
    path("unions/<slug:code>/plans/<int:year>/", plan.plan_overview, name="plan"),
    path("unions/<slug:code>/plans/<int:year>/outline/", plan.plan_outline, name="outline"),
    path("unions/<slug:code>/plans/<int:year>/calendar/", plan.plan_calendar, name="calendar"),
    path(
        "unions/<slug:code>/plans/<int:year>/calendar/<int:month>/",
        plan.plan_calendar,
        name="calendar_month",
    ),
    path("unions/<slug:code>/plans/<int:year>/list/", plan.plan_list, name="list"),
    path("unions/<slug:code>/plans/<int:year>/edit/", plan.plan_edit, name="plan_edit"),
    path("unions/<slug:code>/plans/<int:year>/copy/", plan.plan_copy, name="plan_copy"),
    path(
        "unions/<slug:code>/plans/<int:year>/<str:kind>.docx", plan.plan_document, name="document"
    ),
    # the year-end summary (a federation's too)
    path("unions/<slug:code>/summary/", summary.summary_home, name="summary_home"),
    path("unions/<slug:code>/summary/<int:year>/", summary.summary_page, name="summary"),
    path("unions/<slug:code>/summary/<int:year>/edit/", summary.summary_edit, name="summary_edit"),
    path(
        "unions/<slug:code>/summary/<int:year>/regenerate/",
        summary.summary_regenerate,
        name="summary_regenerate",
    ),
    path("unions/<slug:code>/summary/<int:year>/docx/", summary.summary_docx, name="summary_docx"),
    # items
    path("plans/items/<int:pk>/", items.item_detail, name="item"),
    path("plans/items/<int:pk>/edit/", items.item_edit, name="item_edit"),
    path("plans/items/<int:pk>/delete/", items.item_delete, name="item_delete"),
    path("plans/items/<int:pk>/status/", items.item_status, name="item_status"),
    path("plans/items/<int:pk>/targets/", items.target_add, name="target_add"),
    path("plans/targets/<int:pk>/delete/", items.target_delete, name="target_delete"),
    path("plans/items/<int:pk>/links/", items.link_add, name="link_add"),
    path("plans/items/<int:pk>/links/options/", items.link_options, name="link_options"),
    path("plans/links/<int:pk>/delete/", items.link_delete, name="link_delete"),
    path("unions/<slug:code>/plans/<int:year>/items/new/", items.item_create, name="item_create"),
    path(
        "unions/<slug:code>/plans/<int:year>/sections/new/",
        items.section_create,
        name="section_create",
    ),
    path("plans/sections/<int:pk>/edit/", items.section_edit, name="section_edit"),
]
