# The site's image: gunicorn (gunicorn.conf.py) serving Django; static files by WhiteNoise.
# Pinned base: Debian bookworm's postgresql-client (15) matches the compose database,
# so backup_site's pg_dump can dump it.
FROM python:3.12.12-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
# requirements.txt is generated from uv.lock (make lock): exact versions with hashes.
RUN pip install --require-hashes -r requirements.txt
COPY . .
# pip compiled the packages; the site's own modules too, or each gunicorn worker
# (recycled every GUNICORN_MAX_REQUESTS) compiles them on its first requests.
RUN python -m compileall -q /app
RUN SECRET_KEY=build-only DEBUG=off python manage.py collectstatic --no-input -v0
RUN useradd --create-home --uid 10001 app \
    && mkdir -p /data/media /data/private-media /app/backups \
    && chown app /data/media /data/private-media /app/backups
USER app
EXPOSE 8000
# gunicorn finishes the requests in flight on SIGTERM (graceful_timeout).
STOPSIGNAL SIGTERM
CMD ["gunicorn", "--config", "gunicorn.conf.py", "eurocities.wsgi:application"]
