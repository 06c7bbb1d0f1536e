import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import check_for_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from billing.access import client_invoices
from billing.models import Invoice
from matters import access as matter_access
from matters.models import DocumentRequest, Matter, Task
from matters.views.client import client_matters
from portal.accounts import access
from portal.accounts.models import Role
from uploads.models import Document

# Set when the client hides the "New here?" box for the rest of the session.
GUIDE_HIDDEN = "portal_guide_hidden"


@login_required
def home(request):
    """The client's home; staff land in their workspace instead."""
    if request.user.is_firm_staff:
        return redirect("staff:home")
    if request.GET.get("guide") == "hide":
        # A plain link, so it works without JavaScript; it only hides a tip.
        request.session[GUIDE_HIDDEN] = True
        return redirect("home")

    # The photo guide box, until the first upload (or until hidden).
    show_guide = (
        not request.session.get(GUIDE_HIDDEN)
        and not Document.objects.filter(uploaded_by=request.user).exists()
    )
    unpaid_invoices = client_invoices(request.user).filter(
        status__in=(Invoice.Status.ISSUED, Invoice.Status.PARTIALLY_PAID)
    )
    return render(
        request,
        "portal/client_home.html",
        {
            "items": client_matters(request.user),
            "show_guide": show_guide,
            "unpaid_invoices": unpaid_invoices.order_by("due_date", "number"),
        },
    )


@access.require(access.can_use_staff_workspace)
def staff_home(request):

    labels = dict(Role.choices)
    roles_display = ", ".join(str(labels[r]) for r in Role.values if r in request.user.roles)
    today = timezone.localdate()
    matters = matter_access.visible_matters(request.user).filter(status=Matter.Status.OPEN)
    tasks = matter_access.task_list(request.user).filter(status=Task.Status.OPEN)
    open_requests = DocumentRequest.objects.filter(
        status__in=[DocumentRequest.Status.REQUESTED, DocumentRequest.Status.REJECTED]
    )
    return render(
        request,
        "portal/staff_home.html",
        {
            "roles_display": roles_display,
            "matter_count": matters.count(),
            "my_task_count": tasks.count(),
            "due_count": tasks.filter(due_date__lte=today + dt.timedelta(days=7)).count(),
            "overdue_count": tasks.filter(due_date__lt=today).count(),
            "missing_count": matters.filter(pk__in=open_requests.values("matter")).count(),
        },
    )


@require_POST
def set_language(request):
    """Django's switcher, plus remembering the choice on the signed-in user's account."""
    language = request.POST.get("language", "")
    if (
        request.user.is_authenticated
        and check_for_language(language)
        and language in dict(settings.LANGUAGES)
    ):
        request.user.preferred_language = language
        request.user.save(update_fields=["preferred_language"])
    # Django's view checks that "next" is a safe, same-host URL.
    return django_set_language(request)


@never_cache
@require_GET
def healthz(request):
    """For load balancers and docker-compose: the database answers."""
    with connection.cursor() as cur:
        cur.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
