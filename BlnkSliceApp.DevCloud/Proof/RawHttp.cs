using System.Net.Sockets;
using System.Text;

namespace BlnkSliceApp.DevCloud.Proof;

/// <summary>A request written byte for byte: duplicated or missing headers, bad Host values, invalid bytes, lying lengths.</summary>
public sealed record RawRequest(string Method, string Target, IReadOnlyList<(string Name, string Value)> Headers, byte[] Body, bool OmitHost = false, bool OmitLength = false)
{
    /// <summary>Everything before the body, as Latin-1 (so a test can put any byte in a header).</summary>
    public byte[] Head(string authority)
    {
        var head = new StringBuilder();
        head.Append(Method).Append(' ').Append(Target).Append(" HTTP/1.1\r\n");
        if (!OmitHost && !Headers.Any(h => h.Name.Equals("Host", StringComparison.OrdinalIgnoreCase)))
            head.Append("Host: ").Append(authority).Append("\r\n");
        foreach (var (name, value) in Headers)
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        if (!OmitLength && !Headers.Any(h => h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || h.Name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)))
            head.Append("Content-Length: ").Append(Body.Length).Append("\r\n");
        head.Append("Connection: close\r\n\r\n");
        return Encoding.Latin1.GetBytes(head.ToString());
    }
}

public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body, TimeSpan Elapsed)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;
    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>One connection per request, closed by the server after its answer (Connection: close).</summary>
public static class RawHttp
{
    public static async Task<RawResponse> SendAsync(Uri origin, RawRequest request, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(timeout);
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(origin.Host, origin.Port, cts.Token);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(request.Head(origin.Authority), cts.Token);
            if (request.Body.Length > 0)
                await stream.WriteAsync(request.Body, cts.Token);
            await stream.FlushAsync(cts.Token);
        }
        catch (IOException)
        {
            // The server may answer (413, 431) and close before it has read everything we send.
        }

        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, cts.Token);
                if (read == 0) break;
                received.Write(buffer, 0, read);
                if (Complete(received.GetBuffer().AsSpan(0, (int)received.Length))) break;
            }
        }
        catch (IOException) when (received.Length > 0)
        {
            // A reset after the answer (the server closed with our body unread) still leaves the answer.
        }
        return Parse(received.ToArray(), clock.Elapsed);
    }

    /// <summary>The answer is whole once its head and the body its Content-Length (or last chunk) announces are in.</summary>
    static bool Complete(ReadOnlySpan<byte> bytes)
    {
        while (bytes.StartsWith("HTTP/1.1 100"u8) && bytes.IndexOf("\r\n\r\n"u8) is var interim and >= 0)
            bytes = bytes[(interim + 4)..];
        var end = bytes.IndexOf("\r\n\r\n"u8);
        if (end < 0) return false;
        var head = Encoding.Latin1.GetString(bytes[..end]);
        var body = bytes.Length - end - 4;
        foreach (var line in head.Split("\r\n").Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon < 0) continue;
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && long.TryParse(value, out var length))
                return body >= length;
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && value.Contains("chunked", StringComparison.OrdinalIgnoreCase))
                return bytes[(end + 4)..].IndexOf("0\r\n\r\n"u8) >= 0;
        }
        return false;
    }

    static RawResponse Parse(byte[] bytes, TimeSpan elapsed)
    {
        // An interim 100 Continue comes before the real answer.
        while (bytes.AsSpan().StartsWith("HTTP/1.1 100"u8) && bytes.AsSpan().IndexOf("\r\n\r\n"u8) is var interim and >= 0)
            bytes = bytes[(interim + 4)..];
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
            return new RawResponse(0, new Dictionary<string, string>(), bytes, elapsed);
        var lines = Encoding.Latin1.GetString(bytes, 0, end).Split("\r\n");
        var parts = lines[0].Split(' ', 3);
        var status = parts.Length > 1 && int.TryParse(parts[1], out var code) ? code : 0;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }
        var body = bytes.AsSpan(end + 4).ToArray();
        if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            body = Unchunk(body);
        return new RawResponse(status, headers, body, elapsed);
    }

    static byte[] Unchunk(byte[] chunked)
    {
        using var body = new MemoryStream();
        var position = 0;
        while (position < chunked.Length)
        {
            var lineEnd = chunked.AsSpan(position).IndexOf("\r\n"u8);
            if (lineEnd < 0) break;
            var sizeText = Encoding.ASCII.GetString(chunked, position, lineEnd).Split(';')[0];
            if (!int.TryParse(sizeText, System.Globalization.NumberStyles.HexNumber, null, out var size) || size == 0) break;
            position += lineEnd + 2;
            body.Write(chunked, position, Math.Min(size, chunked.Length - position));
            position += size + 2;
        }
        return body.ToArray();
    }
}
