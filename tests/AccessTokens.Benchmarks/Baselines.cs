using System.Security.Cryptography;
using AccessTokens.Tokens;
using Npgsql;
using NpgsqlTypes;

namespace AccessTokens.Benchmarks;

/// <summary>
/// What people would otherwise run, built here so it is measured in the same run against the same tokens:
/// a bare Kestrel endpoint, and the usual check with one indexed PostgreSQL lookup per request (with or
/// without an <c>UPDATE … SET last_used = now()</c>).
/// </summary>
public static class Baselines
{
    /// <summary>Kestrel answering 200 with no work: the HTTP ceiling of the machine.</summary>
    public static async Task<WebApplication> StartBareAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
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
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/api/v1/auth/check", async (HttpContext context, string? resource) =>
        {
            var header = context.Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.Ordinal)
                || !TokenValue.TryParse(header.AsSpan(7), "smat", out var id, out var hash)
                || resource is null)
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
}
