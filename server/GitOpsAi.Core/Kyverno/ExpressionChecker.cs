using GitOpsAi.Core.Expressions.JmesPath;


namespace GitOpsAi.Core.Kyverno;

/// <summary>Finds the variables and JMESPath a rule uses that GitOpsAi cannot evaluate from the repository.</summary>
internal sealed class ExpressionChecker(IReadOnlySet<string> contextNames)
{
    private static readonly HashSet<string> RequestFields = new(StringComparer.Ordinal)
    {
        "object", "oldObject", "operation", "namespace", "name", "kind", "dryRun", "uid", "resource", "subResource", "requestKind", "requestResource",
    };

    private static readonly HashSet<string> AdmissionOnly = new(StringComparer.Ordinal)
    {
        "request.userInfo", "request.roles", "request.clusterRoles", "serviceAccountName", "serviceAccountNamespace", "request.options",
    };

    public List<string> Reasons { get; } = [];

    /// <summary>True for a mutate-existing rule, whose patches may read the target's own value with <c>{{@}}</c>.</summary>
    public bool AllowsTargetValue { get; init; }

    public void CheckTree(JValue? value, bool inPattern = false)
    {
        switch (value)
        {
            case JString s:
                if (inPattern && s.Value.Contains("$(", StringComparison.Ordinal))
                {
                    Add("it uses $(...) references in its pattern");
                }

                foreach (var expression in Variables.Expressions(s.Value))
                {
                    if (expression == "@" && inPattern)
                    {
                        if (!AllowsTargetValue)
                        {
                            Add("it uses {{@}} in its pattern");
                        }

                        continue;
                    }

                    CheckExpression(expression);
                }

                break;
            case JArray array:
                foreach (var item in array.Items)
                {
                    CheckTree(item, inPattern);
                }

                break;
            case JObject obj:
                foreach (var (key, item) in obj.Entries)
                {
                    if (inPattern && key.Contains("$(", StringComparison.Ordinal))
                    {
                        Add("it uses $(...) references in its pattern");
                    }

                    CheckTree(item, inPattern);
                }

                break;
        }
    }

    /// <param name="overContext">False for a JMESPath applied to an API response (an apiCall's jmesPath): its fields are not variables.</param>
    public void CheckExpression(string expression, bool overContext = true)
    {
        if (!JmesParser.TryParse(expression.Trim(), out var node, out var error))
        {
            Add($"it uses a JMESPath expression GitOpsAi cannot parse ('{JmesParser.Shorten(expression.Trim())}': {error})");
            return;
        }

        foreach (var function in node!.Descendants().Where(n => n.Type == JmesNodeType.Function))
        {
            if (JmesFunctions.Impure.Contains(function.Name!))
            {
                Add($"it uses the JMESPath function '{function.Name}', whose result depends on when or where it runs");
            }
            else if (!JmesFunctions.IsKnown(function.Name!))
            {
                Add($"it uses the JMESPath function '{function.Name}', which GitOpsAi does not implement");
            }
        }

        if (!overContext)
        {
            return;
        }

        var roots = new List<string>();
        CollectRoots(node, atRoot: true, roots);
        foreach (var root in roots.Where(r => r.Length > 0))
        {
            var first = root.Split('.')[0];
            if (AdmissionOnly.Contains(root) || AdmissionOnly.Contains(first))
            {
                Add($"it reads {root}, which only exists at admission");
            }
            else if (first == "request")
            {
                var second = root.Contains('.', StringComparison.Ordinal) ? root[(root.IndexOf('.', StringComparison.Ordinal) + 1)..] : null;
                if (second is not null && !RequestFields.Contains(second))
                {
                    Add($"it reads {root}, which GitOpsAi does not know");
                }
            }
            else if (first is not ("element" or "elementIndex" or "images") && !IsElementIndex(first) && !contextNames.Contains(first))
            {
                Add($"it reads the variable '{first}', which GitOpsAi does not know");
            }
        }
    }

    private static bool IsElementIndex(string name) => name.StartsWith("elementIndex", StringComparison.Ordinal) && name.Length > 12 && name[12..].All(char.IsAsciiDigit);

    private void Add(string reason)
    {
        if (!Reasons.Contains(reason))
        {
            Reasons.Add(reason);
        }
    }

    private static void CollectRoots(JmesNode node, bool atRoot, List<string> roots)
    {
        switch (node.Type)
        {
            case JmesNodeType.Field:
                if (atRoot)
                {
                    roots.Add(node.Name!);
                }

                break;
            case JmesNodeType.Subexpression or JmesNodeType.IndexExpression:
                if (atRoot && node.Children[0].Type == JmesNodeType.Field && node.Children[1].Type == JmesNodeType.Field)
                {
                    roots.Add(node.Children[0].Name + "." + node.Children[1].Name);
                }
                else
                {
                    CollectRoots(node.Children[0], atRoot, roots);
                    CollectRoots(node.Children[1], false, roots);
                }

                break;
            case JmesNodeType.Projection or JmesNodeType.ValueProjection or JmesNodeType.FilterProjection or JmesNodeType.Flatten or JmesNodeType.Pipe:
                CollectRoots(node.Children[0], atRoot, roots);
                foreach (var child in node.Children.Skip(1))
                {
                    CollectRoots(child, false, roots);
                }

                break;
            case JmesNodeType.ExpRef:
                CollectRoots(node.Children[0], false, roots);
                break;
            default:
                foreach (var child in node.Children)
                {
                    CollectRoots(child, atRoot, roots);
                }

                break;
        }
    }
}
