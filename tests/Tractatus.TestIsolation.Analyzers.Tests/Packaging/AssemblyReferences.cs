using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Tractatus.TestIsolation.Analyzers.Tests.Packaging;

/// <summary>
/// Reads an assembly's target framework and referenced assemblies from its metadata without
/// loading it, so a dll taken out of a .nupkg can be inspected like the one in the test's bin.
/// </summary>
public sealed class AssemblyReferences
{
    private AssemblyReferences(string targetFramework, IReadOnlyDictionary<string, Version> references)
    {
        TargetFramework = targetFramework;
        References = references;
    }

    /// <summary>The TargetFrameworkAttribute value, e.g. ".NETStandard,Version=v2.0" ("" when absent).</summary>
    public string TargetFramework { get; }

    /// <summary>Referenced assembly name → version.</summary>
    public IReadOnlyDictionary<string, Version> References { get; }

    public static AssemblyReferences Read(byte[] image)
    {
        using var pe = new PEReader(new MemoryStream(image));
        var reader = pe.GetMetadataReader();

        var references = reader.AssemblyReferences
            .Select(reader.GetAssemblyReference)
            .ToDictionary(r => reader.GetString(r.Name), r => r.Version, StringComparer.Ordinal);

        return new AssemblyReferences(ReadTargetFramework(reader), references);
    }

    public static AssemblyReferences Read(string path) => Read(File.ReadAllBytes(path));

    private static string ReadTargetFramework(MetadataReader reader)
    {
        foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference)
            {
                continue;
            }

            var constructor = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            if (constructor.Parent.Kind != HandleKind.TypeReference)
            {
                continue;
            }

            var type = reader.GetTypeReference((TypeReferenceHandle)constructor.Parent);
            if (reader.GetString(type.Name) != "TargetFrameworkAttribute")
            {
                continue;
            }

            // Custom attribute blob: prolog 0x0001, then the SerString constructor argument.
            var blob = reader.GetBlobReader(attribute.Value);
            blob.ReadUInt16();
            return blob.ReadSerializedString() ?? "";
        }

        return "";
    }
}
