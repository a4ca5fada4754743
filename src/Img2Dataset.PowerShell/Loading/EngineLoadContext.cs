using System.Reflection;
using System.Runtime.Loader;

namespace Img2Dataset.PowerShell.Loading;

/// <summary>
/// A private load context for the engine and its third-party assemblies (ImageSharp, CsvHelper, Parquet.Net, the Azure
/// and AWS SDKs…), so they never collide with other versions another module loaded into the session. Anything not
/// shipped in the Dependencies folder (the runtime, PowerShell) falls back to the default context, and so does a
/// shipped assembly the runtime itself provides at the version asked or newer (System.Text.Json and the like, which
/// the SDKs ship for older runtimes): two copies of System.Text.Json would make its types two types, and the
/// cmdlets and the engine could no longer hand each other a value of them.
/// </summary>
internal sealed class EngineLoadContext(string dependencyFolder) : AssemblyLoadContext("Img2Dataset.Engine")
{
    /// <summary>The engine's deps.json names each native library per platform (runtimes/RID/native/): SkiaSharp's.</summary>
    private readonly AssemblyDependencyResolver natives = new(Path.Combine(dependencyFolder, "Img2Dataset.Engine.dll"));

    private static readonly Dictionary<string, string> PlatformAssemblies =
        ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .GroupBy(path => Path.GetFileNameWithoutExtension(path), StringComparer.OrdinalIgnoreCase)
        .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var path = Path.Combine(dependencyFolder, assemblyName.Name + ".dll");
        if (!File.Exists(path) || ProvidedByPlatform(assemblyName))
        {
            return null;
        }
        return LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        natives.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;

    private static bool ProvidedByPlatform(AssemblyName wanted) =>
        wanted.Name is { } name
        && name.StartsWith("System.", StringComparison.Ordinal)
        && PlatformAssemblies.TryGetValue(name, out var platformPath)
        && AssemblyName.GetAssemblyName(platformPath).Version >= (wanted.Version ?? new Version());
}
