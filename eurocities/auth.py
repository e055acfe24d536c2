"""Password reset for editors, from the admin login page.

Only staff accounts get a reset mail: the public site has no accounts, and an address
that matches no editor gets the same "check your inbox" page (no account probing).
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.shortcuts import render


class StaffPasswordResetForm(PasswordResetForm):
    def get_users(self, email):
        return (user for user in super().get_users(email) if user.is_staff)


class AdminContextMixin:
    """The admin's header and title on the reset pages, like the rest of the admin."""

    def get_context_data(self, **kwargs):
        return {**admin.site.each_context(self.request), **super().get_context_data(**kwargs)}


class StaffPasswordResetView(AdminContextMixin, auth_views.PasswordResetView):
    form_class = StaffPasswordResetForm


class PasswordResetDoneView(AdminContextMixin, auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(AdminContextMixin, auth_views.PasswordResetConfirmView):
    pass


class PasswordResetCompleteView(AdminContextMixin, auth_views.PasswordResetCompleteView):
    pass


def lockout_response(request, credentials, *args, **kwargs):
    """django-axes' answer to a locked-out login: a clear page, status 429."""
    context = {
        **admin.site.each_context(request),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)
