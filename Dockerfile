# activitysmith-mock: a mock ActivitySmith API server.
#   docker build -t activitysmith-mock .
#   docker run -p 8080:8080 activitysmith-mock

FROM swift:6.3-bookworm AS build
RUN export DEBIAN_FRONTEND=noninteractive && apt-get -q update && apt-get -q install -y libsqlite3-dev libssl-dev libcurl4-openssl-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
# The default fixtures are compiled in (Sources/MockServer/Resources/default.json links there).
COPY fixtures ./fixtures
# SwiftPM checks every target's folder, the test targets' too; only the product is built.
COPY Tests ./Tests
# Swift's runtime is linked in statically: the runtime image needs no Swift toolchain.
RUN swift build -c release --static-swift-stdlib --product activitysmith-mock \
 && install -D "$(swift build -c release --show-bin-path)/activitysmith-mock" /out/activitysmith-mock \
 && strip /out/activitysmith-mock

FROM debian:bookworm-slim
RUN export DEBIAN_FRONTEND=noninteractive && apt-get -q update \
 && apt-get -q install -y --no-install-recommends libsqlite3-0 libssl3 libcurl4 ca-certificates \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/debconf/*-old /var/log/apt /var/log/dpkg.log \
 && useradd --system --uid 10001 --user-group --home-dir /data --no-create-home mock \
 && mkdir -p /data && chown mock:mock /data
COPY --from=build /out/activitysmith-mock /usr/local/bin/activitysmith-mock
USER mock
WORKDIR /data
VOLUME ["/data"]
# Every flag is also an ACTIVITYSMITH_MOCK_* variable: -e ACTIVITYSMITH_MOCK_DB=:memory:,
# -e ACTIVITYSMITH_MOCK_FIXTURES=/fixtures.json with -v ./my-fixtures.json:/fixtures.json:ro, ...
# HTTPS on 8443 with a CA generated at first start and kept in /data beside the database
# (/data/activitysmith-mock.sqlite.tls/ca.pem; also at GET /_mock/tls/ca.pem).
ENV ACTIVITYSMITH_MOCK_HOST=0.0.0.0 \
    ACTIVITYSMITH_MOCK_PORT=8080 \
    ACTIVITYSMITH_MOCK_TLS_PORT=8443 \
    ACTIVITYSMITH_MOCK_DB=/data/activitysmith-mock.sqlite
EXPOSE 8080 8443
HEALTHCHECK --interval=5s --timeout=3s --start-period=3s --retries=3 CMD ["activitysmith-mock", "healthcheck"]
# The server itself is PID 1: it takes SIGTERM with sigwait, finishes in-flight requests,
# checkpoints the database and exits 0.
ENTRYPOINT ["activitysmith-mock"]
