# syntax=docker/dockerfile:1
# StatusPage host: docker build -t statuspage:0.2.0 .   (docker-compose.yml builds it for a trial,
# docker-compose.production.yml runs it in production shape)
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore from the project files alone: the package layer is reused until a dependency changes, not rebuilt on
# every change to the code.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/Domain/StatusPage.Domain.csproj src/Domain/
COPY src/Projections/StatusPage.Projections.csproj src/Projections/
COPY src/Application/StatusPage.Application.csproj src/Application/
COPY src/Host/StatusPage.Host.csproj src/Host/
RUN dotnet restore src/Host/StatusPage.Host.csproj
COPY src/ src/
RUN dotnet publish src/Host/StatusPage.Host.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
ARG VERSION=0.2.0
LABEL org.opencontainers.image.title="StatusPage" \
      org.opencontainers.image.description="Self-hostable, multi-tenant status page and incident-communication platform" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0"
WORKDIR /app
COPY --from=build /app .
# The demo keeps its key and login here (Demo__DataFolder); a named volume mounted on it takes this owner.
RUN mkdir /data && chown "$APP_UID" /data
# The image's own unprivileged user (app, uid 1654): the host needs no root for anything.
USER $APP_UID
ENV ASPNETCORE_ENVIRONMENT=Production \
    BIND_ADDRESS=0.0.0.0
EXPOSE 5000
# The image has no curl: bash's /dev/tcp asks /health/live, which answers 200 while the process serves.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${API_PORT:-5000} && printf 'GET /health/live HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "StatusPage.Host.dll"]
