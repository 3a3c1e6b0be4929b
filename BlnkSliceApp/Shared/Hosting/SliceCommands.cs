using FastEndpoints;

namespace BlnkSliceApp.Shared.Hosting;

/// <summary>
/// Runs a slice's command handler from the given container. FastEndpoints' own
/// <c>command.ExecuteAsync()</c> creates handlers from a process-wide static provider (the
/// last app built), so an app hosted beside another in one process (tests, DevCloud) could
/// run its commands against the other app's database. Handlers are registered in DI by scanning.
/// </summary>
public static class SliceCommands
{
    public static Task ExecuteAsync<TCommand>(this TCommand command, IServiceProvider services, CancellationToken ct)
        where TCommand : ICommand =>
        services.GetRequiredService<ICommandHandler<TCommand>>().ExecuteAsync(command, ct);

    public static Task<TResult> ExecuteAsync<TCommand, TResult>(this TCommand command, IServiceProvider services, CancellationToken ct)
        where TCommand : ICommand<TResult> =>
        services.GetRequiredService<ICommandHandler<TCommand, TResult>>().ExecuteAsync(command, ct);
}
