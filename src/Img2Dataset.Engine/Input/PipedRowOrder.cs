using System.Text.Json;
using System.Text.Json.Nodes;

namespace Img2Dataset.Engine.Input;

/// <summary>
/// Puts the spool of piped rows in the order the job's feeder needs (each shard's rows together, by key) when the rows
/// carry their place in the list they came from (<see cref="PipedPosition"/>). An audit upstream (Test-RobotsDirective)
/// passes rows on as its requests complete, so they arrive a little out of order; they are sorted by an external merge
/// sort (runs of at most a bounded size sorted in memory, then merged), so memory stays bounded however many rows come.
/// Places cannot be kept when some rows have none (strings or other objects piped among them), when two rows claim
/// one place (two lists, each numbered from shard 0), when a whole shard is missing between two others (a filter
/// upstream took all its rows: the dataset's plan names every shard from the first to the last), or when the spool is
/// not the job's only list: then every place is dropped and the rows are numbered in the order they arrived, as any
/// other piped objects are.
/// </summary>
public static class PipedRowOrder
{
    private const int RunBytes = 16 * 1024 * 1024;

    /// <summary>Orders the spool by the rows' places; false when the places were dropped instead.</summary>
    public static bool Arrange(string spool, bool onlyList, int runBytes = RunBytes)
    {
        var (allPlaced, ordered) = Survey(spool);
        if (onlyList && allPlaced && (ordered || Sort(spool, runBytes)))
        {
            return true;
        }
        DropPlaces(spool);
        return false;
    }

    /// <summary>Whether every row has a place, and whether the places already come in strictly increasing order.</summary>
    private static (bool AllPlaced, bool Ordered) Survey(string spool)
    {
        (int, int)? previous = null;
        var ordered = true;
        foreach (var line in File.ReadLines(spool))
        {
            if (Place(line) is not { } place)
            {
                return (false, false);
            }
            ordered &= previous is null || Follows(previous.Value, place);
            previous = place;
        }
        return (true, ordered);
    }

    /// <summary>Sorted runs, then one merge into the spool's place; false (the spool untouched) when the places cannot be kept.</summary>
    private static bool Sort(string spool, int runBytes)
    {
        var runs = new List<string>();
        try
        {
            WriteRuns(spool, runBytes, runs);
            var merged = spool + ".sorted";
            if (!Merge(runs, merged))
            {
                File.Delete(merged);
                return false;
            }
            File.Move(merged, spool, overwrite: true);
            return true;
        }
        finally
        {
            runs.ForEach(File.Delete);
        }
    }

    private static void WriteRuns(string spool, int runBytes, List<string> runs)
    {
        var run = new List<((int, int) Place, string Line)>();
        long bytes = 0;
        foreach (var line in File.ReadLines(spool))
        {
            run.Add((Place(line)!.Value, line));
            bytes += line.Length * sizeof(char);
            if (bytes >= runBytes)
            {
                runs.Add(WriteRun(spool, runs.Count, run));
                run.Clear();
                bytes = 0;
            }
        }
        if (run.Count > 0)
        {
            runs.Add(WriteRun(spool, runs.Count, run));
        }
    }

    private static string WriteRun(string spool, int number, List<((int, int) Place, string Line)> run)
    {
        var path = $"{spool}.run{number}";
        File.WriteAllLines(path, run.OrderBy(r => r.Place).Select(r => r.Line));
        return path;
    }

    private static bool Merge(List<string> runs, string merged)
    {
        var readers = runs.Select(r => new StreamReader(r)).ToList();
        try
        {
            var heads = new PriorityQueue<(string Line, int Run), (int, int)>();
            for (var i = 0; i < readers.Count; i++)
            {
                Enqueue(heads, readers[i], i);
            }
            using var output = new StreamWriter(merged);
            (int, int)? previous = null;
            while (heads.TryDequeue(out var head, out var place))
            {
                if (previous is { } before && !Follows(before, place))
                {
                    return false;
                }
                previous = place;
                output.WriteLine(head.Line);
                Enqueue(heads, readers[head.Run], head.Run);
            }
            return true;
        }
        finally
        {
            readers.ForEach(r => r.Dispose());
        }
    }

    private static void Enqueue(PriorityQueue<(string Line, int Run), (int, int)> heads, StreamReader reader, int run)
    {
        if (reader.ReadLine() is { } line)
        {
            heads.Enqueue((line, run), Place(line)!.Value);
        }
    }

    /// <summary>The spool rewritten with every place dropped, so the reader numbers its rows in order.</summary>
    private static void DropPlaces(string spool)
    {
        var rewritten = spool + ".unplaced";
        using (var output = new StreamWriter(rewritten))
        {
            foreach (var line in File.ReadLines(spool))
            {
                var row = JsonNode.Parse(line)!.AsObject();
                row.Remove(PipedPosition.Column);
                output.WriteLine(row.ToJsonString());
            }
        }
        File.Move(rewritten, spool, overwrite: true);
    }

    private static (int Shard, int Index)? Place(string line)
    {
        using var row = JsonDocument.Parse(line);
        return row.RootElement.TryGetProperty(PipedPosition.Column, out var value) && value.ValueKind == JsonValueKind.String
               && PipedPosition.Parse(value.GetString()) is { } place
            ? (place.Shard, place.Index)
            : null;
    }

    /// <summary>Whether a place can come next: after the one before it (by shard, then index), in the same shard or the next one.</summary>
    private static bool Follows((int Shard, int Index) before, (int Shard, int Index) place) =>
        before.CompareTo(place) < 0 && place.Shard - before.Shard <= 1;
}
