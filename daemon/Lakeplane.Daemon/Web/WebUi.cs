using Lakeplane.Daemon.Web.Session;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.FileProviders;

namespace Lakeplane.Daemon.Web;

/// <summary>
/// The web application's part of the daemon's wiring (one line each in DaemonServer): Razor Pages rendered on the server,
/// a session cookie holding the signed-in token, antiforgery on every form, and the CSS/JS served from resources embedded
/// in the daemon's own assembly (the single-file bin/lakeplaned has no wwwroot beside it, and nothing is fetched from a CDN).
/// </summary>
public static class WebUi
{
    /// <summary>Where the embedded assets are served from.</summary>
    public const string AssetsPath = "/assets";

    /// <summary>Appended to asset URLs (?v=): changes with every build of the daemon, so a cached asset is never stale.</summary>
    public static readonly string AssetsVersion = typeof(WebUi).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12];

    public static IServiceCollection AddWebUi(this IServiceCollection services)
    {
        services.AddRazorPages(options =>
        {
            options.RootDirectory = "/Web/Pages";
        });
        // Antiforgery and the session cookie are sealed with Data Protection keys kept in the daemon's store, so every
        // replica on one PostgreSQL accepts what another issued, and a restart does not sign everybody out.
        services.AddSingleton<StoreKeyRepository>();
        services.AddDataProtection().SetApplicationName("lakeplane-web");
        services.AddOptions<KeyManagementOptions>().Configure<StoreKeyRepository>((options, repository) => options.XmlRepository = repository);
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "lakeplane_antiforgery";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.FormFieldName = "__antiforgery";
        });
        services.AddAuthentication().AddCookie(WebSession.Scheme, options =>
        {
            options.Cookie.Name = WebSession.CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            // Secure whenever the page itself came over TLS.
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = WebSession.IdleTimeout;
            options.SlidingExpiration = true;
            options.LoginPath = "/signin";
        });
        services.AddSingleton<WebSession>();
        return services;
    }

    public static void MapWebUi(this WebApplication app)
    {
        // Pages and assets may load nothing but the daemon's own: no CDN, no inline script, no framing by other sites.
        app.Use((http, next) =>
        {
            if (!http.Request.Path.StartsWithSegments("/api") && http.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) != true)
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "same-origin";
            }
            return next(http);
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = AssetsPath,
            FileProvider = new ManifestEmbeddedFileProvider(typeof(WebUi).Assembly, "Web/Assets"),
            // Pages ask for /assets/app.css?v=<build>: a new daemon build is a new URL, so browsers may keep these for good.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable",
        });
        app.MapRazorPages();
        // Unknown paths outside /api get a page a person can read; /api keeps its JSON 404 (DaemonServer's fallback).
        app.MapFallbackToPage("/NotFound");
    }
}
