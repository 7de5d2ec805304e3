using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using AccessTokens.Tokens;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using NpgsqlTypes;
using StackExchange.Redis;

namespace AccessTokens.Benchmarks;

/// <summary>
/// What people would otherwise run, built here so it is measured in the same run against the same tokens:
/// a bare Kestrel endpoint, the usual check with one indexed PostgreSQL lookup per request (with or
/// without an <c>UPDATE … SET last_used = now()</c>), a stateless HS256 JWT validated per request, one Redis
/// GET per request, and a dictionary in the process (the floor of any check that holds state).
/// </summary>
public static class Baselines
{
    /// <summary>Kestrel answering 200 with no work: the HTTP ceiling of the machine.</summary>
    public static async Task<WebApplication> StartBareAsync(int port)
    {
        var app = Slim(port);
        app.Run(context =>
        {
            context.Response.StatusCode = 200;
            return Task.CompletedTask;
        });
        await app.StartAsync();
        return app;
    }

    /// <summary>Creates the baseline table (primary key on the token id) and loads the same tokens the service holds.</summary>
    public static async Task LoadAsync(NpgsqlDataSource database, IReadOnlyList<(string Id, string Value, string User)> tokens)
    {
        await using (var create = database.CreateCommand("""
            DROP TABLE IF EXISTS bench_tokens;
            CREATE TABLE bench_tokens (
                id text PRIMARY KEY, secret_hash bytea NOT NULL, user_login text NOT NULL, resources text[] NOT NULL,
                expires_at timestamptz NULL, revoked_at timestamptz NULL, last_used timestamptz NULL);
            """))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using var connection = await database.OpenConnectionAsync();
        await using (var writer = await connection.BeginBinaryImportAsync("COPY bench_tokens (id, secret_hash, user_login, resources) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (id, value, user) in tokens)
            {
                TokenValue.TryParse(value, "smat", out _, out var hash);
                await writer.StartRowAsync();
                await writer.WriteAsync(id, NpgsqlDbType.Text);
                await writer.WriteAsync(hash, NpgsqlDbType.Bytea);
                await writer.WriteAsync(user, NpgsqlDbType.Text);
                await writer.WriteAsync(new[] { "requests" }, NpgsqlDbType.Array | NpgsqlDbType.Text);
            }

            await writer.CompleteAsync();
        }

        await using var analyze = database.CreateCommand("ANALYZE bench_tokens");
        await analyze.ExecuteNonQueryAsync();
    }

    /// <summary>The usual check: parse, one lookup by id, SHA-256 compared in constant time; optionally record the use.</summary>
    public static async Task<WebApplication> StartLookupAsync(int port, NpgsqlDataSource database, bool updateLastUse)
    {
        var app = Slim(port);
        app.MapGet("/api/v1/auth/check", async (HttpContext context, string? resource) =>
        {
            if (!TryReadToken(context, resource, out var id, out var hash))
            {
                return Results.Unauthorized();
            }

            await using var lookup = database.CreateCommand(
                "SELECT secret_hash, user_login, resources, expires_at, revoked_at FROM bench_tokens WHERE id = $1");
            lookup.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
            string user;
            DateTimeOffset? expiresAt;
            await using (var reader = await lookup.ExecuteReaderAsync())
            {
                if (!await reader.ReadAsync()
                    || !CryptographicOperations.FixedTimeEquals((byte[])reader[0], hash)
                    || !reader.IsDBNull(4)
                    || (!reader.IsDBNull(3) && reader.GetFieldValue<DateTimeOffset>(3) <= DateTimeOffset.UtcNow))
                {
                    return Results.Unauthorized();
                }

                if (!reader.GetFieldValue<string[]>(2).Contains(resource))
                {
                    return Results.StatusCode(403);
                }

                user = reader.GetString(1);
                expiresAt = reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3);
            }

            if (updateLastUse)
            {
                await using var update = database.CreateCommand("UPDATE bench_tokens SET last_used = now() WHERE id = $1");
                update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
                await update.ExecuteNonQueryAsync();
            }

            return Results.Json(new BaselineCheck(user, id, resource, expiresAt));
        });
        await app.StartAsync();
        return app;
    }

    /// <summary>The same body the service answers with.</summary>
    public sealed record BaselineCheck(string User, string TokenId, string Resource, DateTimeOffset? ExpiresAt);

    /// <summary>The issuer the JWT baseline's tokens name and its check requires.</summary>
    public const string JwtIssuer = "https://accesstokens.bench/";

    /// <summary>The audience the JWT baseline's tokens name and its check requires.</summary>
    public const string JwtAudience = "bench-api";

    /// <summary>The claim listing the resources a JWT opens, as the lookup's <c>resources</c> column does.</summary>
    public const string ResourcesClaim = "resources";

    /// <summary>
    /// One HS256 JWT per token, for the same user and resources, valid for <paramref name="lifetime"/>: what a service
    /// that went stateless would hand out instead of the token.
    /// </summary>
    public static IReadOnlyList<string> IssueJwts(SymmetricSecurityKey key, IReadOnlyList<(string Id, string Value, string User)> tokens, TimeSpan lifetime)
    {
        var handler = new JsonWebTokenHandler();
        var credentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
        var now = DateTime.UtcNow;
        return [.. tokens.Select(token => handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = JwtIssuer,
            Audience = JwtAudience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = credentials,
            Claims = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                [JwtRegisteredClaimNames.Sub] = token.User,
                [JwtRegisteredClaimNames.Jti] = token.Id,
                [ResourcesClaim] = new[] { "requests" },
            },
        }))];
    }

    /// <summary>
    /// The stateless check: the JWT's signature, issuer, audience and lifetime validated by
    /// <see cref="JsonWebTokenHandler.ValidateTokenAsync(string, TokenValidationParameters)"/>, then its resources claim.
    /// Nothing is read or written per request, so nothing can be revoked before the JWT expires, and no date of last use is kept.
    /// </summary>
    public static async Task<WebApplication> StartJwtAsync(int port, SymmetricSecurityKey key)
    {
        var app = Slim(port);
        var handler = new JsonWebTokenHandler();
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = JwtIssuer,
            ValidAudience = JwtAudience,
            IssuerSigningKey = key,
            ValidateIssuerSigningKey = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            // Only the algorithm it issues with: a JWT naming another (none, RS256 with the key as a public key) is refused.
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        };
        app.MapGet("/api/v1/auth/check", async (HttpContext context, string? resource) =>
        {
            var header = context.Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || resource is null)
            {
                return Results.Unauthorized();
            }

            var result = await handler.ValidateTokenAsync(header[7..], parameters);
            if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
            {
                return Results.Unauthorized();
            }

            // Through the claims identity, as an authorization policy on the ClaimsPrincipal of JwtBearer would read it.
            if (!result.ClaimsIdentity.HasClaim(ResourcesClaim, resource))
            {
                return Results.StatusCode(403);
            }

            return Results.Json(new BaselineCheck(jwt.Subject, jwt.Id, resource, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero)));
        });
        await app.StartAsync();
        return app;
    }

    /// <summary>
    /// Loads the same tokens into Redis: under <c>token:&lt;id&gt;</c>, the SHA-256 of the secret (32 bytes) followed by
    /// the user's login and the resources, one a line. Revoking would delete the key; an expiry would be its TTL.
    /// </summary>
    public static async Task LoadRedisAsync(IDatabase redis, IReadOnlyList<(string Id, string Value, string User)> tokens)
    {
        // The multiplexer pipelines these on its one connection: 10,000 SETs take a fraction of a second.
        await Task.WhenAll(tokens.Select(token =>
        {
            TokenValue.TryParse(token.Value, "smat", out var id, out var hash);
            return redis.StringSetAsync(RedisKeyOf(id), (byte[])[.. hash, .. Encoding.UTF8.GetBytes($"{token.User}\nrequests")]);
        }));
    }

    /// <summary>The check against Redis: parse, one GET by id on a single multiplexer, SHA-256 compared in constant time.</summary>
    public static async Task<WebApplication> StartRedisAsync(int port, IDatabase redis)
    {
        var app = Slim(port);
        app.MapGet("/api/v1/auth/check", async (HttpContext context, string? resource) =>
        {
            if (!TryReadToken(context, resource, out var id, out var hash))
            {
                return Results.Unauthorized();
            }

            var stored = (byte[]?)await redis.StringGetAsync(RedisKeyOf(id));
            if (stored is null || stored.Length <= hash.Length || !CryptographicOperations.FixedTimeEquals(stored.AsSpan(0, hash.Length), hash))
            {
                return Results.Unauthorized();
            }

            var lines = Encoding.UTF8.GetString(stored, hash.Length, stored.Length - hash.Length).Split('\n');
            if (!lines.AsSpan(1).Contains(resource))
            {
                return Results.StatusCode(403);
            }

            return Results.Json(new BaselineCheck(lines[0], id, resource, null));
        });
        await app.StartAsync();
        return app;
    }

    private static RedisKey RedisKeyOf(string id) => "token:" + id;

    /// <summary>
    /// The cheapest check that holds state: each token's secret hash and user in a dictionary of this process, filled by
    /// <see cref="LoadInMemory"/>. No store, no cluster, no date of last use, no revocation beyond the process: what any
    /// stateful check pays at least on this HTTP stack (the same parsing and SHA-256 as the service, one lookup, a body).
    /// </summary>
    public static async Task<WebApplication> StartInMemoryAsync(int port, ConcurrentDictionary<string, (byte[] Hash, string User)> tokens)
    {
        var app = Slim(port);
        app.MapGet("/api/v1/auth/check", (HttpContext context, string? resource) =>
        {
            if (!TryReadToken(context, resource, out var id, out var hash)
                || !tokens.TryGetValue(id, out var stored) || !CryptographicOperations.FixedTimeEquals(stored.Hash, hash))
            {
                return Results.Unauthorized();
            }

            return resource == "requests" ? Results.Json(new BaselineCheck(stored.User, id, resource, null)) : Results.StatusCode(403);
        });
        await app.StartAsync();
        return app;
    }

    /// <summary>Puts the same tokens in the in-process dictionary.</summary>
    public static void LoadInMemory(ConcurrentDictionary<string, (byte[] Hash, string User)> dictionary, IReadOnlyList<(string Id, string Value, string User)> tokens)
    {
        foreach (var token in tokens)
        {
            TokenValue.TryParse(token.Value, "smat", out var id, out var hash);
            dictionary[id] = (hash, token.User);
        }
    }

    // A slim Kestrel app on a loopback port with no logging: what every baseline runs in.
    private static WebApplication Slim(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        return builder.Build();
    }

    // The bearer token value of the request, parsed as the service parses it, and a resource to check it for.
    private static bool TryReadToken(HttpContext context, [NotNullWhen(true)] string? resource, out string id, out byte[] hash)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.Ordinal) && resource is not null
            && TokenValue.TryParse(header.AsSpan(7), "smat", out id, out hash))
        {
            return true;
        }

        (id, hash) = (string.Empty, []);
        return false;
    }
}
