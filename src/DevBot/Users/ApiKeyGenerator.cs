using System.Security.Cryptography;
using System.Text;

namespace DevBot.Users;

/// <summary>Makes API keys and the hashes they are stored and looked up by.</summary>
public static class ApiKeyGenerator
{
    private const string KeyPrefix = "dvb_";

    public static string NewKey() =>
        KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// SHA-256 is right for keys (unlike passwords): they carry 256 bits of entropy, and the hash is
    /// the lookup index, so a slow salted hash would buy nothing and cost every request.
    /// </summary>
    public static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string DisplayPrefix(string key) => key[..Math.Min(key.Length, KeyPrefix.Length + 6)];
}
