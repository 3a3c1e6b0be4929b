using System.Security.Cryptography;
using System.Text;
using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Crypto;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Storage;
using LiteDB;

namespace BlnkSliceApp.Shared.Portal;

public enum SessionCheck { Valid, Missing, Invalid, Expired, Revoked, InstallInactive }

/// <param name="Install">The install as the check found it (active, the session's generation), so a request reads it once.</param>
public sealed record PortalSession(string InstalledAppId, DateTimeOffset ExpiresAt, InstallRecord Install);

/// <summary>
/// Portal sessions: a server-side record plus a token "id.expiry.signature" signed with
/// SESSION_SECRET (HMAC-SHA256). Every portal request checks signature, expiry, the record
/// (revocation) and that the install is still active.
/// </summary>
public sealed class PortalSessions(AppDatabase database, AppSettings settings, InstallDirectory installs, TimeProvider time) : IStorageIndexes
{
    ILiteCollection<PortalSessionRecord> Sessions => database.Collection<PortalSessionRecord>(PortalSessionRecord.Collection);

    /// <summary>Every portal request reads its session: kept while no session is written (see <see cref="KeptById{T}"/>).</summary>
    readonly KeptById<PortalSessionRecord> _kept = new(database, PortalSessionRecord.Collection, record => record.Copy(), keepMissing: true);

    public (string Token, PortalSession Session) Create(InstallRecord install)
    {
        var installedAppId = install.InstalledAppId;
        var now = time.GetUtcNow();
        var expires = now + settings.PortalSessionLifetime;
        var id = Tokens.NewToken();
        Sessions.Insert(new PortalSessionRecord
        {
            IdHash = Tokens.Hash(id),
            InstalledAppId = installedAppId,
            InstallGeneration = install.Generation,
            CreatedAt = UnixMs.From(now),
            ExpiresAt = UnixMs.From(expires),
        });
        var payload = $"{id}.{UnixMs.From(expires)}";
        return ($"{payload}.{Sign(payload)}", new PortalSession(installedAppId, expires, install));
    }

    public (SessionCheck Result, PortalSession? Session) Check(string? token)
    {
        if (string.IsNullOrEmpty(token))
            return (SessionCheck.Missing, null);

        var parts = token.Split('.');
        if (parts.Length != 3 || !long.TryParse(parts[1], out var expiresMs))
            return (SessionCheck.Invalid, null);

        var expected = Encoding.ASCII.GetBytes(Sign($"{parts[0]}.{parts[1]}"));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[2])))
            return (SessionCheck.Invalid, null);

        if (UnixMs.From(time.GetUtcNow()) >= expiresMs)
            return (SessionCheck.Expired, null);

        // Signed by this app: the id is one it minted, so "not found" may be kept too.
        var idHash = Tokens.Hash(parts[0]);
        var record = _kept.Find(idHash, () => Sessions.FindById(idHash));
        if (record is null || record.ExpiresAt != expiresMs)
            return (SessionCheck.Invalid, null);
        if (record.RevokedAt is not null)
            return (SessionCheck.Revoked, null);
        if (installs.FindActive(record.InstalledAppId) is not { } install || install.Generation != record.InstallGeneration)
            return (SessionCheck.InstallInactive, null);

        return (SessionCheck.Valid, new PortalSession(record.InstalledAppId, UnixMs.ToTime(expiresMs), install));
    }

    /// <summary>Revokes every session of an install (uninstall); returns how many.</summary>
    public int RevokeAll(string installedAppId)
    {
        var now = UnixMs.From(time.GetUtcNow());
        // A parameterised expression: LiteDB compiles it once, where a lambda is translated on every call.
        var open = Sessions.Find(BsonExpression.Create("InstalledAppId = @0 AND RevokedAt = null", installedAppId)).ToList();
        foreach (var session in open)
        {
            session.RevokedAt = now;
            Sessions.Update(session);
        }
        return open.Count;
    }

    /// <summary>
    /// Drops expired sessions. A pruned token still reads as expired: its expiry is signed into
    /// the token and checked before the record is looked up.
    /// </summary>
    public int Prune()
    {
        var now = UnixMs.From(time.GetUtcNow());
        return Sessions.DeleteMany(s => s.ExpiresAt <= now);
    }

    string Sign(string payload) =>
        Tokens.Base64Url(HMACSHA256.HashData(settings.SessionSecret, Encoding.ASCII.GetBytes(payload)));

    public void Ensure(LiteDatabase db)
    {
        var records = db.GetCollection<PortalSessionRecord>(PortalSessionRecord.Collection);
        records.EnsureIndex(s => s.InstalledAppId);
        records.EnsureIndex(s => s.ExpiresAt);
    }
}
