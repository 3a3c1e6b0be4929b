using BlnkSliceApp.Features.Repair;
using BlnkSliceApp.Shared.Sync.Mapping;

namespace BlnkSliceApp.Tests.Features.Repair;

public sealed class RepairTextTests
{
    [Theory]
    [InlineData("transaction at index 12 failed: insufficient funds", "Insufficient funds.")]
    [InlineData("currency EUR does not match balance bln_1 currency USD.", "Currency EUR does not match balance bln_1 currency USD.")]
    [InlineData("transaction at index 0 failed: ", "Blnk gave no reason.")]
    [InlineData("   ", "Blnk gave no reason.")]
    [InlineData(null, "Blnk gave no reason.")]
    public void Blnks_reason_reads_as_a_sentence_without_the_bulk_calls_wrapping(string? reason, string expected) =>
        Assert.Equal(expected, RepairText.Reason(reason));

    [Theory]
    [InlineData("fees", LedgerRole.Fees)]
    [InlineData(" Fees ", LedgerRole.Fees)]
    [InlineData("applicationfees", LedgerRole.ApplicationFees)]
    [InlineData("other", LedgerRole.Other)]
    [InlineData("stripe", null)]
    [InlineData("customer", null)]
    [InlineData("opening", null)]
    [InlineData("", null)]
    public void Only_the_general_ledger_balances_can_be_chosen(string value, LedgerRole? expected) =>
        Assert.Equal(expected, RepairText.Parse(value));
}
