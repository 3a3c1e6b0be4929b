using BlnkSliceApp.Shared.Cloud;
using BlnkSliceApp.Shared.Sync.Alerts;

namespace BlnkSliceApp.Features.Alerts;

/// <summary>One of the app's own findings, with Cloud's record of it when Cloud has one and alerts:read lets the app read it.</summary>
public sealed record OwnAlert(RaisedAlertRecord Local, CloudAlertDetails? Cloud)
{
    public bool Open => Cloud is { } cloud ? !cloud.Resolved : Local.Open;
    public string? CloudAlertId => Cloud?.AlertId ?? Local.CloudAlertId;
}

/// <summary>
/// The Alerts view: the app's own findings first, then a page of the other alerts of the
/// instance as Cloud lists them (the app's own left out of it). <see cref="CloudError"/> says
/// why Cloud's part is missing when Cloud could not be read.
/// </summary>
public sealed record AlertsView(
    IReadOnlyList<OwnAlert> Own,
    IReadOnlyList<CloudAlertDetails> Others,
    int Page,
    int Pages,
    long CloudTotal,
    bool CanRead,
    bool CanWrite,
    string? CloudError,
    AlertLinks Links)
{
    public string? Notice { get; init; }
    public string? Error { get; init; }
}
