using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Mapping;
using LiteDB;

namespace BlnkSliceApp.Shared.Sync.Repair;

/// <summary>The install's own category rules (see <see cref="CategoryRuleRecord"/>), and which balances a rule may name.</summary>
public sealed class CategoryRules(AppDatabase database) : IStorageIndexes
{
    /// <summary>
    /// The general-ledger balances an unmapped category may go to. Not the Stripe mirrors (they
    /// must equal Stripe's balances), the opening balance, or a customer's balance (an unknown
    /// kind of activity names no customer the app could trust).
    /// </summary>
    public static readonly IReadOnlyList<LedgerRole> Choosable =
    [
        LedgerRole.Fees, LedgerRole.Payouts, LedgerRole.Tax, LedgerRole.Topups, LedgerRole.Connect,
        LedgerRole.ApplicationFees, LedgerRole.Reserves, LedgerRole.Issuing, LedgerRole.Other,
    ];

    ILiteCollection<CategoryRuleRecord> Rules => database.Collection<CategoryRuleRecord>(CategoryRuleRecord.Collection);

    /// <summary>Only categories the mapping table has no rule for can have one of the install's.</summary>
    public static bool MayHaveRule(string category) => MappingRules.For(category) is null;

    public CategoryRuleRecord? Find(string installedAppId, string category) =>
        Rules.FindById(CategoryRuleRecord.IdFor(installedAppId, category));

    public IReadOnlyDictionary<string, LedgerRole> For(string installedAppId) =>
        Rules.Find(rule => rule.InstalledAppId == installedAppId)
            .ToDictionary(rule => rule.Category, rule => rule.Balance, StringComparer.Ordinal);

    public void Save(CategoryRuleRecord rule) => Rules.Upsert(rule);

    public void Ensure(LiteDatabase db) =>
        db.GetCollection<CategoryRuleRecord>(CategoryRuleRecord.Collection).EnsureIndex(rule => rule.InstalledAppId);
}
