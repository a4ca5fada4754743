using System.Diagnostics;
using Img2Dataset.Start;

// The two set-up commands: dotnet run --project tools/Start -- -Task Demo|Test|…
// The pinned PowerShell (.config/dotnet-tools.json) runs only on its own .NET runtime; without it "dotnet pwsh" fails
// with a host error many lines long. This says in one line what is missing and how to get it, then runs the build.
var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
var root = RepositoryRoot(AppContext.BaseDirectory);
var runtimes = Run(dotnet, ["--list-runtimes"], root, capture: true).Output;
if (RuntimeRequirement.Missing(runtimes) is { } message)
{
    Console.Error.WriteLine(message);
    return 1;
}
var restored = Run(dotnet, ["tool", "restore"], root, capture: false).ExitCode;
return restored != 0 ? restored : Run(dotnet, ["pwsh", "-NoProfile", "-File", Path.Combine(root, "build.ps1"), .. args], root, capture: false).ExitCode;

// The folder of build.ps1, above wherever this was built.
static string RepositoryRoot(string from) =>
    File.Exists(Path.Combine(from, "build.ps1")) ? from : RepositoryRoot(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(from)) ?? throw new InvalidOperationException("build.ps1 not found above " + from));

static (int ExitCode, string Output) Run(string file, IEnumerable<string> arguments, string folder, bool capture)
{
    var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = capture };
    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }
    using var process = Process.Start(start)!;
    var output = capture ? process.StandardOutput.ReadToEnd() : "";
    process.WaitForExit();
    return (process.ExitCode, output);
}
