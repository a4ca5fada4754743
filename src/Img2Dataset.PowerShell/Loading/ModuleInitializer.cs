using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace Img2Dataset.PowerShell.Loading;

/// <summary>
/// Hooks assembly resolution on import: the only assembly the cmdlets ask the default context for is the engine,
/// and it is handed over from <see cref="EngineLoadContext"/>, which then resolves the engine's own dependencies.
/// This is the pattern of the PowerShell docs, "Resolving PowerShell module assembly dependency conflicts".
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private const string EngineAssemblyName = "Img2Dataset.Engine";

    private static readonly Lazy<EngineLoadContext> Context = new(() => new EngineLoadContext(
        Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!, "Dependencies")));

    private static int registered;

    public void OnImport()
    {
        if (Interlocked.Exchange(ref registered, 1) == 0)
        {
            AssemblyLoadContext.Default.Resolving += ResolveEngine;
        }
        TypeNames.Register();
    }

    public void OnRemove(PSModuleInfo module) => TypeNames.Unregister();

    private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name) =>
        name.Name == EngineAssemblyName ? Context.Value.LoadFromAssemblyName(name) : null;
}
