# MiniApiServer: build with the .NET SDK, run on the ASP.NET Core runtime image.
# Data lives on the volume at /data; the server listens on port 8080 on all interfaces of the container.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so the package layer is reused while only sources change.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/MiniApiServer/MiniApiServer.csproj src/MiniApiServer/
RUN dotnet restore src/MiniApiServer/MiniApiServer.csproj
COPY src/ src/
# The example manifests are embedded into the server as Swagger UI's request-body examples.
COPY api/examples/ api/examples/
RUN dotnet publish src/MiniApiServer/MiniApiServer.csproj --configuration Release --no-restore --output /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The image's non-root user owns /data, so a fresh named volume mounted there is writable by it.
RUN mkdir -p /data && chown "$APP_UID" /data
USER $APP_UID
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["dotnet", "MiniApiServer.dll", "--urls", "http://0.0.0.0:8080", "--data-dir", "/data"]
