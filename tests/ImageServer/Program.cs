using Img2Dataset.ImageServer;

// Usage: Img2Dataset.ImageServer [--port N] [--fixtures DIR] [--sites N]. Prints "Listening on <url> and <https url>"
// (then, with --sites, "Sites: <url> …": extra origins with hostile site files) and serves until stdin closes or Ctrl+C,
// so a parent process (Pester, build.ps1) that dies never leaves the server running.
var port = 0;
var sites = 0;
string? fixtures = null;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--port": port = int.Parse(args[i + 1]); break;
        case "--fixtures": fixtures = Path.GetFullPath(args[i + 1]); break;
        case "--sites": sites = int.Parse(args[i + 1]); break;
        default: throw new ArgumentException($"Unknown option {args[i]}; expected --port N, --fixtures DIR or --sites N.");
    }
}
await using var server = await ImageServerHost.StartAsync(port, fixtures, sites);
Console.WriteLine($"Listening on {server.BaseAddress} and {server.SecureAddress}");
if (sites > 0)
{
    Console.WriteLine($"Sites: {string.Join(' ', server.Sites)}");
}
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
var stdinClosed = Task.Run(() => { while (Console.In.ReadLine() is not null) { } });
await Task.WhenAny(stdinClosed, Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }));
