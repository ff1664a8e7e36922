# handout as a container: `docker build -t handout .` then
# `docker run --rm -p 8080:8080 handout` serves POST /render on port 8080 (docs/deploy.md).
# Two stages: Debian 12 with the compilers builds and installs into /stage; the image is
# Debian 12 slim with only the runtime libraries, the binary and its data, run as a non-root user.

FROM debian:12-slim AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      build-essential cmake pkg-config libhpdf-dev libharfbuzz-dev libfribidi-dev libunibreak-dev \
      libfreetype-dev nlohmann-json3-dev libcli11-dev libhyphen-dev zlib1g-dev libdeflate-dev libpng-dev libjpeg62-turbo-dev \
      libunistring-dev libcpp-httplib-dev libqrencode-dev libicu-dev libmimalloc-dev \
 && rm -rf /var/lib/apt/lists/*
COPY CMakeLists.txt /src/
COPY cmake /src/cmake
COPY include /src/include
COPY src /src/src
COPY fuzz /src/fuzz
COPY fonts /src/fonts
COPY layouts /src/layouts
COPY content /src/content
COPY brands /src/brands
COPY resources /src/resources
COPY docs /src/docs
RUN cmake -S /src -B /build -DCMAKE_BUILD_TYPE=Release -DHANDOUT_TESTS=OFF -DHANDOUT_BENCH=OFF \
 && cmake --build /build -j"$(nproc)" --target handout handout_serve \
 && cmake --install /build --prefix /stage --component runtime --strip

FROM debian:12-slim
# The runtime libraries of the binary (the .deb's Depends, from dpkg-shlibdeps).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libhpdf-2.3.0 libharfbuzz0b libharfbuzz-subset0 libfribidi0 libunibreak1 libfreetype6 \
      libhyphen0 libunistring2 libpng16-16 libjpeg62-turbo zlib1g libdeflate0 libcpp-httplib0.11 libqrencode4 libicu72 libmimalloc2.0 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin handout
COPY --from=build /stage/bin/handout /usr/local/bin/handout
COPY --from=build /stage/libexec/handout /usr/local/libexec/handout
COPY --from=build /stage/share/handout /usr/local/share/handout
USER 10001
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/handout"]
CMD ["serve", "--listen", "0.0.0.0:8080"]
