using Img2Dataset.ImageServer;

// Usage: Img2Dataset.ImageServer [--port N]. Prints "Listening on <url>" and serves until stdin closes or Ctrl+C,
// so a parent process (Pester, build.ps1) that dies never leaves the server running.
var port = args is ["--port", var text] ? int.Parse(text) : 0;
await using var server = await ImageServerHost.StartAsync(port);
Console.WriteLine($"Listening on {server.BaseAddress}");
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
var stdinClosed = Task.Run(() => { while (Console.In.ReadLine() is not null) { } });
await Task.WhenAny(stdinClosed, Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }));
