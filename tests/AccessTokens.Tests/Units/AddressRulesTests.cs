using System.Net;
using AccessTokens.Common;
using AccessTokens.Tests.Infrastructure;
using AccessTokens.Tokens;

namespace AccessTokens.Tests.Units;

[Trait(Tier.Name, Tier.Fast)]
public sealed class AddressRulesTests
{
    [Theory]
    [InlineData("203.0.113.0/24", "203.0.113.0/24")]
    [InlineData("203.0.113.9", "203.0.113.9/32")]
    [InlineData("2001:DB8:0:0::/32", "2001:db8::/32")]
    [InlineData("::1", "::1/128")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    public void Ranges_are_kept_in_canonical_form(string given, string canonical)
    {
        var errors = new FieldErrors();
        Assert.Equal([canonical], AddressRules.Check([given], errors)!);
        Assert.True(errors.IsEmpty);
    }

    [Theory]
    [InlineData("203.0.113.1/24")]
    [InlineData("203.0.113.0/-1")]
    [InlineData("203.0.113.0/+8")]
    [InlineData("203.0.113.0/ 8")]
    [InlineData("203.0.113")]
    [InlineData("fe80::1%1/64")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_refused(string? given)
    {
        var errors = new FieldErrors();
        AddressRules.Check([given], errors);
        Assert.False(errors.IsEmpty);
    }

    [Theory]
    [InlineData("10.0.0.1", "10.0.0.1")]
    [InlineData("::ffff:10.0.0.1", "10.0.0.1")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    public void Addresses_read_as_the_client_is_matched(string given, string read)
    {
        Assert.True(AddressRules.TryParseAddress(given, out var address));
        Assert.Equal(IPAddress.Parse(read), address);
    }

    [Theory]
    [InlineData("10.1")]
    [InlineData("0x0a.0.0.1")]
    [InlineData("10.0.0.01")]
    [InlineData("fe80::1%eth0")]
    [InlineData("[::1]")]
    [InlineData("[::1]:443")]
    public void Other_spellings_of_an_address_are_not_addresses(string given)
    {
        Assert.False(AddressRules.TryParseAddress(given, out _));
    }
}
