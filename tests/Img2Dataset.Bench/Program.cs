using Img2Dataset.Bench;

// Each command runs one measurement, so that the process's peak working set is that measurement's own.
return args switch
{
    ["generate-list", "--rows", var rows, "--path", var path] => UrlListBenchmark.Generate(int.Parse(rows), path),
    ["read-list", "--path", var path] => UrlListBenchmark.Read(path),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Img2Dataset.Bench generate-list --rows N --path FILE | read-list --path FILE");
    return 2;
}
