namespace BlnkSliceApp.Shared.Installs;

/// <summary>
/// A store that keeps something of an install's customers (names, emails, phones) or copies of
/// its Stripe objects. After an uninstall it deletes them, and keeps only what a re-install on
/// the same instance needs to stay exactly-once (posted references, cursor, run counts).
/// </summary>
public interface IInstallErasable
{
    /// <returns>How many records were deleted or cleared.</returns>
    int EraseInstallData(string installedAppId);
}
