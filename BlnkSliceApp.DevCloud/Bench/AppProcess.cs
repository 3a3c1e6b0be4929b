using System.Diagnostics;
using System.Security.Cryptography;
using BlnkSliceApp.DevCloud.Hosting;

namespace BlnkSliceApp.DevCloud.Bench;

/// <summary>
/// The real app, built as it ships (its own runtimeconfig, so its own GC settings), in a child
/// process wired to DevCloud: its memory is measured apart from the emulators'.
/// </summary>
sealed class AppProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly Queue<string> _lastLines = new();
    readonly List<string> _phaseLines = new();

    AppProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code: 128 + the signal for a process a signal ended (137 after SIGKILL).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>SIGKILL, as the kernel's OOM killer or a lost node would: nothing of the app runs after it.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
            _process.Kill();
        await _process.WaitForExitAsync();
    }

    public Task WaitForExitAsync(CancellationToken ct) => _process.WaitForExitAsync(ct);

    /// <summary>The settings that wire the app to a DevCloud started without its own app.</summary>
    public static Dictionary<string, string> EnvironmentFor(DevCloudHandle devCloud, string databasePath) => new()
    {
        ["ASPNETCORE_URLS"] = devCloud.AppUrl.ToString().TrimEnd('/'),
        ["PUBLIC_BASE_URL"] = devCloud.AppUrl.ToString().TrimEnd('/'),
        ["DATABASE_PATH"] = databasePath,
        ["BLNK_CLOUD_API_URL"] = devCloud.CloudApiUrl.ToString().TrimEnd('/'),
        ["STRIPE_API_BASE"] = devCloud.Stripe!.BaseUrl.ToString().TrimEnd('/'),
        ["STRIPE_SECRET_KEY"] = devCloud.Stripe.SecretKey,
        ["FRAME_ANCESTORS"] = "'self'",
        ["SYNC_INTERVAL_MINUTES"] = "0",
        // The generated history spans about five months; read all of it.
        ["SYNC_BACKFILL_DAYS"] = "400",
    };

    /// <summary>Until <c>/ready</c> answers 200 (the database opened, the app serving).</summary>
    public async Task WaitReadyAsync(Uri appUrl, TimeSpan? within = null)
    {
        using var http = new HttpClient { BaseAddress = appUrl, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The app exited with code {_process.ExitCode} before it was ready: {LastLines()}");
            try
            {
                if ((await http.GetAsync("/ready")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException("The app did not become ready: " + LastLines());
    }

    public static AppProcess Start(string appDll, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet", [appDll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(appDll)!,
        };
        info.Environment["SESSION_SECRET"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        info.Environment["ENCRYPTION_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        // Phase timings, printed with the figures.
        info.Environment["Logging__LogLevel__BlnkSliceApp.Shared.Sync.Engine.SyncRunner"] = "Information";
        info.Environment["Logging__LogLevel__BlnkSliceApp.Shared.Sync.Engine.StripeListing"] = "Information";
        foreach (var (name, value) in environment)
            info.Environment[name] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the app");
        var app = new AppProcess(process);
        process.OutputDataReceived += (_, e) => app.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    void Keep(string? line)
    {
        if (line is null) return;
        lock (_lastLines)
        {
            if (line.Contains(" took ", StringComparison.Ordinal))
                _phaseLines.Add(line.Trim());
            _lastLines.Enqueue(line);
            while (_lastLines.Count > 20) _lastLines.Dequeue();
        }
    }

    /// <summary>The run's phase timings logged since the last call.</summary>
    public IReadOnlyList<string> TakePhaseLines()
    {
        lock (_lastLines)
        {
            var lines = _phaseLines.ToList();
            _phaseLines.Clear();
            return lines;
        }
    }

    public string LastLines()
    {
        lock (_lastLines) return string.Join(Environment.NewLine, _lastLines);
    }

    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>The most memory the process has held resident since it started (Linux VmHWM), in bytes.</summary>
    public long PeakWorkingSet()
    {
        var status = $"/proc/{_process.Id}/status";
        if (File.Exists(status))
            foreach (var line in File.ReadLines(status))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0]) * 1024;
        _process.Refresh();
        return _process.PeakWorkingSet64;
    }

    /// <summary>The app as built next to this DevCloud (same configuration), found from the solution folder.</summary>
    public static string FindAppDll()
    {
        var baseDirectory = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = baseDirectory.Name;
        var configuration = baseDirectory.Parent?.Name ?? "Release";
        for (var dir = baseDirectory; dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "BlnkSliceApp.sln"))) continue;
            var dll = Path.Combine(dir.FullName, "BlnkSliceApp", "bin", configuration, framework, "BlnkSliceApp.dll");
            if (File.Exists(dll)) return dll;
            throw new FileNotFoundException($"Build the app first: dotnet build BlnkSliceApp -c {configuration}", dll);
        }
        throw new DirectoryNotFoundException("Run the benchmark from the repository (dotnet run --project BlnkSliceApp.DevCloud -c Release -- bench).");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
