using System.Security.Cryptography;
using System.Text;

namespace FinOps.Core.Security;

/// <summary>
/// Makes and hashes API keys. Keys carry 256 random bits, so a plain SHA-256 is enough: no
/// dictionary attack applies, and a lookup by hash stays one index probe per request.
/// </summary>
public static class ApiKeyHasher
{
    public const string KeyPrefix = "fo_";

    public static (string Key, string Prefix) Generate()
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var key = KeyPrefix + secret;
        return (key, key[..10]);
    }

    public static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
