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

    public async Task InitializeAsync() => host = await ImageServerHost.StartAsync(fixturesFolder: ReferenceFixtures.Folder);

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}
