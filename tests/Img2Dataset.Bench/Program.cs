using Img2Dataset.Bench;

// Each command runs one measurement, so that the process's peak working set is that measurement's own.
return args switch
{
    ["generate-list", "--rows", var rows, "--path", var path] => UrlListBenchmark.Generate(int.Parse(rows), path),
    ["read-list", "--path", var path] => UrlListBenchmark.Read(path),
    ["transform", "--count", var count] => TransformBenchmark.Run(int.Parse(count)),
    ["transform-photos", "--folder", var folder, "--rounds", var rounds] => PhotoTransformBenchmark.Run(folder, int.Parse(rounds), shrinkOnLoad: false),
    ["transform-photos", "--folder", var folder, "--rounds", var rounds, "--shrink-on-load"] => PhotoTransformBenchmark.Run(folder, int.Parse(rounds), shrinkOnLoad: true),
    ["piped-order", "--rows", var rows, "--work", var work] => PipedOrderBenchmark.Run(int.Parse(rows), work),
    ["area-shrink", "--folder", var folder, "--rounds", var rounds] => AreaShrinkBenchmark.Run(folder, int.Parse(rounds)),
    ["codecs", "--folder", var folder, "--rounds", var rounds] => CodecComparisonBenchmark.Run(folder, int.Parse(rounds)),
    ["psnr", "--photos", var photos, "--reference", var reference] => ReferencePsnrBenchmark.Run(photos, reference),
    ["consent-read", "--count", var count] => ConsentReadBenchmark.Run(int.Parse(count)),
    ["job", "--server", var server, "--count", var count, "--format", var format, "--resize", var resize, "--work", var work] =>
        await JobBenchmark.RunAsync(server, int.Parse(count), format, resize == "border", work, signals: "on"),
    ["job", "--server", var server, "--count", var count, "--format", var format, "--resize", var resize, "--work", var work, "--signals", var signals] =>
        await JobBenchmark.RunAsync(server, int.Parse(count), format, resize == "border", work, signals),
    ["job", "--server", var server, "--count", var count, "--format", var format, "--resize", var resize, "--work", var work, "--signals", var signals, "--output", var output] =>
        await JobBenchmark.RunAsync(server, int.Parse(count), format, resize == "border", work, signals, output == "local" ? null : output),
    ["soak", "--server", var server, "--count", var count, "--work", var work] => await SoakBenchmark.RunAsync(server, int.Parse(count), work, []),
    ["soak", "--server", var server, "--count", var count, "--work", var work, "--sites", var sites] => await SoakBenchmark.RunAsync(server, int.Parse(count), work, sites.Split(',')),
    ["takedown", "--rows", var rows, "--work", var work] => await TakedownBenchmark.RunAsync(int.Parse(rows), work),
    ["report", "--rows", var rows, "--work", var work] => ReportBenchmark.Run(int.Parse(rows), work),
    ["download", "--server", var server, "--count", var count, "--size", var size, "--threads", var threads] =>
        await DownloadBenchmark.RunAsync(server, int.Parse(count), size, int.Parse(threads)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Img2Dataset.Bench generate-list --rows N --path FILE | read-list --path FILE | transform --count N | transform-photos --folder DIR --rounds N [--shrink-on-load] | area-shrink --folder DIR --rounds N | codecs --folder DIR --rounds N | piped-order --rows N --work DIR | psnr --photos DIR --reference DIR | consent-read --count N | job --server URL --count N --format F --resize border|off --work DIR [--signals on|off|no-ai-crawler [--output local|LOCATION]] | download --server URL --count N --size WxH --threads N | soak --server URL --count N --work DIR [--sites URL,URL,…] | takedown --rows N --work DIR | report --rows N --work DIR");
    return 2;
}
