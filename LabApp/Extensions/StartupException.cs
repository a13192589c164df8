using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace LabApp.Extensions;

/// <summary>
/// A setting the web app cannot start with (a store's path that cannot hold it, a port another program has, a value out
/// of range): Program.cs says it in one line on stderr and exits with code 2, before any student connects.
/// </summary>
public sealed class StartupException(string message) : Exception(message)
{
    /// <summary>What stopped the start, in one line; null for an exception that is not a start-up problem.</summary>
    public static string? Said(Exception e) => e switch
    {
        StartupException startup => startup.Message,
        IOException { InnerException: AddressInUseException } bind => $"{bind.Message.TrimEnd('.')}: another program (another lab?) has that port. Stop it, or start the lab on another port with --urls.",
        _ => null,
    };

    /// <summary>
    /// The addresses the lab will listen on (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, else Kestrel's http://localhost:5000),
    /// each tried before the host starts: a port another program listens on is one line rather than the host's 30.
    /// </summary>
    /// <exception cref="StartupException">A port is in use.</exception>
    public static void CheckPorts(IConfiguration configuration)
    {
        foreach (var url in (configuration["urls"] ?? "http://localhost:5000").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parsed = BindingAddress.Parse(url);
            if (parsed.Port == 0)
                continue;
            var address = parsed.Host is "localhost" ? IPAddress.Loopback
                : parsed.Host is "*" or "+" or "0.0.0.0" ? IPAddress.Any
                : IPAddress.TryParse(parsed.Host.Trim('[', ']'), out var ip) ? ip
                : null;
            if (address is null)
                continue;
            try
            {
                using var probe = new TcpListener(address, parsed.Port);
                probe.Start();
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                throw new StartupException($"The port {parsed.Port} of {url} is in use by another program (another lab?): stop it, or start the lab on another port with --urls http://127.0.0.1:{parsed.Port + 1}.");
            }
            catch (SocketException)
            {
                // Not ours to judge (an address of another machine, no IPv6): Kestrel says what it finds.
            }
        }
    }
}
