namespace BlnkSliceApp.Shared.Installs;

/// <summary>A Cloud event that contradicts what is stored; answered with its status and detail, changing nothing.</summary>
public sealed class EventRefusedException(int status, string detail) : Exception(detail)
{
    public int Status { get; } = status;
}
