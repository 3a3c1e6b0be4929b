using System.Net;
using System.Net.Sockets;

namespace BlnkSliceApp.DevCloud.Hosting;

static class FreePort
{
    /// <summary>
    /// A loopback port free right now. Kestrel cannot bind "localhost:0" (it would mean two
    /// different ports for IPv4 and IPv6), so the app's port is chosen here first.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static Uri Resolve(string url)
    {
        var uri = new Uri(url);
        return uri.Port == 0 ? new UriBuilder(uri) { Port = Next() }.Uri : uri;
    }
}
