using System.Text.Json;
using AccessTokens.Tokens;
using AccessTokens.Users;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Units;

[Trait(Tier.Name, Tier.Fast)]
public sealed class TokenIdListTests
{
    private static readonly JsonSerializerOptions Stored = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Ids_keep_their_order_through_adds_and_removes_and_other_ids_are_kept_too()
    {
        var ids = Enumerable.Range(0, 9).Select(_ => TokenValue.Generate("smat").Id).ToList();
        var list = new TokenIdList();
        foreach (var id in ids)
        {
            list.Add(id);
        }

        list.Add("not-an-issued-id");

        Assert.True(list.Remove(ids[3]));
        Assert.False(list.Remove(ids[3]));
        Assert.False(list.Remove(TokenValue.Generate("smat").Id));
        ids.RemoveAt(3);
        Assert.Equal([.. ids, "not-an-issued-id"], list);
        Assert.Equal(ids.Count + 1, list.Count);
        Assert.Equal(ids[4], list[4]);
        Assert.True(list.Remove("not-an-issued-id"));
        Assert.Equal(ids, list);
    }

    [Fact]
    public void A_user_record_stores_its_token_ids_as_a_json_array_of_strings()
    {
        var first = TokenValue.Generate("smat").Id;
        var second = TokenValue.Generate("smat").Id;
        var state = new UserState { Login = "ada" };
        state.TokenIds.Add(first);
        state.TokenIds.Add(second);

        var json = JsonSerializer.SerializeToElement(state, Stored);
        Assert.Equal([first, second], json.GetProperty("tokenIds").EnumerateArray().Select(id => id.GetString()));

        var read = JsonSerializer.Deserialize<UserState>($$"""{"login":"ada","tokenIds":["{{first}}","legacy","{{second}}"]}""", Stored)!;
        Assert.Equal([first, second, "legacy"], read.TokenIds);
        read.TokenIds.Add(TokenValue.Generate("smat").Id);
        Assert.Equal(4, read.TokenIds.Count);
    }
}
