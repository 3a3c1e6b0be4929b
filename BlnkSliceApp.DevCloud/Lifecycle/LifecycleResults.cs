namespace BlnkSliceApp.DevCloud.Lifecycle;

/// <summary>What a Launch got back: the portal URL when the app answered 2xx with one.</summary>
public sealed record LaunchResult(int? Status, Uri? PortalUrl, string? Error)
{
    public bool Succeeded => PortalUrl is not null;
}

/// <summary>What an Uninstall got back; the key is dead only when <see cref="Succeeded"/>.</summary>
public sealed record UninstallResult(int? Status, string? Error)
{
    public bool Succeeded => Status is >= 200 and < 300;
}
