# The portal's image: web (gunicorn), worker and beat (celery) all run from it.
# docker-compose.yml at the root shows how the pieces fit together.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORTAL_VAR_DIR=/app/var

# OCR (tesseract, English and Spanish; OCR-B, the passport zone's font), WeasyPrint's libraries (Pango, PangoFT2,
# HarfBuzz and its subsetter, fontconfig) and the fonts the PDFs are set in.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        tesseract-ocr \
        tesseract-ocr-eng \
        tesseract-ocr-spa \
        fonts-ocr-b \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        libfontconfig1 \
        shared-mime-info \
        fonts-dejavu-core \
        fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

# An unprivileged user runs everything; it owns only var/ (media and state).
RUN groupadd --system --gid 1000 portal \
    && useradd --system --uid 1000 --gid portal --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin portal

WORKDIR /app

# Dependencies first, from the lock file alone (the exact versions CI tested, each file
# checked against its hash), so that a code change does not reinstall them.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

COPY . .
RUN pip install --no-deps .

# Static files are collected at build time. The settings refuse to load with
# DEBUG off unless SECRET_KEY and PORTAL_KEYS are set: these throwaway values
# exist for this one command only and are not in the image's environment.
RUN DEBUG=0 \
    SECRET_KEY=build-only-collectstatic-not-a-secret \
    PORTAL_KEYS=build:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media \
    && chown -R portal:portal /app/var

USER portal

EXPOSE 8000

CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
