# syntax=docker/dockerfile:1
# DevBot: `docker build -t devbot .` then `docker run -p 8080:8080 -v devbot-data:/data --env-file .env devbot`.
# The same image runs the API (`serve`, the default), scale-out workers (`worker`) and one-shot commands
# (`migrate`, `users create --name NAME`).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# Set by BuildKit (amd64, arm64). The publish is for that runtime identifier, so the image carries only its own
# platform's ONNX Runtime library (the local embedding model's), not every platform's.
ARG TARGETARCH
WORKDIR /source
# Restore first, from the project files alone, so code edits do not invalidate the package layer.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/DevBot/DevBot.csproj src/DevBot/
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet restore src/DevBot/DevBot.csproj -r "linux-$( [ "$TARGETARCH" = arm64 ] && echo arm64 || echo x64 )"
COPY src/ src/
# The model file (~87 MB) is copied from the NuGet cache, so the publish shares the restore's cache mount.
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish src/DevBot/DevBot.csproj --no-restore -c Release -o /app \
        -r "linux-$( [ "$TARGETARCH" = arm64 ] && echo arm64 || echo x64 )" --self-contained false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
ENV DEVBOT_DATA_DIR=/data \
    ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
# The image's unprivileged "app" user owns the data folder; nothing runs as root.
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME /data
COPY --from=build /app ./
USER $APP_UID
EXPOSE 8080
# The runtime image has no curl or wget: bash's /dev/tcp makes the request. Worker containers (no HTTP
# listener) switch this check off (compose.yaml); Kubernetes uses its own probes instead.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/live HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "devbot.dll"]
CMD ["serve"]
