"""The lines a US immigration firm bills most, as a starting list Admin can edit.

USCIS fees are passed through at the amounts USCIS publishes (check them before use:
they change); flat fees are placeholders for the firm's own prices.
"""

from decimal import Decimal

from django.db import migrations

TEMPLATES = [
    ("i130-prep", "I-130 petition preparation", "Preparación de la petición I-130", "fee", 150000),
    ("i485-prep", "I-485 adjustment of status preparation", "Preparación del ajuste de estatus I-485", "fee", 200000),
    ("n400-prep", "N-400 naturalization preparation", "Preparación de la naturalización N-400", "fee", 120000),
    ("h1b-prep", "H-1B petition preparation", "Preparación de la petición H-1B", "fee", 250000),
    ("i765-prep", "I-765 work permit preparation", "Preparación del permiso de trabajo I-765", "fee", 50000),
    ("consultation", "Consultation (per hour)", "Consulta (por hora)", "hourly", 27500),
    ("translation", "Certified translation (per page)", "Traducción certificada (por página)", "expense", 2500),
    ("uscis-i130", "USCIS filing fee, I-130", "Tasa de USCIS, I-130", "filing_fee", 67500),
    ("uscis-i485", "USCIS filing fee, I-485", "Tasa de USCIS, I-485", "filing_fee", 144000),
    ("uscis-n400", "USCIS filing fee, N-400", "Tasa de USCIS, N-400", "filing_fee", 76000),
    ("uscis-i765", "USCIS filing fee, I-765", "Tasa de USCIS, I-765", "filing_fee", 52000),
    ("uscis-biometrics", "USCIS biometrics fee", "Tasa de biometría de USCIS", "filing_fee", 8500),
]


def add(apps, schema_editor):
    LineTemplate = apps.get_model("billing", "LineTemplate")
    for code, en, es, kind, amount in TEMPLATES:
        LineTemplate.objects.get_or_create(
            code=code,
            defaults={"name_en": en, "name_es": es, "kind": kind, "unit_amount": amount, "tax_rate": Decimal(0)},
        )


def remove(apps, schema_editor):
    apps.get_model("billing", "LineTemplate").objects.filter(code__in=[t[0] for t in TEMPLATES]).delete()


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
