from django.urls import path

from .views import aid, budget, dues, home, review, rules, statements, vouchers

app_name = "finance"

urlpatterns = [
    # home
    path("unions/<slug:code>/finance/", home.finance_home, name="home"),
    # dues
    path("me/dues/", dues.my_dues, name="my_dues"),
    path("unions/<slug:code>/finance/dues/", dues.dues_home, name="dues_home"),
    path("unions/<slug:code>/finance/dues/run/", dues.dues_run, name="dues_run"),
    path("unions/<slug:code>/finance/dues/book/", dues.dues_book, name="dues_book"),
    path("unions/<slug:code>/finance/dues/arrears/", dues.dues_arrears, name="dues_arrears"),
    path("unions/<slug:code>/finance/dues/pay/", dues.dues_pay, name="dues_pay"),
    path(
        "unions/<slug:code>/finance/dues/pay/members/",
        dues.dues_member_options,
        name="dues_member_options",
    ),
    path("unions/<slug:code>/finance/dues/import/", dues.dues_import, name="dues_import"),
    path(
        "unions/<slug:code>/finance/dues/import/apply/",
        dues.dues_import_apply,
        name="dues_import_apply",
    ),
    path("unions/<slug:code>/finance/dues/bases/", dues.dues_bases, name="dues_bases"),
    path(
        "unions/<slug:code>/finance/dues/bases/import/",
        dues.dues_base_import,
        name="dues_base_import",
    ),
    path(
        "unions/<slug:code>/finance/dues/bases/import/apply/",
        dues.dues_base_import_apply,
        name="dues_base_import_apply",
    ),
    path(
        "unions/<slug:code>/finance/dues/bases/<int:pk>/",
        dues.dues_base_edit,
        name="dues_base_edit",
    ),
    path("unions/<slug:code>/finance/dues/members/<int:pk>/", dues.dues_member, name="dues_member"),
    path(
        "unions/<slug:code>/finance/dues/payments/<int:pk>/reverse/",
        dues.dues_reverse,
        name="dues_reverse",
    ),
    # vouchers
    path("unions/<slug:code>/finance/vouchers/", vouchers.voucher_list, name="voucher_list"),
    path(
        "unions/<slug:code>/finance/vouchers/new/", vouchers.voucher_create, name="voucher_create"
    ),
    path("unions/<slug:code>/finance/vouchers/line/", vouchers.voucher_line, name="voucher_line"),
    path("finance/vouchers/<int:pk>/", vouchers.voucher_detail, name="voucher_detail"),
    path("finance/vouchers/<int:pk>/edit/", vouchers.voucher_edit, name="voucher_edit"),
    path(
        "finance/vouchers/<int:pk>/attachments/",
        vouchers.attachment_upload,
        name="attachment_upload",
    ),
    path(
        "finance/vouchers/<int:pk>/<slug:action>/", vouchers.voucher_action, name="voucher_action"
    ),
    path("finance/attachments/<int:pk>/", vouchers.attachment_download, name="attachment_download"),
    path(
        "finance/attachments/<int:pk>/delete/", vouchers.attachment_delete, name="attachment_delete"
    ),
    # rules
    path("unions/<slug:code>/finance/rules/", rules.rule_list, name="rule_list"),
    path("unions/<slug:code>/finance/rules/new/", rules.rule_edit, name="rule_create"),
    path("unions/<slug:code>/finance/rules/<slug:key>/", rules.rule_edit, name="rule_edit"),
    path(
        "unions/<slug:code>/finance/rules/<slug:key>/<slug:action>/",
        rules.rule_action,
        name="rule_action",
    ),
    path("unions/<slug:code>/finance/settings/", rules.settings_page, name="settings"),
    # budget
    path("unions/<slug:code>/finance/budget/", budget.budget_list, name="budget_list"),
    path("unions/<slug:code>/finance/budget/new/", budget.budget_create, name="budget_create"),
    path(
        "unions/<slug:code>/finance/budget/<int:year>/", budget.budget_detail, name="budget_detail"
    ),
    path(
        "unions/<slug:code>/finance/budget/<int:year>/edit/",
        budget.budget_update,
        name="budget_update",
    ),
    path(
        "unions/<slug:code>/finance/budget/<int:year>/adopt/",
        budget.budget_adopt,
        name="budget_adopt",
    ),
    path(
        "unions/<slug:code>/finance/budget/<int:year>/adjust/",
        budget.budget_adjust,
        name="budget_adjust",
    ),
    # review
    path("unions/<slug:code>/finance/review/", review.review_home, name="review_home"),
    path("unions/<slug:code>/finance/findings/new/", review.finding_create, name="finding_create"),
    path("finance/findings/<int:pk>/", review.finding_detail, name="finding_detail"),
    path("finance/findings/<int:pk>/respond/", review.finding_respond, name="finding_respond"),
    path("finance/findings/<int:pk>/close/", review.finding_close, name="finding_close"),
    # statements
    path(
        "unions/<slug:code>/finance/statements/",
        statements.statements_index,
        name="statements_index",
    ),
    path(
        "unions/<slug:code>/finance/statements/<int:year>/",
        statements.statements,
        name="statements",
    ),
    path(
        "unions/<slug:code>/finance/statements/<int:year>/download/",
        statements.statement_download,
        name="statement_download",
    ),
    path(
        "unions/<slug:code>/finance/statements/<int:year>/audit-report/",
        statements.audit_report,
        name="audit_report",
    ),
    path("unions/<slug:code>/finance/payroll/<int:year>/", statements.payroll, name="payroll"),
    # aid
    path("unions/<slug:code>/finance/aid/", aid.aid_fund, name="aid_fund"),
    path("unions/<slug:code>/finance/aid/deposit/", aid.aid_deposit, name="aid_deposit"),
    path("unions/<slug:code>/finance/aid/withdraw/", aid.aid_withdraw, name="aid_withdraw"),
    path("unions/<slug:code>/finance/aid/loan/", aid.aid_loan, name="aid_loan"),
    path(
        "unions/<slug:code>/finance/aid/loan/schedule/",
        aid.aid_schedule_preview,
        name="aid_schedule_preview",
    ),
    path(
        "unions/<slug:code>/finance/aid/loans/<int:pk>/",
        aid.aid_loan_detail,
        name="aid_loan_detail",
    ),
    path("unions/<slug:code>/finance/aid/loans/<int:pk>/repay/", aid.aid_repay, name="aid_repay"),
    path("unions/<slug:code>/finance/aid/members/<int:pk>/", aid.aid_member, name="aid_member"),
]
