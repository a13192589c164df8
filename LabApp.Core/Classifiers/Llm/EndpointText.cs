using System.Text.RegularExpressions;

namespace LabApp.Core.Classifiers.Llm;

/// <summary>
/// An endpoint as it may be shown: in a message, a log line, the run log, a page or an address. A URL may carry
/// credentials (<c>http://user:password@host/v1</c>); the password never leaves this function.
/// </summary>
public static partial class EndpointText
{
    public const string Hidden = "***";

    /// <summary>
    /// <paramref name="text"/> with the password of every URL in it replaced by <see cref="Hidden"/>; a user info without
    /// a password is hidden whole, because tokens travel as lone user names (<c>https://TOKEN@host</c>). Works on any
    /// text, a URL that does not parse and a message that quotes one included, so an error message can be redacted too.
    /// </summary>
    public static string Redact(string text) => UserInfo().Replace(text, match =>
    {
        var userInfo = match.Groups["userinfo"].Value;
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        return match.Groups["scheme"].Value + (colon < 0 ? Hidden : userInfo[..(colon + 1)] + Hidden) + "@";
    });

    public static string Redact(Uri uri) => Redact(uri.OriginalString);

    /// <summary>The host of <paramref name="url"/> with its port when it is not the scheme's (no user info, no path), or null when it is not a URL.</summary>
    public static string? HostOf(string url) =>
        Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && uri.Authority.Length > 0 ? uri.Authority : null;

    // The user info is everything between "://" and the last "@" before the URL ends (white space or a quote): a
    // password may hold an unescaped "@", and hiding too much of a malformed URL is better than showing a secret.
    [GeneratedRegex("""(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?<userinfo>[^\s"'<>]*)@""")]
    private static partial Regex UserInfo();
}
