using Microsoft.Data.Sqlite;

namespace AccessTokens.Tests.Infrastructure;

/// <summary>Reads what the service stored in its SQLite file, the way an operator with a SQL shell would.</summary>
public static class StoredState
{
    /// <summary>How many times the row of a string-keyed grain was written (its version), 0 when never.</summary>
    public static async Task<int> VersionAsync(string database, string grainKey)
    {
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(Version), 0) FROM OrleansStorage WHERE GrainIdExtensionString = $key";
        command.Parameters.AddWithValue("$key", grainKey);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The stored payload of a string-keyed grain as text, or null.</summary>
    public static async Task<string?> PayloadAsync(string database, string grainKey)
    {
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT PayloadBinary FROM OrleansStorage WHERE GrainIdExtensionString = $key";
        command.Parameters.AddWithValue("$key", grainKey);
        return await command.ExecuteScalarAsync() is byte[] payload ? System.Text.Encoding.UTF8.GetString(payload) : null;
    }

    /// <summary>Every stored payload, as text.</summary>
    public static async Task<string> AllPayloadsAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT PayloadBinary FROM OrleansStorage WHERE PayloadBinary IS NOT NULL";
        var all = new System.Text.StringBuilder();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            all.AppendLine(System.Text.Encoding.UTF8.GetString((byte[])reader[0]));
        }

        return all.ToString();
    }
}
