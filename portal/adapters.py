from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Clients join by invitation from the firm; staff accounts are made by Admin.
        return False

    def get_login_redirect_url(self, request):
        user = request.user
        if user.is_authenticated and user.is_firm_staff:
            return reverse("staff:home")
        return super().get_login_redirect_url(request)
