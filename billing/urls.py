from django.urls import path

from billing import views

app_name = "billing"

urlpatterns = [
    # Billing staff
    path("staff/invoices/", views.invoice_list, name="invoices"),
    path("staff/invoices/new/", views.invoice_new, name="invoice_new"),
    path("staff/invoices/<uuid:invoice_uuid>/", views.invoice_detail, name="invoice"),
    path("staff/invoices/<uuid:invoice_uuid>/pdf/", views.staff_invoice_pdf, name="invoice_pdf"),
    path(
        "staff/invoices/<uuid:invoice_uuid>/<slug:action>/",
        views.invoice_action,
        name="invoice_action",
    ),
    # Clients
    path("invoices/", views.client_invoice_list, name="client_invoices"),
    path("invoices/<uuid:invoice_uuid>/", views.client_invoice, name="client_invoice"),
    path("invoices/<uuid:invoice_uuid>/pdf/", views.client_invoice_pdf, name="client_invoice_pdf"),
    path("invoices/<uuid:invoice_uuid>/pay/", views.client_invoice_pay, name="client_invoice_pay"),
    path(
        "invoices/<uuid:invoice_uuid>/dispute/",
        views.client_invoice_dispute,
        name="client_invoice_dispute",
    ),
    # Anyone with a signed link; Stripe
    path("pay/<str:token>/", views.pay_link, name="pay_link"),
    path("billing/stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
]
