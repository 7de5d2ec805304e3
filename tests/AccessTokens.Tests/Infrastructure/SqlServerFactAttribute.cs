namespace AccessTokens.Tests.Infrastructure;

/// <summary>
/// A test that needs SQL Server, which cannot run on these machines: it runs when
/// <c>ACCESSTOKENS_TEST_SQLSERVER</c> holds a connection string and is reported as skipped otherwise.
/// </summary>
public sealed class SqlServerFactAttribute : FactAttribute
{
    /// <summary>The variable holding the connection string.</summary>
    public const string Variable = "ACCESSTOKENS_TEST_SQLSERVER";

    /// <summary>Skips the test when the variable is empty.</summary>
    public SqlServerFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"SQL Server is not available here: set {Variable} to a connection string to run this test.";
        }
    }
}
