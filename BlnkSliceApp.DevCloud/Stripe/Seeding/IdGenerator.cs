namespace BlnkSliceApp.DevCloud.Stripe.Seeding;

/// <summary>Stripe-looking ids drawn from a seeded generator, so a seed gives the same ids every run.</summary>
public sealed class IdGenerator(Random random)
{
    const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public string Next(string prefix, int length = 24) =>
        string.Create(prefix.Length + length, (prefix, random), static (span, state) =>
        {
            state.prefix.AsSpan().CopyTo(span);
            for (var i = state.prefix.Length; i < span.Length; i++)
                span[i] = Alphabet[state.random.Next(Alphabet.Length)];
        });
}
