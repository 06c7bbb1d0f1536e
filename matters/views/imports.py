"""CSV import of the firm's existing case list (see matters/importer.py)."""

from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import ngettext

from matters import importer
from matters.forms import ImportForm
from portal.accounts import access


@access.require(access.can_import)
def import_matters(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = importer.import_csv(
            form.cleaned_data["file"],
            by=request.user,
            commit=form.cleaned_data["confirm"],
            send_invitations=form.cleaned_data["send_invitations"],
        )
        if report.committed:
            messages.success(
                request,
                ngettext("%(n)s matter imported.", "%(n)s matters imported.", report.created)
                % {"n": report.created},
            )
            if form.cleaned_data["send_invitations"]:
                messages.success(
                    request,
                    ngettext(
                        "%(n)s client invited by email.",
                        "%(n)s clients invited by email.",
                        report.invited,
                    )
                    % {"n": report.invited},
                )
    return render(
        request,
        "matters/staff/import.html",
        {"form": form, "report": report, "columns": importer.COLUMNS},
    )
