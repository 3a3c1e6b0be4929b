using BlnkSliceApp.Shared.Crypto;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Storage;
using LiteDB;

namespace BlnkSliceApp.Shared.Portal;

public enum DownloadTokenCheck { Valid, Unknown, Used, Expired, Revoked }

/// <summary>What a download link was made for: which install, which kind of file, which subject (a payout id, say).</summary>
public sealed record DownloadGrant(InstallRecord Install, string Kind, string Subject);

/// <summary>
/// Download links for files the portal offers. The portal lives in a cross-site iframe without
/// cookies, and a plain link cannot send the session header, so a link carries its own token:
/// 256 random bits, stored only as a SHA-256 hash, bound to the install (and its generation)
/// and to one file, valid <see cref="Lifetime"/>, consumed by its first use. Made by a portal
/// request that carries the session; never the session token itself.
/// </summary>
public sealed class DownloadTokens(AppDatabase database, InstallDirectory installs, TimeProvider time) : IStorageIndexes
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    readonly Lock _gate = new();

    ILiteCollection<DownloadTokenRecord> Records => database.Collection<DownloadTokenRecord>(DownloadTokenRecord.Collection);

    public string Create(InstallRecord install, string kind, string subject)
    {
        var token = Tokens.NewToken();
        var now = time.GetUtcNow();
        lock (_gate)
        {
            // Links are short-lived: what has expired is of no use to anyone.
            Records.DeleteMany(r => r.InstalledAppId == install.InstalledAppId && r.ExpiresAt < UnixMs.From(now));
            Records.Insert(new DownloadTokenRecord
            {
                TokenHash = Tokens.Hash(token),
                InstalledAppId = install.InstalledAppId,
                InstallGeneration = install.Generation,
                Kind = kind,
                Subject = subject,
                CreatedAt = UnixMs.From(now),
                ExpiresAt = UnixMs.From(now + Lifetime),
            });
        }
        return token;
    }

    /// <summary>Marks the token used; only the first caller gets the grant, and only while its install is active in the same generation.</summary>
    public (DownloadTokenCheck Result, DownloadGrant? Grant) Consume(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
            return (DownloadTokenCheck.Unknown, null);
        lock (_gate)
        {
            var record = Records.FindById(Tokens.Hash(token));
            if (record is null)
                return (DownloadTokenCheck.Unknown, null);
            if (record.UsedAt is not null)
                return (DownloadTokenCheck.Used, null);
            var now = UnixMs.From(time.GetUtcNow());
            if (now >= record.ExpiresAt)
                return (DownloadTokenCheck.Expired, null);
            record.UsedAt = now;
            Records.Update(record);
            return installs.FindActive(record.InstalledAppId) is { } install && install.Generation == record.InstallGeneration
                ? (DownloadTokenCheck.Valid, new DownloadGrant(install, record.Kind, record.Subject))
                : (DownloadTokenCheck.Revoked, null);
        }
    }

    public void Ensure(LiteDatabase db) =>
        db.GetCollection<DownloadTokenRecord>(DownloadTokenRecord.Collection).EnsureIndex(r => r.InstalledAppId);

    sealed class DownloadTokenRecord
    {
        public const string Collection = "portal_download_tokens";

        [BsonId] public string TokenHash { get; set; } = "";
        public string InstalledAppId { get; set; } = "";
        public int InstallGeneration { get; set; }
        public string Kind { get; set; } = "";
        public string Subject { get; set; } = "";
        public long CreatedAt { get; set; }
        public long ExpiresAt { get; set; }
        public long? UsedAt { get; set; }
    }
}

/// <summary>
/// A kind of file the portal offers for download. Each feature registers its own (the payout
/// items CSV, for one); the download route finds it by <see cref="Kind"/> once a link's token
/// is consumed, and streams it.
/// </summary>
public interface IPortalDownload
{
    string Kind { get; }

    /// <summary>The file's name, or null when its subject no longer exists (the link then answers 404).</summary>
    string? FileName(InstallRecord install, string subject);

    string ContentType { get; }

    /// <summary>Writes the file to <paramref name="body"/>, in pieces, so a large file stays small in memory.</summary>
    Task WriteAsync(InstallRecord install, string subject, Stream body, CancellationToken ct);
}
