using FinOps.Core.Data;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace FinOps.Tests.Unit.Data;

public sealed class TlsSettingsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Theory]
    [InlineData("require", SslMode.Require)]
    [InlineData("verify-full", SslMode.VerifyFull)]
    [InlineData("VerifyCA", SslMode.VerifyCA)]
    public void Ssl_mode_setting_is_applied_to_the_connection_string(string setting, SslMode expected)
    {
        var cs = DataRegistration.WithTls(Config(("Database:SslMode", setting), ("Database:RootCertificate", "/etc/ssl/pg-ca.pem")), "Host=db;Database=finops");
        var parsed = new NpgsqlConnectionStringBuilder(cs);
        Assert.Equal(expected, parsed.SslMode);
        Assert.Equal("/etc/ssl/pg-ca.pem", parsed.RootCertificate);
    }

    [Fact]
    public void Without_settings_the_connection_string_is_untouched_and_a_bad_mode_is_refused()
    {
        Assert.Equal("Host=db;Database=finops", DataRegistration.WithTls(Config(), "Host=db;Database=finops"));
        var e = Assert.Throws<InvalidOperationException>(() => DataRegistration.WithTls(Config(("Database:SslMode", "always")), "Host=db"));
        Assert.Contains("Database:SslMode", e.Message);
    }
}
