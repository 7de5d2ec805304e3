using AccessTokens.Tokens;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Units;

[Trait(Tier.Name, Tier.Fast)]
public sealed class SharedValuesTests
{
    [Fact]
    public void Equal_resource_sets_share_one_array_and_a_different_order_is_another_set()
    {
        var first = SharedValues.ResourceSet([new string("requests".AsSpan()), "assets-" + Guid.NewGuid().ToString("N")]);
        var same = SharedValues.ResourceSet([.. first.Select(name => new string(name.AsSpan()))]);
        var reordered = SharedValues.ResourceSet([first[1], first[0]]);

        Assert.Same(first, same);
        Assert.NotSame(first, reordered);
        Assert.Equal([first[1], first[0]], reordered);
        Assert.Same(string.IsInterned("requests"), first[0]);
    }

    [Fact]
    public void Small_stored_versions_share_one_string_and_others_are_kept_as_given()
    {
        var seven = SharedValues.Version(7.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("7", seven);
        Assert.Same(seven, SharedValues.Version(new string("7".AsSpan())));

        var large = new string("123456".AsSpan());
        Assert.Same(large, SharedValues.Version(large));
        var padded = new string("07".AsSpan());
        Assert.Same(padded, SharedValues.Version(padded));
        var tag = new string("W/\"x\"".AsSpan());
        Assert.Same(tag, SharedValues.Version(tag));
        Assert.Null(SharedValues.Version(null));
    }
}
