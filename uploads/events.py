"""Event kinds that the vault records."""

from django.utils.translation import gettext_lazy as _

KINDS = {
    "document.uploaded": _("File received"),
    "document.confirmed": _("Client kept the photo"),
    "document.retaken": _("Client retook the photo"),
    "document.download": _("File downloaded"),
    "document.preview": _("Preview viewed"),
    "document.exported": _("File exported with its matter"),
    "document.unreadable": _("File failed its integrity check"),
    "document.destroyed": _("File destroyed"),
    "document.archived": _("File archived under a retention policy"),
    "document.ocr_failed": _("Text recognition failed"),
    "document.text_read": _("Text recognised"),
    "document.text_viewed": _("Recognised text viewed"),
    "document.fields_confirmed": _("Fields from a document confirmed"),
    "document.search": _("Documents searched"),
    "matter.exported": _("Matter documents exported"),
    "upload_link.sent": _("Upload link sent"),
    "upload_link.used": _("Upload link used"),
    "upload_link.refused": _("Upload link refused"),
}
