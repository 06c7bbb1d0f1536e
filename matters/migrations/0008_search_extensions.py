"""PostgreSQL's unaccent and pg_trgm, which the matter search uses (``matters.search``).

Both ship with PostgreSQL (contrib) and are trusted extensions since PostgreSQL 13, so the
database's owner may create them. On SQLite these operations do nothing: the search
registers its own ``unaccent`` on each connection there.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("matters", "0007_phone_answers_e164")]

    operations = [UnaccentExtension(), TrigramExtension()]
