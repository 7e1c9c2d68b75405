# syntax=docker/dockerfile:1
# railguard's image: the wheel of this repository (the same package `pip install .` installs),
# run as `railguard serve` by a numeric non-root user. Pin the base by digest in your registry
# mirror for reproducible builds (python:3.12.8-slim-bookworm@sha256:...).

# --- build: make the wheel and install it into a self-contained virtualenv --------------------
FROM python:3.12.8-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m pip install "build==1.2.2"
COPY pyproject.toml README.md constraints.txt ./
COPY webhook ./webhook
COPY policies ./policies
COPY manifests ./manifests
RUN python -m build --wheel --outdir /dist \
 && python -m venv /opt/railguard \
 && /opt/railguard/bin/pip install /dist/railguard-*.whl --constraint constraints.txt \
 && /opt/railguard/bin/pip uninstall --yes pip \
 && /opt/railguard/bin/railguard --version

# --- runtime: the interpreter and the virtualenv, nothing else --------------------------------
FROM python:3.12.8-slim-bookworm AS runtime
# The base image's own pip and setuptools are not needed at run time.
RUN python -m pip uninstall --yes pip setuptools wheel \
 && groupadd --system --gid 10001 railguard \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin railguard
COPY --from=build /opt/railguard /opt/railguard
ENV PATH=/opt/railguard/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    RAILGUARD_HOST=0.0.0.0 \
    RAILGUARD_PORT=8443
USER 10001:10001
EXPOSE 8443
ENTRYPOINT ["railguard", "serve"]
