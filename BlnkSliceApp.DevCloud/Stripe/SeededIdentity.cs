namespace BlnkSliceApp.DevCloud.Stripe;

/// <summary>
/// A person already known to the Blnk ledger before the first sync. Some share an email with a
/// seeded Stripe customer (one in different letter case), so the sync must link, not duplicate.
/// </summary>
public sealed record SeededIdentity(string Email, string FirstName, string LastName);
