namespace BlnkSliceApp.DevCloud.Bench;

/// <summary>One line per figure against its target; a figure printed where its target is not held (a --quick run, another size) says so instead of claiming it met.</summary>
static class BenchTargets
{
    public static bool Report(string what, bool ok, string figure, bool held = true)
    {
        Console.WriteLine($"{what}: {figure} {(!held ? "(not held at this size)" : ok ? "MET" : "MISSED")}");
        return ok || !held;
    }
}
