namespace LabApp.Services;

/// <summary>How the lab sets its cookies: HttpOnly (no script reads them), SameSite=Lax, Secure when served over HTTPS.</summary>
internal static class LabCookies
{
    /// <summary>The options of a cookie for the whole site that lives <paramref name="lifetime"/> (a session without).</summary>
    public static CookieOptions Options(HttpContext context, TimeSpan? lifetime) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = context.Request.IsHttps,
        IsEssential = true,
        MaxAge = lifetime,
        Path = "/",
    };
}
