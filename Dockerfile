# The Proteus image: one image for the coordinator and the workers (the command chooses), used by deploy/kubernetes.
#   docker build -t proteus:0.1.0 .
#   docker run --rm proteus:0.1.0 --help
# Stage 1 builds with Maven, a JDK 25 and Node.js 22 (the web console is bundled by npm during the build).
FROM maven:3.9-eclipse-temurin-25 AS build
COPY --from=node:22-bookworm-slim /usr/local/bin/node /usr/local/bin/node
COPY --from=node:22-bookworm-slim /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s /usr/local/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package

# Stage 2: a JRE 25 with the launcher, the coordinator jar and its libraries.
FROM eclipse-temurin:25-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/proteus --create-home proteus
COPY --from=build /src/bin/proteus /opt/proteus/bin/proteus
COPY --from=build /src/coordinator/target/proteus-coordinator-0.1.0.jar /opt/proteus/coordinator/target/
COPY --from=build /src/coordinator/target/lib /opt/proteus/coordinator/target/lib
COPY --from=build /src/jdbc-driver/target/proteus-jdbc-0.1.0.jar /opt/proteus/jdbc-driver/target/
USER proteus
WORKDIR /var/lib/proteus
# Heap and direct memory of the JVM; Kubernetes sets them from the ConfigMap to fit the container's memory limit.
ENV PROTEUS_HEAP=2g PROTEUS_DIRECT_MEMORY=4g
# 8815 Flight SQL (clients), 8080 HTTP (console, API, /v1/health), 8816 cluster endpoint (worker registration),
# 8817 worker Flight (tasks, exchanges), 8081 worker health (/health, /ready).
EXPOSE 8815 8080 8816 8817 8081
ENTRYPOINT ["/opt/proteus/bin/proteus"]
CMD ["--help"]
