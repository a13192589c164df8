using System.Buffers.Text;
using System.Security.Cryptography;

namespace LabApp.Services;

/// <summary>
/// The anonymous id that tells one browser's runs from another's: 128 random bits (base64url) in a long-lived cookie,
/// set by <see cref="UseBrowserIdCookie"/> on the first request that lacks one. HttpOnly, so no script can read or copy
/// it; SameSite=Lax; Secure when the lab is served over HTTPS. It names no one: a student is who their browser is.
/// </summary>
public static class BrowserIdCookie
{
    public const string Name = "lab-browser";

    private const int IdBytes = 16;

    // Chromium caps any cookie at 400 days; that outlasts a course.
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(400);

    private static readonly object ItemKey = new();

    /// <summary>Gives every request a browser id: the cookie's when it holds a well-formed one, else a new one, set on the response.</summary>
    public static void UseBrowserIdCookie(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // A re-executed request (the not-found and error pages) keeps the id it was given.
        if (context.Items.ContainsKey(ItemKey))
            return next(context);
        var id = context.Request.Cookies[Name];
        if (!IsWellFormed(id))
        {
            id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(IdBytes));
            context.Response.Cookies.Append(Name, id, LabCookies.Options(context, Lifetime));
        }

        context.Items[ItemKey] = id;
        return next(context);
    });

    /// <summary>The browser id of <paramref name="context"/>'s request.</summary>
    public static string Of(HttpContext context) => context.Items[ItemKey] as string
        ?? throw new InvalidOperationException("The request has no browser id: add app.UseBrowserIdCookie() before the lab's endpoints.");

    private static bool IsWellFormed(string? id) =>
        id is not null && Base64Url.IsValid(id, out var length) && length == IdBytes;
}
