from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


class UsernameOrMobileBackend(ModelBackend):
    """Log in with either the username or the mobile number."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user_model = get_user_model()
        login = username.strip()
        user = user_model.objects.filter(Q(username=login) | Q(mobile=login)).first()
        if user is None:
            # Spend the same time as a real check, so timing does not reveal which logins exist.
            user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
