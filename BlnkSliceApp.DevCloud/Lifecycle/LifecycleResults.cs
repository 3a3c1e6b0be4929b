namespace BlnkSliceApp.DevCloud.Lifecycle;

/// <summary>What a Launch got back: the portal URL when the app answered 2xx with one.</summary>
public sealed record LaunchResult(int? Status, Uri? PortalUrl, string? Error)
{
    public bool Succeeded => PortalUrl is not null;
}

/// <summary>What an Uninstall got back. The key is revoked before the event is sent, whatever the answer.</summary>
public sealed record UninstallResult(int? Status, string? Error)
{
    public bool Succeeded => Status is >= 200 and < 300;
}

/// <summary>What a change of permissions got back; the new key replaced the old one only when <see cref="Succeeded"/>.</summary>
public sealed record ChangeResult(int? Status, string? Error)
{
    public bool Succeeded => Status is >= 200 and < 300;
}

/// <summary>
/// The install event's shape: Cloud's current payload, or Blnk's reference-app example (an
/// api_key_prefix that is not the key's start, and organization_id as the seeds list it).
/// </summary>
public enum InstallPayloadShape { Current, BlnkExample }
