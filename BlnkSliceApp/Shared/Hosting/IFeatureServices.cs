namespace BlnkSliceApp.Shared.Hosting;

/// <summary>
/// A slice registers its own services (hosted services, typed HTTP clients, options) here, so
/// adding a feature never means editing the host. Every implementation in the assembly is
/// found and called once at start-up; it needs a public parameterless constructor.
/// </summary>
public interface IFeatureServices
{
    void Add(IServiceCollection services, Configuration.AppSettings settings);
}
