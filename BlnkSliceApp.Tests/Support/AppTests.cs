namespace BlnkSliceApp.Tests.Support;

/// <summary>A test class over one app (its own temporary database) shared by the class's tests.</summary>
public abstract class AppTests(AppFactory app) : IClassFixture<AppFactory>
{
    protected AppFactory App { get; } = app;
    protected HttpClient Client { get; } = app.CreateClient();
}
