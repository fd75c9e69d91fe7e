using System.Text;

namespace GitOpsAi.Core.Kustomize;

public static partial class RenderWriter
{
    /// <summary>
    /// The text the writer writes, or only its length. An object checked through the tree built while writing it, with
    /// no memo asking for its text's fingerprint, needs only where each node starts and ends: copying the characters of
    /// 150,000 objects into a buffer that was then cleared was a part of every write at 50,000 resources (issue 13).
    /// </summary>
    private sealed class WrittenText(StringBuilder? text)
    {
        private int _length;

        /// <summary>The characters written, or null when only their number is kept.</summary>
        public StringBuilder? Text => text;

        public int Length
        {
            get => text?.Length ?? _length;
            set
            {
                if (text is not null)
                {
                    text.Length = value;
                }
                else
                {
                    _length = value;
                }
            }
        }

        public WrittenText Append(string value)
        {
            if (text is not null)
            {
                text.Append(value);
            }
            else
            {
                _length += value.Length;
            }

            return this;
        }

        public WrittenText Append(char value)
        {
            if (text is not null)
            {
                text.Append(value);
            }
            else
            {
                _length++;
            }

            return this;
        }

        public WrittenText Append(char value, int repeatCount)
        {
            if (text is not null)
            {
                text.Append(value, repeatCount);
            }
            else
            {
                _length += repeatCount;
            }

            return this;
        }
    }
}
