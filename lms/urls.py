from django.urls import path

from .privacy import views as privacy
from .search.views import SearchView
from .views import accounts, dashboard, pages

app_name = "lms"

urlpatterns: list = [
    path("accounts/register/", accounts.RegisterView.as_view(), name="register"),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", accounts.LogoutView.as_view(), name="logout"),
    path("accounts/profile/", accounts.ProfileView.as_view(), name="profile"),
    path(
        "accounts/password-change/",
        accounts.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password-reset/",
        accounts.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/done/",
        accounts.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        accounts.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("privacy/", pages.PrivacyNoticeView.as_view(), name="privacy"),
    path("privacy/consent/", privacy.ConsentView.as_view(), name="privacy_consent"),
    path("privacy/my-data/", privacy.DownloadMyDataView.as_view(), name="privacy_download"),
    path("privacy/erasure/", privacy.RequestErasureView.as_view(), name="privacy_erasure"),
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    path("search/", SearchView.as_view(), name="search"),
]
