using AccessTokens.Tokens;

namespace AccessTokens.Silo.Bootstrap;

/// <summary>
/// Reads the keys token ids are signed with before the API serves, so the first made-up id is refused without a grain
/// call like every later one (on a new store, this makes the first key).
/// </summary>
public sealed class TokenIdKeysReader(TokenIdAuthority ids) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => ids.ReadKeysAsync().WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
