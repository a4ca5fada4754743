using Img2Dataset.ImageServer;

namespace Img2Dataset.Engine.Tests.ImageServer;

/// <summary>One loopback image server shared by the tests of a class.</summary>
public sealed class ImageServerFixture : IAsyncLifetime
{
    private ImageServerHost? host;

    public Uri BaseAddress => host?.BaseAddress ?? throw new InvalidOperationException("The server has not started.");

    public Uri Url(string pathAndQuery) => new(BaseAddress, pathAndQuery);

    /// <summary>The same path over HTTPS, served with a self-signed certificate.</summary>
    public Uri SecureUrl(string pathAndQuery) => new(host?.SecureAddress ?? throw new InvalidOperationException("The server has not started."), pathAndQuery);

    /// <summary>Sets what the server serves at a control endpoint: "robots" (robots.txt) or "tdmrep" (tdmrep.json), with faults in the query.</summary>
    public Task PutControlAsync(string endpoint, string body, string query = "") => PutControlAsync(endpoint, System.Text.Encoding.UTF8.GetBytes(body), query);

    /// <summary>Sets a site file to these exact bytes (which need not be text).</summary>
    public async Task PutControlAsync(string endpoint, byte[] body, string query = "")
    {
        using var client = new HttpClient();
        using var response = await client.PutAsync(Url($"_control/{endpoint}?{query}"), new ByteArrayContent(body));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Serves every fixture under /fixtures/: the reference's (reference/…) and our own (area/…, …).</summary>
    public async Task InitializeAsync() => host = await ImageServerHost.StartAsync(fixturesFolder: ReferenceFixtures.Own(""));

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}
