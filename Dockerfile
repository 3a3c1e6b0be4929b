# syntax=docker/dockerfile:1
# Build with the SDK, run on the ASP.NET runtime only. DevCloud and the tests are not in the image.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY BlnkSliceApp/BlnkSliceApp.csproj BlnkSliceApp/
# Restored for this platform's runtime, as publishing compiles ahead of time for it (see BlnkSliceApp.csproj).
RUN dotnet restore BlnkSliceApp/BlnkSliceApp.csproj -p:_IsPublishing=true
COPY BlnkSliceApp/ BlnkSliceApp/
RUN dotnet publish BlnkSliceApp/BlnkSliceApp.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The ASP.NET image ships a non-root "app" user (uid 1654); /data is its volume.
RUN mkdir -p /data && chown app:app /data
USER app
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DATABASE_PATH=/data/blnkslice.db
VOLUME ["/data"]
EXPOSE 8080
# The runtime image has no curl or wget; the app answers its own health check.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["dotnet", "BlnkSliceApp.dll", "--health-check", "http://localhost:8080/ready"]
ENTRYPOINT ["dotnet", "BlnkSliceApp.dll"]
