using BlnkSliceApp.Shared.Installs;

namespace BlnkSliceApp.Features.Repair;

/// <summary>
/// A repair posts to the ledger (data:write) and, like every run, looks references up first so
/// nothing is posted twice (data:read). Seeing what needs repair needs neither: it is the app's own record.
/// </summary>
public static class RepairPermission
{
    public static string? Missing(InstallRecord install) =>
        !install.Has(Scopes.DataWrite) ? Scopes.DataWrite
        : !install.Has(Scopes.DataRead) ? Scopes.DataRead
        : null;

    public static string Refusal(string scope, string action) =>
        $"Nothing was {action}: repairs post to the ledger, which needs the {scope} permission. An admin can reinstall the app in Blnk Cloud and grant it.";
}
