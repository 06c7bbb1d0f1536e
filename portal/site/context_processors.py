from django.conf import settings

from portal.accounts import access


def portal(request):
    user = getattr(request, "user", None)
    return {
        "FIRM_NAME": settings.FIRM_NAME,
        "SUPPORT_EMAIL": settings.SUPPORT_EMAIL,
        "SUPPORT_PHONE": settings.SUPPORT_PHONE,
        "is_staff_member": bool(user and access.is_staff_member(user)),
        "can_invite_clients": bool(user and access.can_invite_clients(user)),
        "can_use_admin_site": bool(user and access.can_use_admin_site(user)),
        "can_manage_matters": bool(user and access.can_manage_matters(user)),
        "can_review_documents": bool(user and access.can_review_documents(user)),
        "can_bill": bool(user and access.can_bill(user)),
        "can_use_compliance": bool(user and access.can_use_compliance(user)),
        "can_import": bool(user and access.can_import(user)),
    }
