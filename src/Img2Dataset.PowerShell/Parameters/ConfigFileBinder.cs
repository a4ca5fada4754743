using System.Collections;
using System.Management.Automation;
using System.Reflection;
using Img2Dataset.Engine.Formats;

namespace Img2Dataset.PowerShell.Parameters;

/// <summary>
/// Binds a JSON job file (img2dataset's snake_case keys, or the parameter names) to the parameters the caller did
/// not give on the command line: explicit parameters win. A null value keeps the default; an unknown key is an error;
/// a value is checked by its parameter's validation attributes (ValidateSet, ValidateRange…) as the command line's is.
/// </summary>
internal static class ConfigFileBinder
{
    // What PowerShell's binder calls on each validation attribute; protected, so reached by reflection.
    private static readonly MethodInfo ValidateMethod = typeof(ValidateArgumentsAttribute)
        .GetMethod("Validate", BindingFlags.Instance | BindingFlags.NonPublic, [typeof(object), typeof(EngineIntrinsics)])
        ?? throw new MissingMethodException(nameof(ValidateArgumentsAttribute), "Validate");

    /// <summary>Binds the file; returns the names of the parameters it set.</summary>
    /// <exception cref="ArgumentException">The file is not a JSON object, a key matches no parameter, or a value does not fit its parameter.</exception>
    public static IReadOnlySet<string> Bind(string path, IDictionary boundParameters, params object[] targets)
    {
        var bound = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
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
                var value = LanguagePrimitives.ConvertTo(entry.Value, parameter.Property.PropertyType);
                Validate(parameter.Property, value);
                parameter.Property.SetValue(parameter.Target, value);
                bound.Add(parameter.Property.Name);
            }
            catch (Exception e) when (e is PSInvalidCastException or ValidationMetadataException)
            {
                throw new ArgumentException($"{path}: option '{entry.Name}' cannot be {entry.RawText}: {e.Message}");
            }
        }
        return bound;
    }

    private static void Validate(PropertyInfo property, object? value)
    {
        foreach (var attribute in property.GetCustomAttributes<ValidateArgumentsAttribute>())
        {
            try
            {
                ValidateMethod.Invoke(attribute, [value, null]);
            }
            catch (TargetInvocationException e) when (e.InnerException is ValidationMetadataException invalid)
            {
                throw invalid;
            }
        }
    }

    /// <summary>
    /// Where the relative paths of a config file start: a dataset's own record (<c>OUT/.img2dataset/config.json</c>)
    /// writes them relative to its dataset, so a copied dataset resumes where it is; any other file's are relative to
    /// the current location, as on the command line (null).
    /// </summary>
    public static string? RelativeBase(string configPath) =>
        Path.GetFileName(Path.GetDirectoryName(configPath)) == Engine.Jobs.OutputFolderLayout.StateFolderName
            ? Path.GetDirectoryName(Path.GetDirectoryName(configPath))
            : null;

    /// <summary>A path of the config file, made absolute from <paramref name="relativeBase"/> when it is relative; <paramref name="escape"/> keeps the base's own wildcard characters literal.</summary>
    public static string Rebase(string relativeBase, string path, bool escape) =>
        Engine.Storage.StorageLocation.IsRemoteText(path) || Path.IsPathRooted(path)
            ? path
            : Path.Combine(escape ? WildcardPattern.Escape(relativeBase) : relativeBase, path);

    private static IEnumerable<string> Names(PropertyInfo property) =>
        new[] { property.Name }.Concat(property.GetCustomAttribute<AliasAttribute>()?.AliasNames ?? []);
}
