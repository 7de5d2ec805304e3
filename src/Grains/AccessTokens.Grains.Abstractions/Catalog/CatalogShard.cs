using System.IO.Hashing;
using System.Text;

namespace AccessTokens.Catalog;

/// <summary>Maps a token id to its catalog shard with a hash that is stable across processes and versions.</summary>
public static class CatalogShard
{
    /// <summary>The shard of <paramref name="tokenId"/> among <paramref name="shardCount"/>.</summary>
    public static int Of(string tokenId, int shardCount) =>
        (int)(Crc32.HashToUInt32(Encoding.ASCII.GetBytes(tokenId)) % (uint)shardCount);
}
