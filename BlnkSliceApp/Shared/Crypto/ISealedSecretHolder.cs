namespace BlnkSliceApp.Shared.Crypto;

/// <summary>
/// A store holding <see cref="SealedSecret"/>s. At start-up every holder re-seals what the
/// previous ENCRYPTION_KEY sealed, so the previous key can be retired. Found by scanning.
/// </summary>
public interface ISealedSecretHolder
{
    /// <returns>How many records were sealed again with the current key.</returns>
    int ResealWithCurrentKey(SecretBox box);
}
