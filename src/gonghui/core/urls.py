from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_notices, views_password, views_prepared, views_publicity

app_name = "core"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("switch/", views.switch_union, name="switch_union"),
    path("unions/<slug:code>/roles/", views.union_roles, name="union_roles"),
    path("roles/<int:pk>/revoke/", views.role_revoke, name="role_revoke"),
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/<str:object_type>/<str:object_id>/", views.object_history, name="history"),
    path("me/", views.me, name="me"),
    path("files/<str:token>/", views_prepared.prepared_page, name="prepared"),
    path("files/<str:token>/download/", views_prepared.prepared_download, name="prepared_download"),
    path("me/email/", views_notices.account_email, name="account_email"),
    path("me/password/", views.password_change, name="password_change"),
    path("password/forgot/", views_password.PasswordForgotView.as_view(), name="password_forgot"),
    path(
        "password/forgot/sent/",
        views_password.PasswordForgotSentView.as_view(),
        name="password_forgot_sent",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views_password.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        views_password.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "unions/<slug:code>/accounts/<int:pk>/password/",
        views.password_reset,
        name="password_reset",
    ),
    path("notices/", views_notices.notice_list, name="notices"),
    path("notices/badge/", views_notices.notice_badge, name="notice_badge"),
    path("publicity/", views_publicity.publicity_mine, name="publicity_mine"),
    path("publicity/<int:pk>/", views_publicity.publicity_detail, name="publicity_detail"),
    path("publicity/<int:pk>/close/", views_publicity.publicity_close, name="publicity_close"),
    path("publicity/<int:pk>/notice/", views_publicity.publicity_notice, name="publicity_notice"),
    path(
        "publicity/objections/<int:pk>/answer/",
        views_publicity.objection_answer,
        name="objection_answer",
    ),
    path("unions/<slug:code>/publicity/", views_publicity.publicity_list, name="publicity_list"),
]
