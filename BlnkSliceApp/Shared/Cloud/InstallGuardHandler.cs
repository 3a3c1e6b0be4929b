namespace BlnkSliceApp.Shared.Cloud;

/// <summary>
/// Runs once per attempt, inside the retry loop: an attempt (first or retry) whose install has
/// been uninstalled is never sent, so no call with a dead key leaves after the uninstall
/// callback has answered.
/// </summary>
public sealed class InstallGuardHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(CloudRequests.Lifetime, out var lifetime) && lifetime.IsCancellationRequested)
        {
            request.Options.TryGetValue(CloudRequests.InstalledAppId, out var id);
            throw new InstallEndedException(id ?? "unknown install", lifetime);
        }
        cancellationToken.ThrowIfCancellationRequested();
        return base.SendAsync(request, cancellationToken);
    }
}
