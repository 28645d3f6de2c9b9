"""忘记密码 by e-mail: Django's password-reset views with Chinese pages and mail, offered only
when the site can send mail (``GONGHUI_SMTP_HOST``); otherwise these pages are 404 and the
login page says to ask the union's chair, who resets it on the 权限 page (no SMS).

The new password is set through ``services.user_set_password`` by its owner (the link in
their mailbox proves them), so it passes the validators, lifts the must-change flag and is
audited like any other change. Sending is limited per client address (``core.throttle``),
so the form cannot be used to flood someone's mailbox."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse_lazy

from . import services
from .forms import StyledForm, add_service_errors
from .forms_accounts import SetPasswordForm
from .qr import absolute_url
from .throttle import Throttle

# Reset mails asked for per client address per hour.
FORGOT_THROTTLE = Throttle("password-forgot", limit=5)


def mail_reset_enabled() -> bool:
    return bool(settings.EMAIL_HOST)


class _MailOnly:
    def dispatch(self, request, *args, **kwargs):
        if not mail_reset_enabled():
            raise Http404("本站未配置邮件发送，忘记密码请联系本工会主席重置。")
        return super().dispatch(request, *args, **kwargs)


class EmailForm(StyledForm, PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "您在“我的”页面登记的邮箱"


class PasswordForgotView(_MailOnly, auth_views.PasswordResetView):
    template_name = "core/password_forgot.html"
    form_class = EmailForm
    email_template_name = "core/password_reset_email.txt"
    subject_template_name = "core/password_reset_subject.txt"
    success_url = reverse_lazy("core:password_forgot_sent")

    def form_valid(self, form):
        if FORGOT_THROTTLE.blocked(self.request):
            form.add_error(None, "发送次数过多，请一小时后再试，或联系本工会主席重置密码。")
            return self.form_invalid(form)
        FORGOT_THROTTLE.failed(self.request)  # every mail asked for counts
        self.extra_email_context = {"site_url": absolute_url(self.request, "")}
        return super().form_valid(form)


class PasswordForgotSentView(_MailOnly, auth_views.PasswordResetDoneView):
    template_name = "core/password_forgot_sent.html"


class PasswordResetConfirmView(_MailOnly, auth_views.PasswordResetConfirmView):
    template_name = "core/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("core:password_reset_complete")

    def form_valid(self, form):
        try:
            services.user_set_password(
                actor=self.user, user=self.user, password=form.cleaned_data["new_password1"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetCompleteView(_MailOnly, auth_views.PasswordResetCompleteView):
    template_name = "core/password_reset_complete.html"
