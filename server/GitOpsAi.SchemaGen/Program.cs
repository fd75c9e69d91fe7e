using System.Text.Json;
using GitOpsAi.SchemaGen;

// Usage: GitOpsAi.SchemaGen <output.json>
// Writes the JSON Schema of every Kubernetes kind KubernetesClient models, with descriptions from its XML docs.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: GitOpsAi.SchemaGen <output.json>");
    return 2;
}

var modelAssembly = typeof(k8s.Models.V1Pod).Assembly;
var xmlPath = Path.ChangeExtension(modelAssembly.Location, ".xml");
var docs = XmlDocs.Load(xmlPath);
var schema = new KubernetesSchemaBuilder(modelAssembly, docs).Build();

var outputPath = Path.GetFullPath(args[0]);
Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
var temporaryPath = outputPath + ".tmp";
await using (var stream = File.Create(temporaryPath))
{
    await JsonSerializer.SerializeAsync(stream, schema, new JsonSerializerOptions { WriteIndented = false });
}
File.Move(temporaryPath, outputPath, overwrite: true);
Console.WriteLine($"GitOpsAi.SchemaGen: wrote {outputPath}");
return 0;
