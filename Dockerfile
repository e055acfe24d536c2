FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt .
# requirements.txt is generated from uv.lock (make lock): exact versions with hashes.
RUN pip install --no-cache-dir --require-hashes -r requirements.txt
COPY . .
RUN SECRET_KEY=build-only DEBUG=off python manage.py collectstatic --no-input
RUN useradd --create-home app && mkdir -p /data/media && chown app /data/media
USER app
EXPOSE 8000
CMD ["gunicorn", "eurocities.wsgi:application", "--bind", "0.0.0.0:8000"]
