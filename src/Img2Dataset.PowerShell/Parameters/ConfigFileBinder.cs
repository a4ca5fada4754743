using System.Collections;
using System.Management.Automation;
using System.Reflection;
using Img2Dataset.Engine.Formats;

namespace Img2Dataset.PowerShell.Parameters;

/// <summary>
/// Binds a JSON job file (img2dataset's snake_case keys, or the parameter names) to the parameters the caller did
/// not give on the command line: explicit parameters win. A null value keeps the default; an unknown key is an error.
/// </summary>
internal static class ConfigFileBinder
{
    /// <exception cref="ArgumentException">The file is not a JSON object, a key matches no parameter, or a value does not fit its parameter.</exception>
    public static void Bind(string path, IDictionary boundParameters, params object[] targets)
    {
        IReadOnlyList<JsonMember> members;
        try
        {
            members = JsonValues.ReadObject(File.ReadAllText(path));
        }
        catch (InvalidDataException e)
        {
            throw new ArgumentException($"{path}: {e.Message}", e);
        }
        var parameters = targets.SelectMany(t => t.GetType().GetProperties()
                .Where(p => p.GetCustomAttribute<ParameterAttribute>() is not null)
                .SelectMany(p => Names(p).Select(n => (Name: n, Property: p, Target: t))))
            .ToDictionary(p => p.Name, p => (p.Property, p.Target), StringComparer.OrdinalIgnoreCase);
        foreach (var entry in members)
        {
            if (!parameters.TryGetValue(entry.Name, out var parameter))
            {
                throw new ArgumentException($"{path}: unknown option '{entry.Name}'.");
            }
            if (boundParameters.Contains(parameter.Property.Name) || entry.Value is null)
            {
                continue;
            }
            try
            {
                parameter.Property.SetValue(parameter.Target, LanguagePrimitives.ConvertTo(entry.Value, parameter.Property.PropertyType));
            }
            catch (PSInvalidCastException e)
            {
                throw new ArgumentException($"{path}: option '{entry.Name}' cannot be {entry.RawText}: {e.Message}");
            }
        }
    }

    private static IEnumerable<string> Names(PropertyInfo property) =>
        new[] { property.Name }.Concat(property.GetCustomAttribute<AliasAttribute>()?.AliasNames ?? []);
}
