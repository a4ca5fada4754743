using System.Reflection;

namespace Img2Dataset.Engine.Jobs;

/// <summary>Which build of the module this is, as a dataset records who wrote it and a report says who read it.</summary>
public static class ModuleIdentity
{
    /// <summary>"Img2Dataset 0.1.0": the product and its version, without the source revision the build appends after '+'.</summary>
    public static string Name { get; } = "Img2Dataset " + (typeof(ModuleIdentity).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown");
}
