# Hearback, one worker per container (compose.yaml runs two on one PostgreSQL).
# The install step is the README's own (`make install`, Quick start), the same Makefile rule
# `make test` builds on, so CI exercises it whether or not an image is ever built.
FROM python:3.11-slim

RUN apt-get update \
    && apt-get install -y --no-install-recommends make \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 hearback \
    && mkdir /data /app && chown hearback /data /app

# (Made above and given to hearback: WORKDIR alone creates it owned by root, and `make install`
# writes .venv into it as hearback.)
WORKDIR /app
COPY --chown=hearback pyproject.toml README.md Makefile ./
COPY --chown=hearback bot bot
COPY --chown=hearback storage storage
COPY --chown=hearback benchmarks benchmarks
USER hearback
RUN make install

# Each worker keeps its platform inboxes (received, not yet answered) in its own data
# directory; with PostgreSQL everything else is in the database.
ENV HEARBACK_DATA_DIR=/data \
    PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1
VOLUME /data
# Telegram webhook, Slack HTTP mode.
EXPOSE 8443 3000
CMD ["hearback"]
