namespace BlnkSliceApp.Shared.Portal;

/// <summary>
/// One entry of the portal's navigation. Each view's slice registers its own entry in its
/// <c>IFeatureServices</c> (<c>services.AddSingleton(new PortalNavItem(...))</c>), so a new view
/// joins the navigation without editing the shell. <paramref name="Order"/> sorts the entries.
/// </summary>
public sealed record PortalNavItem(string Key, string Label, string Route, int Order);
