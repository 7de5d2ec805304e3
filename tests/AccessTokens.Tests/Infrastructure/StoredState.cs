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

    /// <summary>Every stored payload, as text.</summary>
    public static async Task<string> AllPayloadsAsync(StoreTarget store)
    {
        await using var connection = await StoreSchema.OpenAsync(store.Settings, CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT PayloadBinary FROM OrleansStorage WHERE PayloadBinary IS NOT NULL";
        var all = new StringBuilder();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            all.AppendLine(Encoding.UTF8.GetString((byte[])reader[0]));
        }

        return all.ToString();
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
