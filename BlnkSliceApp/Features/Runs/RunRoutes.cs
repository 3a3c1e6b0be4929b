namespace BlnkSliceApp.Features.Runs;

public static class RunRoutes
{
    public const string List = "/portal/runs";
    public const string DetailPattern = "/portal/runs/{runId}";
    public const int PageSize = 25;

    public static string Page(int page) => page <= 1 ? List : $"{List}?page={page}";
    public static string Detail(string runId) => $"{List}/{Uri.EscapeDataString(runId)}";
}
