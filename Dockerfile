# syntax=docker/dockerfile:1
# Speaking Diary backend: built with the Maven wrapper, run as a non-root user on a Temurin JRE.

FROM eclipse-temurin:25-jdk-noble AS build
WORKDIR /src
# Dependencies first: this layer is rebuilt only when the build itself changes.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline
COPY db db
COPY src/main src/main
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -Dmaven.test.skip=true package \
 && java -Djarmode=tools -jar target/speaking-diary-backend-*.jar extract --layers --launcher --destination /layers

FROM eclipse-temurin:25-jre-noble
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin diary
WORKDIR /app
# Least-changing layers first, so an upgrade usually ships only the application layer.
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
# Operator commands in the container: /app/diary webhook set|info, /app/diary import-legacy FILE [--dry-run]
COPY --chmod=755 <<'SCRIPT' /app/diary
#!/bin/sh
exec java org.springframework.boot.loader.launch.JarLauncher "$@"
SCRIPT
USER 10001:10001
# Heap from the container's memory limit; exit (and be restarted) rather than limp on after an OutOfMemoryError.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    SERVER_PORT=8080 \
    MANAGEMENT_SERVER_PORT=8081
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/api/telegram/health || exit 1
# Spring Boot stops gracefully on SIGTERM: in-flight requests finish, the outbox sender stops after its sends.
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
