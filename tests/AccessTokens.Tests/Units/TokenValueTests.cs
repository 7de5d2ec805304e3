using AccessTokens.Tokens;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Units;

[Trait(Tier.Name, Tier.Fast)]
public sealed class TokenValueTests
{
    [Fact]
    public void Generated_value_parses_back_to_its_id_and_hash()
    {
        var token = TokenValue.Generate("smat");

        Assert.True(TokenValue.TryParse(token.Value, "smat", out var id, out var hash));
        Assert.Equal(token.Id, id);
        Assert.Equal(token.SecretHash, hash);
        Assert.Equal(4 + 1 + 12 + 1 + 32 + 6, token.Value.Length);
    }

    [Fact]
    public void Values_are_unique_and_ids_do_not_repeat()
    {
        var values = Enumerable.Range(0, 10_000).Select(_ => TokenValue.Generate("smat")).ToList();
        Assert.Equal(values.Count, values.Select(v => v.Value).Distinct().Count());
        Assert.Equal(values.Count, values.Select(v => v.Id).Distinct().Count());
    }

    [Fact]
    public void Every_single_character_change_is_caught()
    {
        var value = TokenValue.Generate("smat").Value;
        for (var i = 0; i < value.Length; i++)
        {
            var changed = value[..i] + (value[i] == 'a' ? 'b' : 'a') + value[(i + 1)..];
            Assert.False(TokenValue.TryParse(changed, "smat", out _, out _), $"a change at {i} went unnoticed");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("smat")]
    [InlineData("smat__")]
    public void Wrong_shapes_are_refused(string value)
    {
        Assert.False(TokenValue.TryParse(value, "smat", out _, out _));
    }

    [Fact]
    public void Another_prefix_is_refused()
    {
        var value = TokenValue.Generate("other").Value;
        Assert.False(TokenValue.TryParse(value, "smat", out _, out _));
        Assert.True(TokenValue.TryParse(value, "other", out _, out _));
    }

    [Fact]
    public void Printing_a_generated_token_does_not_show_its_value()
    {
        var token = TokenValue.Generate("smat");
        Assert.DoesNotContain(token.Value, token.ToString(), StringComparison.Ordinal);
    }
}
