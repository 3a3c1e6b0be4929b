namespace BlnkSliceApp.DevCloud;

// An explicit entry type: a top-level Program here would clash with the app's Program in tests.
public static class DevCloudProgram
{
    public static int Main() => 0;
}
