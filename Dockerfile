# privaudit in a container: `docker build -t privaudit .` gives the static
# audit (no browser); `docker build --target browser -t privaudit:browser .`
# adds Debian's Chromium for --browser. examples/kubernetes-batch.yaml runs it.
#
# The build stage runs `make build`, the command developers and CI use, so
# the binary in the image is the one the tests cover (internal/archtest
# checks this file without a Docker daemon).

FROM golang:1.26.8-trixie AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN make build

FROM debian:13.2-slim AS static
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 10001 privaudit
COPY --from=build /src/bin/privaudit /usr/local/bin/privaudit
USER privaudit
WORKDIR /home/privaudit
ENTRYPOINT ["privaudit"]

FROM static AS browser
USER root
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-liberation \
 && rm -rf /var/lib/apt/lists/*
USER privaudit
ENV CHROME_PATH=/usr/bin/chromium

# The default target is the static image.
FROM static
