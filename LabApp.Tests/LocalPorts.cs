using System.Net;
using System.Net.Sockets;

namespace LabApp.Tests;

/// <summary>Ports on 127.0.0.1: for servers that must not answer, and for the servers the tests start.</summary>
public static class LocalPorts
{
    /// <summary>A port that nothing listens on: taken from the system, then given back, so a connection to it is refused.</summary>
    public static int Closed() => Free();

    /// <summary>A port nothing listens on now, for a server to listen on.</summary>
    public static int Free()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
