using Mono.Cecil;

namespace Img2Dataset.CompileOnce;

/// <summary>
/// Marks every method of an assembly with MethodImplOptions.AggressiveOptimization, so the runtime compiles each one
/// once, fully optimized, on its first call. Why: a PowerShell module cannot choose its host's JIT settings, and under
/// the default tiered compilation with dynamic PGO ImageSharp's pixel loops run for seconds of every job as tier-0,
/// then instrumented, then on-stack-replaced code, and are compiled three or four times (measured: a third of a
/// 2,000-image job's CPU). The IL is not changed; only the method flag, and the assembly records that it was modified
/// (Apache-2.0 §4(b) asks modified files to say so).
/// Static constructors are left alone: they run once, so optimizing them costs more than it saves.
/// </summary>
public static class AggressiveOptimizationMarker
{
    public const string ModifiedKey = "Img2Dataset.Modified";
    public const string ModifiedNote = "Every method except static constructors marked MethodImplOptions.AggressiveOptimization by Img2Dataset's build; IL unchanged.";

    public static int MarkInPlace(string path)
    {
        var bytes = File.ReadAllBytes(path);
        using var assembly = AssemblyDefinition.ReadAssembly(new MemoryStream(bytes));
        if (IsMarked(assembly))
        {
            return 0;
        }
        var marked = 0;
        foreach (var method in assembly.MainModule.GetTypes().SelectMany(type => type.Methods).Where(IsMarkable))
        {
            method.ImplAttributes |= MethodImplAttributes.AggressiveOptimization;
            marked++;
        }
        assembly.CustomAttributes.Add(ModifiedAttribute(assembly.MainModule));
        assembly.Write(path);
        return marked;
    }

    private static bool IsMarkable(MethodDefinition method) =>
        method.HasBody && !(method.IsConstructor && method.IsStatic) && !method.NoOptimization;

    private static bool IsMarked(AssemblyDefinition assembly) =>
        assembly.CustomAttributes.Any(a => a.AttributeType.Name == nameof(System.Reflection.AssemblyMetadataAttribute)
            && a.ConstructorArguments.Count == 2 && Equals(a.ConstructorArguments[0].Value, ModifiedKey));

    /// <summary>[assembly: AssemblyMetadata(key, note)], referenced through the assembly's own core library.</summary>
    private static CustomAttribute ModifiedAttribute(ModuleDefinition module)
    {
        var types = module.TypeSystem;
        var attributeType = new TypeReference("System.Reflection", nameof(System.Reflection.AssemblyMetadataAttribute), module, types.CoreLibrary);
        var constructor = new MethodReference(".ctor", types.Void, attributeType) { HasThis = true };
        constructor.Parameters.Add(new ParameterDefinition(types.String));
        constructor.Parameters.Add(new ParameterDefinition(types.String));
        var attribute = new CustomAttribute(constructor);
        attribute.ConstructorArguments.Add(new CustomAttributeArgument(types.String, ModifiedKey));
        attribute.ConstructorArguments.Add(new CustomAttributeArgument(types.String, ModifiedNote));
        return attribute;
    }
}
