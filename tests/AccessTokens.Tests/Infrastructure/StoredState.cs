using System.Data.Common;
using System.Globalization;
using System.Text;
using AccessTokens.Silo.Storage;

namespace AccessTokens.Tests.Infrastructure;

/// <summary>Reads what the service stored, the way an operator with a SQL shell would (SQLite or PostgreSQL).</summary>
public static class StoredState
{
    /// <summary>How many times the row of a string-keyed grain was written (its version), 0 when never.</summary>
    public static async Task<int> VersionAsync(StoreTarget store, string grainKey)
    {
        var value = await ScalarAsync(store, "SELECT COALESCE(MAX(Version), 0) FROM OrleansStorage WHERE GrainIdExtensionString = @key", grainKey);
        return Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }

    /// <summary>The stored payload of a string-keyed grain as text, or null.</summary>
    public static async Task<string?> PayloadAsync(StoreTarget store, string grainKey) =>
        await ScalarAsync(store, "SELECT PayloadBinary FROM OrleansStorage WHERE GrainIdExtensionString = @key", grainKey) is byte[] payload
            ? Encoding.UTF8.GetString(payload)
            : null;

    /// <summary>
    /// Edits the stored payload of a string-keyed grain behind the service's back, its version unchanged: only an
    /// activation that reads the row after this sees the edit.
    /// </summary>
    public static async Task EditPayloadAsync(StoreTarget store, string grainKey, string from, string to)
    {
        var payload = await PayloadAsync(store, grainKey);
        Assert.NotNull(payload);
        Assert.Contains(from, payload, StringComparison.Ordinal);
        await using var connection = await StoreSchema.OpenAsync(store.Settings, CancellationToken.None);
        await using var write = connection.CreateCommand();
        write.CommandText = "UPDATE OrleansStorage SET PayloadBinary = @payload WHERE GrainIdExtensionString = @key";
        AddParameter(write, "payload", Encoding.UTF8.GetBytes(payload.Replace(from, to, StringComparison.Ordinal)));
        AddParameter(write, "key", grainKey);
        Assert.Equal(1, await write.ExecuteNonQueryAsync());
    }

    /// <summary>
    /// Writes the stored payload of a string-keyed grain behind the service's back as another activation would, one
    /// version further: the activation that holds the record is then a version behind.
    /// </summary>
    public static async Task WriteBehindAsync(StoreTarget store, string grainKey, Func<string, string> edit)
    {
        var payload = await PayloadAsync(store, grainKey);
        Assert.NotNull(payload);
        await using var connection = await StoreSchema.OpenAsync(store.Settings, CancellationToken.None);
        await using var write = connection.CreateCommand();
        write.CommandText = "UPDATE OrleansStorage SET PayloadBinary = @payload, Version = Version + 1 WHERE GrainIdExtensionString = @key";
        AddParameter(write, "payload", Encoding.UTF8.GetBytes(edit(payload)));
        AddParameter(write, "key", grainKey);
        Assert.Equal(1, await write.ExecuteNonQueryAsync());
    }

    /// <summary>The newest key the store signs token ids with, as any silo reads it.</summary>
    public static async Task<AccessTokens.Tokens.TokenIdKey> TokenIdKeyAsync(StoreTarget store)
    {
        var ring = System.Text.Json.JsonDocument.Parse(await PayloadsOfAsync(store, "token-id-keys")).RootElement;
        var key = ring.GetProperty("keys").EnumerateArray().Last();
        return new AccessTokens.Tokens.TokenIdKey(key.GetProperty("slot").GetInt32(), key.GetProperty("secret").GetBytesFromBase64(), key.GetProperty("activeFrom").GetDateTimeOffset());
    }

    /// <summary>Edits, on a stopped service's store, the single row of the state named <paramref name="stateName"/>.</summary>
    public static async Task EditStateAsync(StoreTarget store, string stateName, Action<System.Text.Json.Nodes.JsonObject> edit)
    {
        var payload = await PayloadsOfAsync(store, stateName);
        var json = System.Text.Json.Nodes.JsonNode.Parse(payload)!.AsObject();
        edit(json);
        await using var connection = await StoreSchema.OpenAsync(store.Settings, CancellationToken.None);
        await using var write = connection.CreateCommand();
        write.CommandText = "UPDATE OrleansStorage SET PayloadBinary = @payload WHERE GrainTypeString = @type";
        AddParameter(write, "payload", Encoding.UTF8.GetBytes(json.ToJsonString()));
        AddParameter(write, "type", stateName);
        Assert.Equal(1, await write.ExecuteNonQueryAsync());
    }

    /// <summary>Deletes, on a stopped service's store, every row of the state named <paramref name="stateName"/>.</summary>
    public static async Task DeleteStateAsync(StoreTarget store, string stateName)
    {
        await using var connection = await StoreSchema.OpenAsync(store.Settings, CancellationToken.None);
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM OrleansStorage WHERE GrainTypeString = @type";
        AddParameter(delete, "type", stateName);
        Assert.True(await delete.ExecuteNonQueryAsync() > 0);
    }

    /// <summary>Every stored payload, as text.</summary>
    public static Task<string> AllPayloadsAsync(StoreTarget store) => PayloadsAsync(store, null);

    /// <summary>Every stored payload of the state named <paramref name="stateName"/> (<c>token</c>, <c>user</c>, <c>catalog</c>…), as text.</summary>
    public static Task<string> PayloadsOfAsync(StoreTarget store, string stateName) => PayloadsAsync(store, stateName);

    private static async Task<string> PayloadsAsync(StoreTarget store, string? stateName)
    {
        await using var connection = await StoreSchema.OpenAsync(store.Settings, CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT PayloadBinary FROM OrleansStorage WHERE PayloadBinary IS NOT NULL"
            + (stateName is null ? string.Empty : " AND GrainTypeString = @type");
        if (stateName is not null)
        {
            AddParameter(command, "type", stateName);
        }

        var all = new StringBuilder();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            all.AppendLine(Encoding.UTF8.GetString((byte[])reader[0]));
        }

        return all.ToString();
    }

    /// <summary>
    /// Turns a stopped service's store back into what it was before profiles and resources were data: no profile
    /// or resource catalogue, a user directory of bare logins, token summaries without resources.
    /// </summary>
    public static async Task RewindToBeforeProfilesAsync(StoreTarget store)
    {
        await using var connection = await StoreSchema.OpenAsync(store.Settings, CancellationToken.None);
        await using (var delete = connection.CreateCommand())
        {
            delete.CommandText = "DELETE FROM OrleansStorage WHERE GrainTypeString IN ('profiles', 'resources')";
            await delete.ExecuteNonQueryAsync();
        }

        var rows = new List<(string Type, byte[] Payload)>();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT GrainTypeString, PayloadBinary FROM OrleansStorage WHERE GrainTypeString IN ('users', 'catalog')";
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), (byte[])reader[1]));
            }
        }

        foreach (var (type, payload) in rows)
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(payload)!.AsObject();
            if (type == "users")
            {
                json.Remove("profiles");
            }
            else
            {
                foreach (var token in json["tokens"]!.AsArray())
                {
                    token!.AsObject().Remove("resources");
                }
            }

            await using var write = connection.CreateCommand();
            write.CommandText = "UPDATE OrleansStorage SET PayloadBinary = @payload WHERE PayloadBinary = @old";
            AddParameter(write, "payload", Encoding.UTF8.GetBytes(json.ToJsonString()));
            AddParameter(write, "old", payload);
            await write.ExecuteNonQueryAsync();
        }
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static async Task<object?> ScalarAsync(StoreTarget store, string sql, string grainKey)
    {
        await using var connection = await StoreSchema.OpenAsync(store.Settings, CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        DbParameter parameter = command.CreateParameter();
        parameter.ParameterName = "key";
        parameter.Value = grainKey;
        command.Parameters.Add(parameter);
        return await command.ExecuteScalarAsync();
    }
}
