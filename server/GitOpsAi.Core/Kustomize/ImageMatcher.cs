using System.Text.RegularExpressions;
using GitOpsAi.Core.Text;

namespace GitOpsAi.Core.Kustomize;

/// <summary>
/// An <c>images</c> entry's name matcher (kustomize's regular expression) with a cheap test in front: when the name is
/// plain (letters, digits and <c>_ - / : @ .</c>, the dot being the only pattern character), an image that does not
/// start with it cannot match, and the regular expression (with its timeout bookkeeping, 8% of rendering a
/// 50,000-resource monorepo, issue 13) is not run. Anything else always runs the regular expression.
/// </summary>
internal sealed class ImageMatcher(string name, Regex matcher)
{
    private readonly bool _plain = IsPlain(name);

    public bool IsMatch(string image) => (!_plain || StartsWithName(image)) && StallTolerant.IsMatch(matcher, image);

    /// <summary>The pattern's own prefix test: each character the same, a dot any character but a line break.</summary>
    private bool StartsWithName(string image)
    {
        if (image.Length < name.Length)
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] == '.' ? image[i] == '\n' : image[i] != name[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPlain(string name)
    {
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '/' or ':' or '@' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
