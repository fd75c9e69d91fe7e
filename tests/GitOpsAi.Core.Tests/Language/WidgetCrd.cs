namespace GitOpsAi.Core.Tests.Language;

/// <summary>A CustomResourceDefinition to put in a test workspace: its Widget kind then has a schema.</summary>
internal static class WidgetCrd
{
    public const string Path = "crds/widget.yaml";

    public const string Text = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.example.com}
        spec:
          group: example.com
          names: {kind: Widget, plural: widgets}
          scope: Namespaced
          versions:
            - name: v1
              served: true
              storage: true
              schema:
                openAPIV3Schema:
                  type: object
                  description: A widget of some size and colour.
                  properties:
                    spec:
                      type: object
                      required: [size]
                      properties:
                        size: {type: integer, description: How many parts the widget has.}
                        color: {type: string, enum: [red, blue], description: The colour it is painted.}
        """;

    public static InMemoryFileSystem Workspace() => new InMemoryFileSystem().Add(Path, Text);
}
