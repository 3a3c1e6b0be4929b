using System.Runtime.CompilerServices;

namespace BlnkSliceApp.Tests.Support;

static class TestProcessSettings
{
    /// <summary>
    /// The test host's heap holds the apps of every test class running at once, so the apps'
    /// memory gate for runs (SYNC_MEMORY_BUDGET_MB) would hold back runs for memory that is not
    /// theirs. RunSlotsTests prove the gate with a heap of their own.
    /// </summary>
    [ModuleInitializer]
    internal static void Apply() => Environment.SetEnvironmentVariable("SYNC_MEMORY_BUDGET_MB", "1048576");
}
