# Pinned to a patch release and Debian base: a retagged upstream image must not change a build.
FROM python:3.11.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml README.md ./
COPY meetwire/__init__.py meetwire/__init__.py
COPY models/__init__.py models/__init__.py
COPY worker/__init__.py worker/__init__.py
COPY scheduler/__init__.py scheduler/__init__.py
RUN pip install . && pip uninstall -y meetwire

COPY . .
RUN pip install --no-deps . && useradd --create-home meetwire
USER meetwire

CMD ["celery", "-A", "worker.app", "worker", "--loglevel=INFO"]
