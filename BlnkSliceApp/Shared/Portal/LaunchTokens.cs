using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Crypto;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Storage;
using LiteDB;

namespace BlnkSliceApp.Shared.Portal;

public enum LaunchTokenCheck { Valid, Unknown, Used, Expired, Revoked }

/// <summary>
/// One-time launch links: 256 random bits, stored only as a SHA-256 hash, valid two
/// minutes, consumed by the first use. Launch mints them, the portal entry consumes them,
/// uninstall revokes them.
/// </summary>
public sealed class LaunchTokens(AppDatabase database, GroupCommit commits, InstallDirectory installs, TimeProvider time) : IStorageIndexes
{
    readonly Lock _gate = new();

    ILiteCollection<LaunchTokenRecord> Records => database.Collection<LaunchTokenRecord>(LaunchTokenRecord.Collection);

    public async Task<string> CreateAsync(InstallRecord install)
    {
        var token = Tokens.NewToken();
        var now = time.GetUtcNow();
        // On disk before Cloud is handed the link (a full disk is a 503, not a dead link);
        // committed with the other launches and events of the moment, one flush for all.
        await commits.WriteAsync(() => Records.Insert(new LaunchTokenRecord
        {
            TokenHash = Tokens.Hash(token),
            InstalledAppId = install.InstalledAppId,
            InstallGeneration = install.Generation,
            CreatedAt = UnixMs.From(now),
            ExpiresAt = UnixMs.From(now + AppSettings.LaunchTokenLifetime),
        }));
        return token;
    }

    /// <summary>
    /// Marks the token used; only the first caller ever gets <see cref="LaunchTokenCheck.Valid"/>,
    /// and only while the install is active in the generation the link was made for.
    /// </summary>
    public (LaunchTokenCheck Result, InstallRecord? Install) Consume(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
            return (LaunchTokenCheck.Unknown, null);

        lock (_gate)
        {
            var record = Records.FindById(Tokens.Hash(token));
            if (record is null)
                return (LaunchTokenCheck.Unknown, null);
            if (record.RevokedAt is not null)
                return (LaunchTokenCheck.Revoked, null);
            if (record.UsedAt is not null)
                return (LaunchTokenCheck.Used, null);
            var now = UnixMs.From(time.GetUtcNow());
            if (now >= record.ExpiresAt)
                return (LaunchTokenCheck.Expired, null);

            record.UsedAt = now;
            Records.Update(record);
            return installs.FindActive(record.InstalledAppId) is { } install && install.Generation == record.InstallGeneration
                ? (LaunchTokenCheck.Valid, install)
                : (LaunchTokenCheck.Revoked, null);
        }
    }

    public int RevokeAll(string installedAppId)
    {
        var now = UnixMs.From(time.GetUtcNow());
        // A parameterised expression: LiteDB compiles it once, where a lambda is translated on every call.
        var open = Records.Find(BsonExpression.Create("InstalledAppId = @0 AND RevokedAt = null AND UsedAt = null", installedAppId)).ToList();
        foreach (var record in open)
        {
            record.RevokedAt = now;
            Records.Update(record);
        }
        return open.Count;
    }

    /// <summary>Drops links that expired over an hour ago; until then a late click is told "expired" rather than "invalid".</summary>
    public int Prune()
    {
        var cutoff = UnixMs.From(time.GetUtcNow() - TimeSpan.FromHours(1));
        return Records.DeleteMany(r => r.ExpiresAt < cutoff);
    }

    public void Ensure(LiteDatabase db)
    {
        var records = db.GetCollection<LaunchTokenRecord>(LaunchTokenRecord.Collection);
        records.EnsureIndex(r => r.InstalledAppId);
        records.EnsureIndex(r => r.ExpiresAt);
    }
}
