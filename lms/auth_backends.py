from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


class UsernameOrEmailBackend(ModelBackend):
    """Log in with either the username or the email address (both case-insensitive)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        User = get_user_model()
        login = username.strip()
        candidates = list(
            User._default_manager.filter(Q(username__iexact=login) | Q(email__iexact=login))[:2]
        )
        # An exact username match wins; an email shared by two accounts logs nobody in.
        exact = [u for u in candidates if u.get_username().lower() == login.lower()]
        user = exact[0] if exact else (candidates[0] if len(candidates) == 1 else None)
        if user is None:
            User().set_password(password)  # same time cost as a real check (timing attacks)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        # Every public page shows the learner's full name in its header: load the profile with
        # the user, in the one query the session's user costs anyway.
        User = get_user_model()
        try:
            user = User._default_manager.select_related("learner_profile").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
