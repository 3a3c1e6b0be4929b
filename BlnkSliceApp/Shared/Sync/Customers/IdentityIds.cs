using System.Security.Cryptography;
using System.Text;

namespace BlnkSliceApp.Shared.Sync.Customers;

/// <summary>
/// The identity id the app gives a Stripe customer: "idt_" + a name-based (version 5) UUID of
/// the customer id. The same customer always gets the same id, so a create repeated after a
/// crash meets "Identity already exists" instead of making a second identity.
/// </summary>
public static class IdentityIds
{
    /// <summary>This app's UUID namespace; never change it, or existing customers get new ids.</summary>
    static readonly Guid Namespace = new("94bd3e09-459e-4237-8627-2b2fbe7efe2a");

    public static string For(string stripeCustomerId) => "idt_" + NameBased(Namespace, stripeCustomerId).ToString("D");

    /// <summary>RFC 9562 UUIDv5: SHA-1 of namespace and name, with version and variant bits set.</summary>
    public static Guid NameBased(Guid space, string name)
    {
        Span<byte> spaceBytes = stackalloc byte[16];
        space.TryWriteBytes(spaceBytes, bigEndian: true, out _);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        spaceBytes.CopyTo(input);
        nameBytes.CopyTo(input, 16);
        var hash = SHA1.HashData(input);
        var bytes = hash.AsSpan(0, 16);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
