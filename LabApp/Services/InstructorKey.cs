using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace LabApp.Services;

/// <summary>
/// The instructor's key (setting <c>Lab:InstructorKey</c> or <c>LAB_INSTRUCTOR_KEY</c>; none, no class view) and the
/// marker that tells the lab a browser entered it. The key is only ever compared, in constant time: never logged,
/// echoed or stored. The marker is an HttpOnly cookie holding this browser's id, protected and time-limited by ASP.NET
/// Core Data Protection under a purpose derived from the key: it cannot be forged or moved to another browser, it
/// expires after <see cref="MarkerLifetime"/>, and changing the key voids every marker. So the class's exports are plain
/// links the cookie authorises, and the key never travels in a URL.
/// </summary>
public sealed class InstructorKey
{
    public const string MarkerCookie = "lab-class-view";

    /// <summary>A teaching day: the instructor enters the key again the next morning.</summary>
    public static readonly TimeSpan MarkerLifetime = TimeSpan.FromHours(10);

    private readonly byte[]? _keyHash;
    private readonly ITimeLimitedDataProtector? _markers;

    public InstructorKey(string? key, IDataProtectionProvider protection)
    {
        if (string.IsNullOrEmpty(key))
            return;
        _keyHash = Hash(key);
        _markers = protection.CreateProtector("LabApp.ClassView", Convert.ToHexString(SHA256.HashData(_keyHash))).ToTimeLimitedDataProtector();
    }

    /// <summary>Whether the server has an instructor key.</summary>
    public bool IsSet => _keyHash is not null;

    /// <summary>
    /// Whether <paramref name="typed"/> is the key. Both are hashed first so the comparison takes the same time whatever
    /// their lengths (FixedTimeEquals returns at once on different lengths).
    /// </summary>
    public bool Matches(string? typed) => _keyHash is not null && typed is not null && CryptographicOperations.FixedTimeEquals(Hash(typed), _keyHash);

    /// <summary>Gives the browser of <paramref name="context"/> the class-view marker.</summary>
    public void GrantClassView(HttpContext context)
    {
        var markers = _markers ?? throw new InvalidOperationException("The server has no instructor key.");
        var marker = markers.Protect(BrowserIdCookie.Of(context), MarkerLifetime);
        context.Response.Cookies.Append(MarkerCookie, marker, LabCookies.Options(context, MarkerLifetime));
    }

    /// <summary>Takes the class-view marker away from the browser of <paramref name="context"/>.</summary>
    public static void EndClassView(HttpContext context) => context.Response.Cookies.Delete(MarkerCookie, LabCookies.Options(context, null));

    /// <summary>Until when the browser of <paramref name="context"/> may see the class's log: null without a valid marker of its own.</summary>
    public DateTimeOffset? ClassViewUntil(HttpContext context)
    {
        if (_markers is null || context.Request.Cookies[MarkerCookie] is not { Length: > 0 } marker)
            return null;
        try
        {
            return _markers.Unprotect(marker, out var expiration) == BrowserIdCookie.Of(context) ? expiration : null;
        }
        catch (CryptographicException)
        {
            // Expired, made under another key, or not a marker at all: no class view.
            return null;
        }
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
