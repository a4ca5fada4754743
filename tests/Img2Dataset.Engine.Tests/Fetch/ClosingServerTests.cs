using System.Net;
using System.Net.Sockets;
using System.Text;
using Img2Dataset.Engine.Fetch;
using Img2Dataset.Engine.Input;
using Img2Dataset.Engine.Tests.ImageServer;

namespace Img2Dataset.Engine.Tests.Fetch;

/// <summary>
/// A plain static server as python -m http.server is one: it answers in HTTP/1.0 without keep-alive and closes each
/// connection a moment after its response. The client pools such connections anyway, and a request handed one of
/// them fails with "The response ended prematurely" (37 of 600 images against the real python server at the
/// defaults, before <see cref="ClosingHosts"/> and the second ask on a connection of its own).
/// </summary>
public sealed class ClosingServerTests : IAsyncLifetime
{
    private static readonly byte[] Image = new byte[2000];
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private Task? serving;
    private int connections;

    public Task InitializeAsync()
    {
        listener.Start();
        serving = ServeAsync();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        stop.Cancel();
        listener.Stop();
        await serving!.ContinueWith(_ => { });
    }

    [Fact]
    public async Task EveryImageOfAServerThatClosesItsConnectionsAfterEachAnswerArrives()
    {
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var options = LoopbackDownloads.Options with { Fetch = LoopbackDownloads.Options.Fetch with { ThreadCount = 8, MaxConnectionsPerHost = 8 } };
        using var downloader = new ImageDownloader(options);
        var rows = new PlainUrlRows();

        var images = new List<DownloadedImage>();
        await foreach (var image in downloader.DownloadAsync(Enumerable.Range(0, 200).Select(i => rows.Next($"http://127.0.0.1:{port}/{i}.jpg"))))
        {
            images.Add(image);
        }

        Assert.All(images, image => Assert.Equal((SampleStatus.Success, null), (image.Status, image.ErrorMessage)));
        Assert.True(connections >= 200, "every image took a connection of its own, the server closing each");
    }

    private async Task ServeAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var socket = await listener.AcceptSocketAsync(stop.Token);
            Interlocked.Increment(ref connections);
            _ = Task.Run(() => AnswerOnceAsync(socket));
        }
    }

    /// <summary>Reads one request, answers it in HTTP/1.0, and closes the connection 30 ms later, unanswered whatever came next.</summary>
    private static async Task AnswerOnceAsync(Socket socket)
    {
        using (socket)
        {
            var buffer = new byte[8192];
            var request = new StringBuilder();
            while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await socket.ReceiveAsync(buffer);
                if (read == 0)
                {
                    return;
                }
                request.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            var path = request.ToString().Split(' ', 3)[1];
            var status = path is "/robots.txt" or "/.well-known/tdmrep.json" ? "404 Not Found" : "200 OK";
            var body = status == "200 OK" ? Image : [];
            await socket.SendAsync(Encoding.ASCII.GetBytes($"HTTP/1.0 {status}\r\nServer: SimpleHTTP/0.6\r\nContent-Type: image/jpeg\r\nContent-Length: {body.Length}\r\n\r\n"));
            await socket.SendAsync(body);
            await Task.Delay(30);
        }
    }
}
