"""Account pages: register, log in and out, reset a password, see and edit one's profile."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView
from wagtail.admin.views import account as wagtail_account

from lms import services
from lms.exceptions import LmsError
from lms.forms import LoginForm, ProfileForm, RegistrationForm
from lms.models import LearnerProfile
from lms.ratelimits import RateLimitedFormMixin


@method_decorator([sensitive_post_parameters("password1", "password2"), never_cache], "dispatch")
class RegisterView(RateLimitedFormMixin, FormView):
    """Create a learner account (`services.register_learner`), then log the person in.

    Rate-limited per client IP (`lms.ratelimits`, action "register")."""

    rate_limit_action = "register"
    form_class = RegistrationForm
    template_name = "lms/accounts/register.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            return redirect("lms:profile")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: RegistrationForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            user = services.register_learner(
                full_name=data["full_name"],
                email=data["email"],
                password=data["password1"],
                unit=data["unit"],
                category=data["category"],
                position=data["position"],
                consent=data["consent"],
            )
        except LmsError as error:
            form.add_service_error(error)
            return self.form_invalid(form)
        # Through the configured backends, so login() knows which one vouches for the user.
        authenticated = authenticate(
            self.request, username=user.get_username(), password=data["password1"]
        )
        if authenticated is None:  # a host project whose backends refuse new accounts
            messages.success(self.request, _("Your account has been created. Please log in."))
            return redirect("lms:login")
        login(self.request, authenticated)
        messages.success(
            self.request,
            _("Welcome, %(name)s! Your account has been created.")
            % {"name": user.learner_profile.full_name},
        )
        return redirect("lms:profile")


class LoginView(RateLimitedFormMixin, auth_views.LoginView):
    """Rate-limited per client IP and per username or email typed (action "login")."""

    rate_limit_action = "login"
    rate_limit_identity_field = "username"
    authentication_form = LoginForm
    template_name = "lms/accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's own rule: a link or a prefetch must not log anyone out)."""

    # Shown only when neither `next` nor LOGOUT_REDIRECT_URL says where to go.
    template_name = "lms/accounts/logged_out.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have been logged out."))
        return response


@method_decorator(never_cache, "dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "lms/accounts/password_change_form.html"
    success_url = reverse_lazy("lms:profile")

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


class PasswordResetView(RateLimitedFormMixin, auth_views.PasswordResetView):
    """Rate-limited per client IP and per email typed (action "password_reset"): a refused
    request sends no email."""

    rate_limit_action = "password_reset"
    rate_limit_identity_field = "email"
    template_name = "lms/accounts/password_reset_form.html"
    email_template_name = "lms/accounts/password_reset_email.txt"
    subject_template_name = "lms/accounts/password_reset_subject.txt"
    success_url = reverse_lazy("lms:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "lms/accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "lms/accounts/password_reset_confirm.html"
    success_url = reverse_lazy("lms:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "lms/accounts/password_reset_complete.html"


@method_decorator(never_cache, "dispatch")
class ProfileView(LoginRequiredMixin, FormView):
    """The signed-in person's own details, edited through `services.update_profile`."""

    form_class = ProfileForm
    template_name = "lms/accounts/profile.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            # Accounts made outside registration (a superuser, an import) get an empty one.
            self.profile: LearnerProfile = services.ensure_profile(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "profile": self.profile}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(profile=self.profile, **kwargs)

    def form_valid(self, form: ProfileForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            services.update_profile(
                profile=self.profile,
                full_name=data["full_name"],
                email=data["email"],
                unit=data["unit"],
                position=data["position"],
                category=data["category"],
                phone=data["phone"],
                user=self.request.user,
            )
        except LmsError as error:
            form.add_service_error(error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your profile has been saved."))
        return HttpResponseRedirect(reverse("lms:profile"))


# --- the Wagtail admin's own doors, under the same limits ---------------------------------
# Wagtail's login and password reset views, with the counters of the public ones (a guesser
# gains nothing by switching doors). A project mounts them before Wagtail's admin URLs:
#   path("admin/login/", AdminLoginView.as_view(), name="wagtailadmin_login"),
#   path("admin/password_reset/", AdminPasswordResetView.as_view(),
#        name="wagtailadmin_password_reset"),


class AdminLoginView(RateLimitedFormMixin, wagtail_account.LoginView):
    rate_limit_action = "login"
    rate_limit_identity_field = "username"


class AdminPasswordResetView(RateLimitedFormMixin, wagtail_account.PasswordResetView):
    rate_limit_action = "password_reset"
    rate_limit_identity_field = "email"
