namespace BlnkSliceApp.Shared.Installs;

/// <summary>What the portal and refusals say about an install's own state, in one place.</summary>
public static class InstallNotices
{
    public const string NeedsReinstall =
        "This install's Blnk Cloud key cannot be decrypted with the app's current ENCRYPTION_KEY, so the app cannot act for this instance. " +
        "Reinstall the app in Blnk Cloud (or have the operator restore the previous key as ENCRYPTION_KEY_PREVIOUS).";
}
