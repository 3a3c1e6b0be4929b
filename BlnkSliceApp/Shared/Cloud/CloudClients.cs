using BlnkSliceApp.Shared.Crypto;
using BlnkSliceApp.Shared.Installs;

namespace BlnkSliceApp.Shared.Cloud;

/// <summary>Hands out a <see cref="CloudClient"/> bound to one install: its key, its instance, its scopes, its lifetime.</summary>
public sealed class CloudClients(
    IHttpClientFactory httpClients,
    InstallDirectory installs,
    InstallLifetimes lifetimes,
    ILogger<CloudClient> logger)
{
    public CloudClient For(InstallRecord install)
    {
        // Captured now: once the install ends this token stays cancelled, even if a re-install
        // later starts a new lifetime (with a new key this client does not hold).
        var lifetime = lifetimes.TokenFor(install.InstalledAppId);
        string key;
        try
        {
            key = installs.OpenApiKey(install);
        }
        catch (InvalidOperationException)
        {
            throw new CloudCallException("The app is not installed in this Blnk instance any more, so it cannot call Blnk Cloud.");
        }
        catch (SecretUnavailableException)
        {
            throw new CloudCallException("The install's Blnk Cloud key cannot be decrypted with the configured ENCRYPTION_KEY; install the app again or restore the key.");
        }
        return new CloudClient(httpClients.CreateClient(CloudRequests.HttpClientName), install, key, lifetime, logger);
    }
}
