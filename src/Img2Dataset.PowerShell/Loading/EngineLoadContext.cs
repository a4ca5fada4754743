using System.Reflection;
using System.Runtime.Loader;

namespace Img2Dataset.PowerShell.Loading;

/// <summary>
/// A private load context for the engine and its third-party assemblies (ImageSharp, CsvHelper, Parquet.Net…), so they
/// never collide with other versions another module loaded into the session. Anything not shipped in the Dependencies
/// folder (the runtime, PowerShell) falls back to the default context.
/// </summary>
internal sealed class EngineLoadContext(string dependencyFolder) : AssemblyLoadContext("Img2Dataset.Engine")
{
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var path = Path.Combine(dependencyFolder, assemblyName.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }
}
