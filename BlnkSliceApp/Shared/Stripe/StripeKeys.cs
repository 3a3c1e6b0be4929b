using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Crypto;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Storage;
using LiteDB;

namespace BlnkSliceApp.Shared.Stripe;

/// <summary>
/// Which Stripe key an install syncs with: its own (entered in the portal, sealed like the
/// Cloud key), else the server's STRIPE_SECRET_KEY, else none. The one place that opens a
/// sealed Stripe key.
/// </summary>
public sealed class StripeKeys(AppDatabase database, SecretBox box, AppSettings settings, TimeProvider time, ILogger<StripeKeys> logger) : ISealedSecretHolder
{
    ILiteCollection<StripeKeyRecord> Records => database.Collection<StripeKeyRecord>(StripeKeyRecord.Collection);

    /// <summary>The key to call Stripe with for this install, in plain text; null when there is none. Never log it.</summary>
    public StripeCredentials? For(InstallRecord install)
    {
        if (Records.FindById(install.InstalledAppId) is { } record)
        {
            try
            {
                var key = box.Open(record.Key, StripeKeyRecord.KeyContext(install.InstalledAppId));
                return new StripeCredentials(key, record.AccountId, record.Live, record.Last4, StripeKeySource.Install);
            }
            catch (SecretUnavailableException)
            {
                // ENCRYPTION_KEY changed without ENCRYPTION_KEY_PREVIOUS: the sync is refused with
                // "connect a Stripe account", and entering the key again in the portal repairs it.
                logger.LogWarning("The Stripe key of {InstalledAppId} cannot be decrypted with the configured ENCRYPTION_KEY; it must be entered again", install.InstalledAppId);
                return null;
            }
        }
        return ServerKey(install);
    }

    /// <summary>What the portal may show; the account id of the server's key is unknown until Stripe is asked.</summary>
    public StripeKeyDescription? Describe(InstallRecord install)
    {
        if (Records.FindById(install.InstalledAppId) is { } record)
            // A key that no longer decrypts is shown as missing: the portal asks for it again.
            return OwnKey(install.InstalledAppId) is null ? null : new StripeKeyDescription(record.AccountId, record.Live, record.Last4, StripeKeySource.Install);
        return ServerKey(install) is { } server ? new StripeKeyDescription(null, server.Live, server.Last4, StripeKeySource.Environment) : null;
    }

    public bool HasOwnKey(string installedAppId) => Records.Exists(r => r.InstalledAppId == installedAppId);

    /// <summary>The install's own key when it has one that still opens; for replacing or forgetting it.</summary>
    public StripeCredentials? OwnKey(string installedAppId)
    {
        if (Records.FindById(installedAppId) is not { } record)
            return null;
        try
        {
            return new StripeCredentials(box.Open(record.Key, StripeKeyRecord.KeyContext(installedAppId)), record.AccountId, record.Live, record.Last4, StripeKeySource.Install);
        }
        catch (SecretUnavailableException)
        {
            return null;
        }
    }

    /// <summary>Stores (or replaces) the install's key, sealed. The caller has checked it with Stripe.</summary>
    public void Save(string installedAppId, string key, string accountId, bool live)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(installedAppId);
        if (!StripeKeyFormat.IsWellFormed(key))
            throw new ArgumentException("Not a Stripe secret or restricted key.", nameof(key));
        Records.Upsert(new StripeKeyRecord
        {
            InstalledAppId = installedAppId,
            Key = box.Seal(key, StripeKeyRecord.KeyContext(installedAppId)),
            AccountId = accountId,
            Live = live,
            Last4 = StripeKeyFormat.Last4(key),
            SavedAt = UnixMs.From(time.GetUtcNow()),
        });
    }

    /// <returns>True when the install had a key of its own.</returns>
    public bool Remove(string installedAppId) => Records.Delete(installedAppId);

    /// <summary>
    /// The deployment's key serves only the instances it was set up for (STRIPE_SECRET_KEY_INSTANCES):
    /// an install anyone made on another instance never syncs the deployment's Stripe account.
    /// </summary>
    StripeCredentials? ServerKey(InstallRecord install) =>
        settings.ServerStripeKeyServes(install.InstanceId)
            ? StripeCredentials.FromKey(settings.StripeSecretKey!, null, StripeKeySource.Environment)
            : null;

    public int ResealWithCurrentKey(SecretBox secretBox)
    {
        var count = 0;
        foreach (var record in Records.FindAll().ToList())
        {
            if (!secretBox.NeedsResealing(record.Key))
                continue;
            var context = StripeKeyRecord.KeyContext(record.InstalledAppId);
            string plain;
            try
            {
                plain = secretBox.Open(record.Key, context);
            }
            catch (SecretUnavailableException)
            {
                // Kept (the previous key may come back); the portal asks for the key again meanwhile.
                logger.LogWarning("The Stripe key of {InstalledAppId} cannot be decrypted with ENCRYPTION_KEY or ENCRYPTION_KEY_PREVIOUS; it must be entered again in the portal", record.InstalledAppId);
                continue;
            }
            record.Key = secretBox.Seal(plain, context);
            Records.Update(record);
            count++;
        }
        return count;
    }
}
