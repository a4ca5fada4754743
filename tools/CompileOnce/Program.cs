using Img2Dataset.CompileOnce;

// usage: CompileOnce ASSEMBLY... — marks each assembly in place (see AggressiveOptimizationMarker).
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: CompileOnce ASSEMBLY...");
    return 2;
}
foreach (var path in args)
{
    var marked = AggressiveOptimizationMarker.MarkInPlace(path);
    Console.WriteLine(marked > 0
        ? $"{Path.GetFileName(path)}: {marked} methods marked to be compiled once, fully optimized"
        : $"{Path.GetFileName(path)}: already marked");
}
return 0;
