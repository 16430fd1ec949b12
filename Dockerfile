# guildhall in a container: builds the hub mounted at /site.
#
#     docker build -t guildhall .
#     docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/site" guildhall
#     docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/site" guildhall check --format github
#
# Two stages: the first compiles the release binary, the second is a distroless image holding
# only that binary and the C runtime it links against, run as an unprivileged user. The build
# cache lives in /site/.guildhall/cache, so it survives between runs with the hub.

FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin guildhall \
    && install -D target/release/guildhall /out/guildhall

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /out/guildhall /usr/local/bin/guildhall
# The image's unprivileged user, nonroot.
USER 65532:65532
WORKDIR /site
ENTRYPOINT ["/usr/local/bin/guildhall"]
CMD ["build"]
