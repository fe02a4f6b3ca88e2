# syntax=docker/dockerfile:1
# Consent service image. Build from the repository root:
#   docker build -t consent-service:dev .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# Published for the image's platform, the service is compiled ahead of time (ReadyToRun, see its project file).
ARG TARGETARCH
WORKDIR /src
# Restore first, from the project files only, so code edits keep the restore layer cached. Every project the
# service references must be copied here (scripts/dockerfiles.sh replays this stage in the test command).
COPY Directory.Build.props Directory.Packages.props ./
COPY src/Contracts/Contracts.csproj src/Contracts/
COPY src/Domain/Domain.csproj src/Domain/
COPY src/ConsentService/ConsentService.csproj src/ConsentService/
RUN dotnet restore src/ConsentService/ConsentService.csproj -a $TARGETARCH
COPY src/ src/
RUN dotnet publish src/ConsentService/ConsentService.csproj -c Release -a $TARGETARCH -o /app --no-restore /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# A fixed numeric uid lets Kubernetes' runAsNonRoot verify it (the chart runs as 10001). The age rule of a minor's
# consent counts on Belgium's calendar (Consent__TimeZone): the time-zone data must be there.
RUN groupadd --gid 10001 consent \
 && useradd --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin consent \
 && { [ -f /usr/share/zoneinfo/Europe/Brussels ] || { apt-get update && apt-get install -y --no-install-recommends tzdata && rm -rf /var/lib/apt/lists/*; }; }
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Auth__DevTokens=false \
    DOTNET_NOLOGO=1
EXPOSE 8080
USER 10001:10001
ENTRYPOINT ["dotnet", "Consent.Service.dll"]
