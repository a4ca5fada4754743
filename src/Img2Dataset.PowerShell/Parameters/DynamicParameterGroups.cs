using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Reflection;

namespace Img2Dataset.PowerShell.Parameters;

/// <summary>
/// Several shared parameter classes offered by one cmdlet: PowerShell takes a single object from GetDynamicParameters,
/// so their parameters are declared together in one dictionary, with the attributes of the properties that declare
/// them, and what PowerShell binds there is copied back into the parameter objects.
/// </summary>
internal sealed class DynamicParameterGroups
{
    private readonly (PropertyInfo Property, object Group)[] properties;

    public DynamicParameterGroups(params object[] groups)
    {
        properties = groups
            .SelectMany(g => g.GetType().GetProperties().Where(p => p.IsDefined(typeof(ParameterAttribute))).Select(p => (p, g)))
            .ToArray();
        foreach (var (property, _) in properties)
        {
            Dictionary.Add(property.Name, new RuntimeDefinedParameter(property.Name, property.PropertyType,
                new Collection<Attribute>(property.GetCustomAttributes().ToList())));
        }
    }

    /// <summary>What GetDynamicParameters returns.</summary>
    public RuntimeDefinedParameterDictionary Dictionary { get; } = new();

    /// <summary>Copies the values the caller gave into the parameter objects; the others keep their defaults.</summary>
    public void Apply()
    {
        foreach (var (property, group) in properties)
        {
            if (Dictionary[property.Name].IsSet)
            {
                property.SetValue(group, LanguagePrimitives.ConvertTo(Dictionary[property.Name].Value, property.PropertyType));
            }
        }
    }
}
